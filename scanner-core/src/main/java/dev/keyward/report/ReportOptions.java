package dev.keyward.report;

import dev.keyward.rules.RuleSet;

/**
 * How to write a report. Immutable.
 *
 * @param redact        show secrets redacted (the default); false only when the user asked with {@code --no-redact}
 * @param color         use ANSI colour (text only)
 * @param version       keyward's version, written into machine-readable reports
 * @param rules         the rules the scan used, for rule descriptions in SARIF; null means the default pack
 * @param repositoryUri the scanned repository's URI, for SARIF {@code versionControlProvenance}; null when the
 *                      input was not a Git repository
 * @param auditTable    text of a history scan: the audit table (one row per credential) instead of one entry per
 *                      finding
 * @param quiet         text of a staged scan (the hook): nothing for a clean, complete result, and skipped inputs
 *                      listed only beside findings or errors
 */
public record ReportOptions(boolean redact, boolean color, String version, RuleSet rules, String repositoryUri,
                            boolean auditTable, boolean quiet) {

    public ReportOptions {
        version = version == null ? "unknown" : version;
    }

    /** Redaction, colour and version; default rules, no repository. */
    public ReportOptions(boolean redact, boolean color, String version) {
        this(redact, color, version, null, null, false, false);
    }

    /** Redacted, no colour. */
    public static ReportOptions defaults(String version) {
        return new ReportOptions(true, false, version);
    }

    /** A copy naming the rules the scan used. */
    public ReportOptions withRules(RuleSet ruleSet) {
        return new ReportOptions(redact, color, version, ruleSet, repositoryUri, auditTable, quiet);
    }

    /** A copy naming the scanned repository (any URI, such as {@code file:///src/app/} or a remote's URL). */
    public ReportOptions withRepositoryUri(String uri) {
        return new ReportOptions(redact, color, version, rules, uri, auditTable, quiet);
    }

    /** A copy with colour on or off. */
    public ReportOptions withColor(boolean on) {
        return new ReportOptions(redact, on, version, rules, repositoryUri, auditTable, quiet);
    }

    /** A copy that writes a history's text as the audit table, or not. */
    public ReportOptions withAuditTable(boolean on) {
        return new ReportOptions(redact, color, version, rules, repositoryUri, on, quiet);
    }

    /** A copy that keeps a clean staged check silent, or not. */
    public ReportOptions withQuiet(boolean on) {
        return new ReportOptions(redact, color, version, rules, repositoryUri, auditTable, on);
    }
}
