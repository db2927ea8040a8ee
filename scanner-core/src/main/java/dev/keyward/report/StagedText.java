package dev.keyward.report;

import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Verification;
import java.io.IOException;
import java.util.List;

/**
 * The text of a staged scan, which is the pre-commit check's message: when the commit adds credentials, each
 * finding (file, line, rule, key ID whole, secret redacted, account), what to do before committing and how to mark
 * a false positive; then what was skipped and what failed, each line starting {@code keyward: } since it is read
 * among Git's own messages.
 */
final class StagedText {

    private static final String PREFIX = "keyward: ";

    private StagedText() {
    }

    static void write(Report report, ReportOptions o, Appendable out) throws IOException {
        ScanResult result = report.result();
        List<Finding> findings = result.findings();
        if (!findings.isEmpty()) {
            TextReporter.liveInOwnAccount(report, o, PREFIX, out);
            out.append(TextReporter.style(o, "1;31", PREFIX + "commit blocked: the staged changes add "
                    + (findings.size() == 1 ? "an AWS credential" : findings.size() + " AWS credentials")))
                    .append("\n\n");
            String path = null;
            for (Finding f : findings) {
                if (!f.path().equals(path)) {
                    path = f.path();
                    out.append(TextReporter.style(o, "1", TextReporter.printable(path))).append('\n');
                }
                out.append("  line ").append(String.valueOf(f.location().line())).append("  ")
                        .append(f.ruleId()).append("  ").append(Redaction.shown(f, o.redact()));
                TextReporter.account(out, f.accountId(), report.accountTag(f.fingerprint()));
                out.append("  (").append(f.severity().id());
                if (f.pairedWith() != null) {
                    out.append(", pair with ").append(f.pairedWith().ruleId()).append(" on line ")
                            .append(String.valueOf(f.pairedWith().line()));
                }
                out.append(")\n");
                Verification v = report.verification(f.fingerprint());
                if (v != null) {
                    out.append("    verified: ").append(Verifications.text(v, "      ")).append('\n');
                }
            }
            out.append('\n');
            TextReporter.steps(o, "What to do:", Remediation.BEFORE_COMMIT, out);
            out.append("\nNot a secret (a test value, a sample)? Then either\n");
            for (String s : Remediation.FALSE_POSITIVE) {
                out.append("  - ").append(s).append('\n');
            }
        }
        // The hook stays quiet about skipped files unless there is something else to say.
        if (!o.quiet() || !findings.isEmpty() || !result.errors().isEmpty()) {
            if (!findings.isEmpty() && !result.skipped().isEmpty()) {
                out.append('\n');
            }
            TextReporter.skipped(result.skipped(), PREFIX, out);
        }
        TextReporter.errors(result.errors(), o, PREFIX, out);
        if (findings.isEmpty() && !o.quiet()) {
            out.append(PREFIX).append(result.errors().isEmpty() ? "no AWS credentials in the staged changes"
                    : "the staged changes could not all be read").append(" (")
                    .append(String.valueOf(result.stats().items())).append(result.stats().items() == 1 ? " file"
                            : " files").append(" checked)\n");
        }
    }
}
