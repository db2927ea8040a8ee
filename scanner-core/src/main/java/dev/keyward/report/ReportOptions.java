package dev.keyward.report;

/**
 * How to write a report.
 *
 * @param redact  show secrets redacted (the default); false only when the user asked with {@code --no-redact}
 * @param color   use ANSI colour (text only)
 * @param version keyward's version, written into machine-readable reports
 */
public record ReportOptions(boolean redact, boolean color, String version) {

    /** Redacted, no colour. */
    public static ReportOptions defaults(String version) {
        return new ReportOptions(true, false, version);
    }
}
