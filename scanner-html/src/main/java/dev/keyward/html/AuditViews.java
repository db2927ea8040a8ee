package dev.keyward.html;

import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Exposure;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Severity;
import dev.keyward.html.AuditView.Credential;
import dev.keyward.html.AuditView.Repository;
import dev.keyward.html.AuditView.Row;
import dev.keyward.html.AuditView.Scope;
import dev.keyward.html.AuditView.Sighting;
import dev.keyward.html.AuditView.Span;
import dev.keyward.html.internal.Remote;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds an {@link AuditView} from what today's scans return. Stateless and thread-safe. */
public final class AuditViews {

    private static final String KEY_ID = "aws-access-key-id";
    private static final String A3T_KEY_ID = "aws-a3t-key-id";

    private AuditViews() {
    }

    /** The audit of a history scan, as of now. Reads the repository's {@code origin} URL to link commits. */
    public static AuditView fromHistory(HistoryResult history) {
        return fromHistory(history, Instant.now());
    }

    /** The audit of a history scan that ran at {@code scannedAt}. */
    public static AuditView fromHistory(HistoryResult history, Instant scannedAt) {
        HistoryInfo info = history.info();
        String remoteUrl = originUrl(info.gitDir());
        String name = repositoryName(info.gitDir(), remoteUrl);
        List<Facts> facts = history.summary().stream()
                .map(s -> new Facts(s.first(), s.origin().date(), s.lastSeen(), s.atHead(), s.daysExposed(),
                        s.places()))
                .toList();
        return repository(name, remoteUrl, info, history.result().findings(), facts, scannedAt)
                .withProblems(history.result().errors(), history.result().skipped().size());
    }

    /**
     * A repository of a run over several.
     *
     * @param name      the name its findings carry ({@link Provenance.GitBlob#repository()}) and the page shows
     * @param remoteUrl where it was cloned from, or null to read the {@code origin} remote of its Git folder; only
     *                  used for links to GitHub, GitLab or Bitbucket, never shown (it may hold a token)
     * @param info      its facts (Git folder, HEAD, branch, shallow)
     */
    public record Scanned(String name, String remoteUrl, HistoryInfo info) {
        public Scanned {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(info, "info");
        }
    }

    /**
     * The audit of one run over several repositories: one view per repository, with its own links and facts,
     * combined (see {@link AuditView#combine}), so a credential held in several is one credential with every
     * repository on its timeline.
     *
     * @param repositories the repositories scanned, in the order the page lists them
     * @param result       the run's findings (each naming its repository), errors and skipped inputs
     * @param summary      one row per distinct credential across the run, its exposures naming their repositories
     */
    public static AuditView fromRepositories(List<Scanned> repositories, ScanResult result,
                                             List<CredentialSummary> summary, Instant scannedAt) {
        List<Finding> findings = result.findings();
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("no repository");
        }
        Map<String, List<Finding>> byRepo = new LinkedHashMap<>();
        for (Finding f : findings) {
            byRepo.computeIfAbsent(repositoryOf(f), k -> new ArrayList<>()).add(f);
        }
        Map<String, CredentialSummary> rows = new LinkedHashMap<>(); // one per credential, whatever we are given
        summary.forEach(s -> rows.putIfAbsent(s.first().fingerprint(), s));
        List<AuditView> views = new ArrayList<>();
        for (Scanned r : repositories) {
            List<Finding> here = byRepo.getOrDefault(r.name(), List.of());
            List<Facts> facts = new ArrayList<>();
            for (CredentialSummary s : rows.values()) {
                Facts f = factsIn(r.name(), s, here);
                if (f != null) {
                    facts.add(f);
                }
            }
            String remoteUrl = r.remoteUrl() != null ? r.remoteUrl() : originUrl(r.info().gitDir());
            views.add(repository(r.name(), remoteUrl, r.info(), here, facts, scannedAt));
        }
        long n = repositories.stream().map(Scanned::name).distinct().count();
        String title = n == 1 ? "keyward history audit: " + repositories.get(0).name()
                : "keyward history audit: " + n + " repositories";
        return AuditView.combine(title, views).withProblems(result.errors(), result.skipped().size());
    }

    /** What the audit row of a credential says about it, for one repository. */
    private record Facts(Finding first, Instant firstSeen, Instant lastSeen, boolean atHead, long daysExposed,
                         long places) {
    }

    /**
     * A run-wide audit row narrowed to one repository, from its exposures there (each names its repository) and
     * that repository's findings; null when the credential is not in it.
     */
    private static Facts factsIn(String repo, CredentialSummary s, List<Finding> here) {
        String fp = s.first().fingerprint();
        List<Exposure> ex = s.exposures().stream().filter(e -> repo.equals(e.repository())).toList();
        List<Finding> fs = here.stream().filter(f -> f.fingerprint().equals(fp)).toList();
        if (ex.isEmpty() && fs.isEmpty()) {
            return null;
        }
        Finding first = fs.stream().min(Comparator.comparing(AuditViews::dateOf,
                Comparator.nullsLast(Comparator.naturalOrder()))).orElse(s.first());
        Instant firstSeen = ex.stream().map(Exposure::introduced).filter(Objects::nonNull).min(Instant::compareTo)
                .orElse(dateOf(first));
        Instant lastSeen = ex.stream().map(Exposure::lastSeen).max(Instant::compareTo).orElse(firstSeen);
        boolean atHead = ex.isEmpty() ? s.atHead() : ex.stream().anyMatch(Exposure::atHead);
        long places = ex.isEmpty() ? fs.stream().mapToLong(f -> 1L + others(f)).sum()
                : ex.stream().mapToLong(Exposure::places).sum();
        // Days as the run counted them, less the days before it reached this repository.
        long days = s.daysExposed();
        Instant runFirst = s.origin().date();
        if (runFirst != null && firstSeen != null && firstSeen.isAfter(runFirst)) {
            days = Math.max(0, days - Duration.between(runFirst, firstSeen).toDays());
        }
        return new Facts(first, firstSeen, lastSeen, atHead, days, Math.max(1, places));
    }

    private static AuditView repository(String name, String remoteUrl, HistoryInfo info, List<Finding> findings,
                                        List<Facts> summary, Instant scannedAt) {
        Repository repo = new Repository(name, remoteUrl, info.head(), info.headRef(), info.shallow());
        Map<String, Finding> byFp = firstByFingerprint(findings);

        Map<String, List<Sighting>> sightings = new HashMap<>();
        List<Row> rows = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            rows.add(row(name, f, byFp));
            sightings.computeIfAbsent(f.fingerprint(), k -> new ArrayList<>()).add(sighting(name, f));
        }
        List<Credential> credentials = new ArrayList<>();
        for (Facts s : summary) {
            Finding f = s.first();
            List<Sighting> seen = new ArrayList<>(sightings.getOrDefault(f.fingerprint(), List.of()));
            if (seen.isEmpty()) {
                seen.add(sighting(name, f));
            }
            seen.sort(Comparator.comparing(Sighting::date, Comparator.nullsLast(Comparator.naturalOrder())));
            credentials.add(new Credential(f.fingerprint(), f.kind(), f.severity(), f.secret(), keyId(f, byFp),
                    account(f, byFp), null, s.firstSeen(), s.lastSeen(), s.atHead(), s.daysExposed(), s.places(),
                    seen, List.of(new Span(name, s.firstSeen(), s.lastSeen(), s.atHead(), s.daysExposed(),
                    s.places()))));
        }
        return new AuditView("keyward history audit: " + name, scannedAt, Scope.HISTORY, List.of(repo), credentials,
                rows);
    }

    private static String repositoryOf(Finding f) {
        return f.provenance() instanceof Provenance.GitBlob b && b.repository() != null ? b.repository() : "";
    }

    private static Instant dateOf(Finding f) {
        return f.provenance() instanceof Provenance.GitBlob b ? b.date() : null;
    }

    private static int others(Finding f) {
        return f.provenance() instanceof Provenance.GitBlob b ? b.otherOccurrences() : 0;
    }

    /**
     * The audit of a file or staged scan: credentials grouped by fingerprint, no timeline.
     *
     * @param scope      {@link Scope#FILES} or {@link Scope#STAGED}
     * @param name       what was scanned, as the page names it (a folder, a repository)
     */
    public static AuditView fromScan(ScanResult result, Scope scope, String name, Instant scannedAt) {
        if (scope == Scope.HISTORY) {
            throw new IllegalArgumentException("a history audit is built from a HistoryResult");
        }
        List<Finding> findings = result.findings();
        Map<String, Finding> byFp = firstByFingerprint(findings);
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            rows.add(row(name, f, byFp));
            groups.computeIfAbsent(f.fingerprint(), k -> new ArrayList<>()).add(f);
        }
        List<Credential> credentials = new ArrayList<>();
        for (List<Finding> g : groups.values()) {
            Finding f = g.get(0);
            Severity worst = g.stream().map(Finding::severity).min(Comparator.naturalOrder()).orElseThrow();
            List<Sighting> seen = g.stream().map(x -> sighting(name, x)).toList();
            credentials.add(new Credential(f.fingerprint(), f.kind(), worst, f.secret(), keyId(f, byFp),
                    account(f, byFp), null, null, null, true, 0, g.size(), seen));
        }
        credentials.sort(Comparator.comparing(Credential::severity));
        String what = scope == Scope.STAGED ? "staged changes" : "scan";
        return new AuditView("keyward " + what + ": " + name, scannedAt, scope,
                List.of(new Repository(name, null, null, null, false)), credentials, rows, result.errors(),
                result.skipped().size());
    }

    private static Map<String, Finding> firstByFingerprint(List<Finding> findings) {
        Map<String, Finding> byFp = new HashMap<>();
        for (Finding f : findings) {
            byFp.putIfAbsent(f.fingerprint(), f);
        }
        return byFp;
    }

    private static Row row(String repo, Finding f, Map<String, Finding> byFp) {
        String commit = null;
        Instant date = null;
        String author = null;
        String email = null;
        if (f.provenance() instanceof Provenance.GitBlob b) {
            commit = b.commit();
            date = b.date();
            author = b.author();
            email = b.email();
        }
        return new Row(repo, f.fingerprint(), f.kind(), f.severity(), f.path(), f.location().line(),
                f.location().column(), f.secret(), account(f, byFp), commit, date, author, email, null);
    }

    private static Sighting sighting(String repo, Finding f) {
        if (f.provenance() instanceof Provenance.GitBlob b) {
            return new Sighting(repo, b.path(), f.location().line(), b.commit(), b.date(), b.author(), b.email(),
                    b.blobId(), b.otherOccurrences());
        }
        return new Sighting(repo, f.path(), f.location().line(), null, null, null, null, null, 0);
    }

    /** The access key ID a finding is, or the one it was paired with. */
    private static String keyId(Finding f, Map<String, Finding> byFp) {
        if (isKeyId(f)) {
            return f.secret();
        }
        if (f.pairedWith() != null) {
            Finding other = byFp.get(f.pairedWith().fingerprint());
            if (other != null && isKeyId(other)) {
                return other.secret();
            }
        }
        return null;
    }

    private static boolean isKeyId(Finding f) {
        return f.kind().equals(KEY_ID) || f.kind().equals(A3T_KEY_ID);
    }

    private static String account(Finding f, Map<String, Finding> byFp) {
        if (f.accountId() != null || f.pairedWith() == null) {
            return f.accountId();
        }
        Finding other = byFp.get(f.pairedWith().fingerprint());
        return other == null ? null : other.accountId();
    }

    /** The {@code remote.origin.url} of a Git folder, or null when it has none or cannot be read. */
    static String originUrl(String gitDir) {
        try (org.eclipse.jgit.lib.Repository r = new FileRepositoryBuilder().setGitDir(new File(gitDir))
                .setMustExist(true).build()) {
            StoredConfig c = r.getConfig();
            return c.getString("remote", "origin", "url");
        } catch (Exception e) {
            return null; // a link is a convenience: an unreadable config costs the links, not the report
        }
    }

    /** {@code owner/repo} when the remote says so, else the work tree's (or bare folder's) name. */
    static String repositoryName(String gitDir, String remoteUrl) {
        Remote remote = Remote.parse(remoteUrl);
        if (remote != null) {
            return remote.project();
        }
        Path p = Path.of(gitDir).toAbsolutePath().normalize();
        Path name = p.getFileName();
        if (name != null && name.toString().equals(".git") && p.getParent() != null
                && p.getParent().getFileName() != null) {
            name = p.getParent().getFileName();
        }
        return name == null ? gitDir : name.toString();
    }
}
