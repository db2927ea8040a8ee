package dev.keyward.org;

import dev.keyward.ScanListener;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.Location;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.Severity;
import dev.keyward.source.HistoryOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our own seam, {@link HistoryParts}, over an in-memory model of repositories: blobs are content-addressed (the
 * same text is the same blob in every repository, as in Git), a "scan" finds AKIA key IDs by a plain pattern.
 * It counts what it is asked to do, so tests can say what was read.
 */
final class FakeHistory implements HistoryParts {

    static final class Repo {
        final Map<String, String> tips = new TreeMap<>();
        final List<Blob> blobs = new ArrayList<>();
        final Set<String> atTip = new HashSet<>();
        RuntimeException broken;
    }

    private static final Pattern KEY = Pattern.compile("AKIA[A-Z2-7]{16}");

    final Map<Path, Repo> repos = new HashMap<>();
    final Map<String, String> contents = new HashMap<>();
    final Map<String, Integer> scans = new ConcurrentHashMap<>();
    final List<Path> walks = new ArrayList<>();
    final List<List<String>> walkedRefs = new ArrayList<>();
    /** When at least 0: the scan of that many more blobs throws, as a run killed half-way would stop. */
    int failAfter = -1;

    Repo repo(Path p) {
        return repos.computeIfAbsent(p, k -> new Repo());
    }

    /** Adds a blob of {@code text} first seen at commit/path/date; returns its id. */
    String blob(Path repo, String text, String commit, String path, Instant date, long places, boolean atTip) {
        String id = Findings.sha256(text).substring(0, 40);
        contents.put(id, text);
        Repo r = repo(repo);
        r.blobs.add(new Blob(id, commit, path, "Ada Lovelace", "ada@example.com", date, places, r.blobs.size()));
        if (atTip) {
            r.atTip.add(id);
        }
        return id;
    }

    void removeBlob(Path repo, String id) {
        repo(repo).blobs.removeIf(b -> b.blobId().equals(id));
        repo(repo).atTip.remove(id);
    }

    private Repo existing(Path gitDir) {
        Repo r = repos.get(gitDir);
        if (r == null) {
            throw new OrgException(gitDir + " is not a Git repository");
        }
        if (r.broken != null) {
            throw r.broken;
        }
        return r;
    }

    @Override
    public Map<String, String> tips(Path gitDir, List<String> refs) {
        Repo r = existing(gitDir);
        Map<String, String> out = new LinkedHashMap<>();
        r.tips.forEach((k, v) -> {
            if (refs == null || refs.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Override
    public Inventory enumerate(Path gitDir, HistoryOptions options) {
        Repo r = existing(gitDir);
        walks.add(gitDir);
        walkedRefs.add(options.branches());
        return new Inventory(new HistoryInfo(gitDir.toString(), true, false, r.tips.get("refs/heads/main"),
                "refs/heads/main", r.tips.size(), r.blobs.size(), r.blobs.size(), r.blobs.size()),
                r.blobs, List.of(), List.of());
    }

    @Override
    public void scan(Path gitDir, Collection<Blob> which, HistoryOptions options, ScanListener listener) {
        existing(gitDir);
        for (Blob b : which) {
            if (failAfter == 0) {
                throw new IllegalStateException("killed");
            }
            if (failAfter > 0) {
                failAfter--;
            }
            scans.merge(b.blobId(), 1, Integer::sum);
            String text = contents.get(b.blobId());
            if (text.contains("UNREADABLE")) {
                listener.error(new dev.keyward.finding.ScanError(b.path(), "corrupt object " + b.blobId()));
                continue;
            }
            detect(b, text, listener);
            listener.scanned(b.path(), text.length());
        }
    }

    /** The fake detector: every AKIA key ID in the text, with the blob's provenance. */
    static void detect(Blob b, String text, ScanListener listener) {
        Matcher m = KEY.matcher(text);
        while (m.find()) {
            int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            int col = m.start() - text.lastIndexOf('\n', m.start() - 1);
            listener.finding(new Finding("aws-access-key-id", "aws-access-key-id", Severity.HIGH,
                    new Location(b.path(), line, col, m.start()), new Provenance.GitBlob(b.blobId(), b.commit(),
                    b.path(), b.author(), b.email(), b.date(), (int) b.places() - 1), m.group(), null, null));
        }
    }

    @Override
    public List<CredentialSummary> summarize(Path gitDir, Inventory inventory, List<Finding> findings, Clock clock) {
        Repo r = existing(gitDir);
        Map<String, List<Finding>> by = new LinkedHashMap<>();
        findings.forEach(f -> by.computeIfAbsent(f.fingerprint(), k -> new ArrayList<>()).add(f));
        List<CredentialSummary> out = new ArrayList<>();
        by.forEach((fp, list) -> {
            boolean atHead = list.stream().anyMatch(f -> r.atTip.contains(((Provenance.GitBlob) f.provenance()).blobId()));
            out.add(new CredentialSummary(list.get(0), false, atHead, list.size(), list.size(), list.size(),
                    null, 0, List.of()));
        });
        return out;
    }
}
