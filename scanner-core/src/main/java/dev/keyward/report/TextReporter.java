package dev.keyward.report;

import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Skipped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** For people: findings grouped by file, a one-line summary, and what to do when anything was found. */
public final class TextReporter implements Reporter {

    @Override
    public void write(ScanResult result, ReportOptions o, Appendable out) throws IOException {
        Map<String, List<Finding>> byPath = result.findings().stream()
                .collect(Collectors.groupingBy(Finding::path, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Finding>> e : byPath.entrySet()) {
            out.append(style(o, "1", e.getKey())).append('\n');
            for (Finding f : e.getValue()) {
                out.append("  ").append(f.location().line() + ":" + f.location().column()).append("  ")
                        .append(style(o, severityColor(f), f.severity().id())).append("  ")
                        .append(f.ruleId()).append("  ").append(Redaction.shown(f, o.redact()));
                if (f.accountId() != null) {
                    out.append("  account ").append(f.accountId());
                }
                if (f.pairedWith() != null) {
                    out.append("  pair: ").append(f.pairedWith().ruleId()).append(" at line ")
                            .append(String.valueOf(f.pairedWith().line()));
                }
                out.append('\n');
            }
            out.append('\n');
        }
        for (Skipped s : result.skipped()) {
            out.append("skipped ").append(s.path()).append(": ").append(s.reason()).append('\n');
        }
        for (ScanError err : result.errors()) {
            out.append(style(o, "31", "error")).append(' ').append(err.path()).append(": ").append(err.message())
                    .append('\n');
        }
        out.append(summary(result)).append('\n');
        if (!result.findings().isEmpty()) {
            out.append('\n').append(Remediation.text());
        }
    }

    /** One line: items, bytes, findings, skipped, errors, time. */
    public static String summary(ScanResult r) {
        return String.format("%d finding%s in %d file%s (%s) · %d skipped · %d error%s · %d ms",
                r.findings().size(), r.findings().size() == 1 ? "" : "s",
                r.stats().items(), r.stats().items() == 1 ? "" : "s", bytes(r.stats().bytes()),
                r.skipped().size(), r.errors().size(), r.errors().size() == 1 ? "" : "s", r.stats().millis());
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format("%.1f KiB", n / 1024.0);
        }
        return String.format("%.1f MiB", n / (1024.0 * 1024));
    }

    private static String severityColor(Finding f) {
        return switch (f.severity()) {
            case CRITICAL -> "1;31";
            case HIGH -> "31";
            case MEDIUM -> "33";
            case LOW -> "36";
        };
    }

    private static String style(ReportOptions o, String code, String s) {
        return o.color() ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
