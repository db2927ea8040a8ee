package dev.keyward.html;

import dev.keyward.finding.CredentialSummary;
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
import dev.keyward.html.internal.Remote;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Repository repo = new Repository(name, remoteUrl, info.head(), info.headRef(), info.shallow());
        List<Finding> findings = history.result().findings();
        Map<String, Finding> byFp = firstByFingerprint(findings);

        Map<String, List<Sighting>> sightings = new HashMap<>();
        List<Row> rows = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            rows.add(row(name, f, byFp));
            sightings.computeIfAbsent(f.fingerprint(), k -> new ArrayList<>()).add(sighting(name, f));
        }
        List<Credential> credentials = new ArrayList<>();
        for (CredentialSummary s : history.summary()) {
            Finding f = s.first();
            List<Sighting> seen = new ArrayList<>(sightings.getOrDefault(f.fingerprint(), List.of()));
            if (seen.isEmpty()) {
                seen.add(sighting(name, f));
            }
            seen.sort(Comparator.comparing(Sighting::date, Comparator.nullsLast(Comparator.naturalOrder())));
            credentials.add(new Credential(f.fingerprint(), f.kind(), f.severity(), f.secret(), keyId(f, byFp),
                    account(f, byFp), null, s.origin().date(), s.lastSeen(), s.atHead(), s.daysExposed(),
                    s.places(), seen));
        }
        return new AuditView("keyward history audit: " + name, scannedAt, Scope.HISTORY, List.of(repo), credentials,
                rows);
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
                List.of(new Repository(name, null, null, null, false)), credentials, rows);
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
