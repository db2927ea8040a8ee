package dev.keyward.hook;

import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Skipped;
import dev.keyward.report.Redaction;
import dev.keyward.report.ReportOptions;
import dev.keyward.report.Reporter;
import dev.keyward.report.TextReporter;
import java.io.IOException;
import java.util.List;

/**
 * The text a developer sees when the pre-commit check runs: when the commit adds credentials, each finding (file,
 * line, rule, key ID whole, secret redacted, account), what to do before committing, and how to mark a false
 * positive. Stateless and thread-safe.
 */
public final class StagedReport implements Reporter {

    /** What to do, for a key that has not been committed yet. */
    public static final List<String> STEPS = List.of(
            "Take the key out of the file, then stage the file again (git add).",
            "Keep it out of the repository: in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), in a "
                    + "credentials file outside the repository (~/.aws/credentials), or in a secrets manager.",
            "Better: use IAM roles and short-lived credentials (SSO, instance profiles, OIDC) instead of "
                    + "long-lived access keys.",
            "If the key was ever pushed or shared anywhere, rotate it now: deactivate it in IAM, create a new "
                    + "one, then delete the old one.");

    /** How to let a false positive through. */
    public static final List<String> FALSE_POSITIVE = List.of(
            "put keyward:allow in a comment on that line, or",
            "accept it in a baseline: keyward baseline create -o .keyward-baseline.json, then "
                    + "keyward hook install --baseline .keyward-baseline.json (or pass --baseline to keyward staged).");

    private final boolean quiet;
    private final boolean verbose;

    /**
     * @param quiet   print nothing for a clean result (the installed hook: a commit that passes stays silent)
     * @param verbose also list what was skipped (binary files, submodules) when nothing was found
     */
    public StagedReport(boolean quiet, boolean verbose) {
        this.quiet = quiet;
        this.verbose = verbose;
    }

    @Override
    public void write(ScanResult result, ReportOptions o, Appendable out) throws IOException {
        List<Finding> findings = result.findings();
        if (!findings.isEmpty()) {
            out.append(style(o, "1;31", "keyward: commit blocked: the staged changes add "
                    + (findings.size() == 1 ? "an AWS credential" : findings.size() + " AWS credentials")))
                    .append("\n\n");
            String path = null;
            for (Finding f : findings) {
                if (!f.path().equals(path)) {
                    path = f.path();
                    out.append(style(o, "1", TextReporter.printable(path))).append('\n');
                }
                out.append("  line ").append(String.valueOf(f.location().line())).append("  ")
                        .append(f.ruleId()).append("  ").append(Redaction.shown(f, o.redact()));
                if (f.accountId() != null) {
                    out.append("  account ").append(f.accountId());
                }
                out.append("  (").append(f.severity().id());
                if (f.pairedWith() != null) {
                    out.append(", pair with ").append(f.pairedWith().ruleId()).append(" on line ")
                            .append(String.valueOf(f.pairedWith().line()));
                }
                out.append(")\n");
            }
            out.append("\nWhat to do:\n");
            for (int i = 0; i < STEPS.size(); i++) {
                out.append("  ").append(String.valueOf(i + 1)).append(". ").append(STEPS.get(i)).append('\n');
            }
            out.append("\nNot a secret (a test value, a sample)? Then either\n");
            for (String s : FALSE_POSITIVE) {
                out.append("  - ").append(s).append('\n');
            }
        }
        if ((!findings.isEmpty() || !result.errors().isEmpty() || verbose) && !result.skipped().isEmpty()) {
            if (!findings.isEmpty()) {
                out.append('\n');
            }
            for (Skipped s : result.skipped()) {
                out.append("keyward: skipped ").append(TextReporter.printable(s.path())).append(": ")
                        .append(s.reason()).append('\n');
            }
        }
        for (ScanError e : result.errors()) {
            out.append(style(o, "31", "keyward: error:")).append(' ').append(TextReporter.printable(e.path()))
                    .append(": ")
                    .append(e.message()).append('\n');
        }
        if (findings.isEmpty() && !quiet) {
            out.append("keyward: ").append(result.errors().isEmpty() ? "no AWS credentials in the staged changes"
                    : "the staged changes could not all be read").append(" (")
                    .append(String.valueOf(result.stats().items())).append(result.stats().items() == 1 ? " file"
                            : " files").append(" checked)\n");
        }
    }

    private static String style(ReportOptions o, String code, String s) {
        return o.color() ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
