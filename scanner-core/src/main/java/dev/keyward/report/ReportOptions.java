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
 */
public record ReportOptions(boolean redact, boolean color, String version, RuleSet rules, String repositoryUri) {

    public ReportOptions {
        version = version == null ? "unknown" : version;
    }

    /** Redaction, colour and version; default rules, no repository. */
    public ReportOptions(boolean redact, boolean color, String version) {
        this(redact, color, version, null, null);
    }

    /** Redacted, no colour. */
    public static ReportOptions defaults(String version) {
        return new ReportOptions(true, false, version);
    }

    /** A copy naming the rules the scan used. */
    public ReportOptions withRules(RuleSet ruleSet) {
        return new ReportOptions(redact, color, version, ruleSet, repositoryUri);
    }

    /** A copy naming the scanned repository (any URI, such as {@code file:///src/app/} or a remote's URL). */
    public ReportOptions withRepositoryUri(String uri) {
        return new ReportOptions(redact, color, version, rules, uri);
    }
}
