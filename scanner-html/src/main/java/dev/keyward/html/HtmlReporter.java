package dev.keyward.html;

import dev.keyward.finding.Exposure;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.Verification;
import dev.keyward.report.Report;
import dev.keyward.report.ReportOptions;
import dev.keyward.report.Reporter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The HTML audit as a {@link Reporter}, so {@code --format html} and {@code --report html=FILE} write it like any
 * other format. Immutable and thread-safe.
 */
public final class HtmlReporter implements Reporter {

    /**
     * A repository of a run over several, as the run names it.
     *
     * @param name     the name its findings carry ({@link Provenance.GitBlob#repository()})
     * @param cloneUrl where it was cloned from, or null for a local folder (whose {@code origin} remote is read);
     *                 only used for links, never shown
     */
    public record Named(String name, String cloneUrl) {
        public Named {
            Objects.requireNonNull(name, "name");
        }
    }

    private final List<Named> names;

    /** For one repository, or files, or staged changes; a report of several repositories is read as it comes. */
    public HtmlReporter() {
        this(List.of());
    }

    /**
     * For a report over several repositories: {@code names} pairs each of the report's
     * {@link Report#repositories()}, in the same order, with the name its findings carry and where it was cloned
     * from, so each repository's findings get its own facts and links.
     */
    public HtmlReporter(List<Named> names) {
        this.names = List.copyOf(names);
    }

    @Override
    public void write(Report report, ReportOptions options, Appendable out) throws IOException {
        HtmlReport.write(view(report, Instant.now()), new HtmlOptions(options.redact(), report.accountTags()), out);
    }

    /** The page's view of a report: one or more repositories' history, or a file or staged scan. */
    AuditView view(Report report, Instant now) {
        AuditView view = switch (report.kind()) {
            case HISTORY -> history(report, now);
            case STAGED -> AuditViews.fromScan(report.result(), AuditView.Scope.STAGED, "staged changes", now);
            default -> AuditViews.fromScan(report.result(), AuditView.Scope.FILES, "files", now);
        };
        if (report.verifications().isEmpty()) {
            return view;
        }
        Map<String, AuditView.Check> checks = new HashMap<>();
        for (Map.Entry<String, Verification> e : report.verifications().entrySet()) {
            checks.put(e.getKey(), AuditView.Check.of(e.getValue()));
        }
        return view.withChecks(checks);
    }

    private AuditView history(Report report, Instant now) {
        List<HistoryInfo> infos = report.repositories();
        Set<String> named = namesIn(report);
        if (infos.size() == 1 && named.isEmpty()) {
            return AuditViews.fromHistory(new HistoryResult(report.result(), infos.get(0), report.summary()), now);
        }
        List<AuditViews.Scanned> scanned = new ArrayList<>();
        if (names.size() == infos.size()) {
            for (int i = 0; i < infos.size(); i++) {
                scanned.add(new AuditViews.Scanned(names.get(i).name(), names.get(i).cloneUrl(), infos.get(i)));
            }
        } else {
            // Not told the names: match the names the findings carry to the repositories whose folders they name.
            Set<String> left = new LinkedHashSet<>(named);
            for (HistoryInfo info : infos) {
                String n = left.stream().filter(x -> sameFolder(x, info.gitDir())).findFirst().orElse(info.gitDir());
                left.remove(n);
                scanned.add(new AuditViews.Scanned(n, null, info));
            }
            for (String n : left) {
                scanned.add(new AuditViews.Scanned(n, null, new HistoryInfo(n, true, false, null, null, 0, 0, 0, 0)));
            }
        }
        return AuditViews.fromRepositories(scanned, report.result(), report.summary(), now);
    }

    /** The repository names findings and exposures carry, in order of appearance. */
    private static Set<String> namesIn(Report report) {
        Set<String> out = new LinkedHashSet<>();
        for (Finding f : report.result().findings()) {
            if (f.provenance() instanceof Provenance.GitBlob b && b.repository() != null) {
                out.add(b.repository());
            }
        }
        report.summary().forEach(s -> s.exposures().stream().map(Exposure::repository).filter(Objects::nonNull)
                .forEach(out::add));
        return out;
    }

    private static boolean sameFolder(String name, String gitDir) {
        try {
            Path a = Path.of(name).toAbsolutePath().normalize();
            Path g = Path.of(gitDir).toAbsolutePath().normalize();
            return a.equals(g) || a.equals(g.getParent()) && g.getFileName().toString().equals(".git");
        } catch (RuntimeException e) {
            return false; // a name that is no path (host/owner/repo with odd characters) names no folder
        }
    }
}
