package dev.keyward.html;

import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Verification;
import dev.keyward.report.Report;
import dev.keyward.report.ReportOptions;
import dev.keyward.report.Reporter;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML audit as a {@link Reporter}, so {@code --format html} and {@code --report html=FILE} write it like any
 * other format. Stateless and thread-safe.
 */
public final class HtmlReporter implements Reporter {

    @Override
    public void write(Report report, ReportOptions options, Appendable out) throws IOException {
        HtmlReport.write(view(report, Instant.now()), new HtmlOptions(options.redact()), out);
    }

    /** The page's view of a report: one repository's history, or a file or staged scan. */
    static AuditView view(Report report, Instant now) {
        AuditView view = switch (report.kind()) {
            case HISTORY -> history(report, now);
            case STAGED -> AuditViews.fromScan(report.result(), AuditView.Scope.STAGED, "staged changes", now);
            default -> AuditViews.fromScan(report.result(), AuditView.Scope.FILES, "files", now);
        };
        if (report.verifications().isEmpty()) {
            return view;
        }
        Map<String, AuditView.Verification> statuses = new HashMap<>();
        for (Map.Entry<String, Verification> e : report.verifications().entrySet()) {
            statuses.put(e.getKey(), AuditView.Verification.parse(e.getValue().status()));
        }
        return view.withVerification(statuses);
    }

    private static AuditView history(Report report, Instant now) {
        List<HistoryInfo> repos = report.repositories();
        // Several repositories in one run: the findings name theirs; the page shows them under the first's facts.
        return AuditViews.fromHistory(new HistoryResult(report.result(), repos.get(0), report.summary()), now);
    }
}
