package dev.keyward.org;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** A {@link StateStore} that forgets everything when closed: for a run without a state file. Thread-safe. */
final class MemoryStateStore implements StateStore {

    private record Key(String repo, String blob, String hash, String fingerprint, int line, int column) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final Map<String, Map<String, String>> tips = new HashMap<>();
    private final Map<String, Set<String>> scanned = new HashMap<>();
    private final Map<Key, StoredFinding> findings = new LinkedHashMap<>();
    private final Map<String, String> forkRoots = new HashMap<>();
    private final Map<String, Set<String>> rootCommits = new HashMap<>();

    @Override
    public synchronized String forkRoot(String key) {
        return forkRoots.get(key);
    }

    @Override
    public synchronized void saveForkRoot(String key, String root) {
        forkRoots.put(key, Objects.requireNonNull(root, "root"));
    }

    @Override
    public synchronized Set<String> rootCommits(String repo) {
        return rootCommits.getOrDefault(repo, Set.of());
    }

    @Override
    public synchronized void saveRootCommits(String repo, Set<String> roots) {
        rootCommits.put(repo, Set.copyOf(roots));
    }

    @Override
    public synchronized long startRun(Instant started, String rulesHash) {
        runs.add(new Run(runs.size() + 1L, started, null, false, rulesHash));
        return runs.size();
    }

    @Override
    public synchronized void endRun(long runId, Instant ended, boolean complete) {
        Run r = runs.get((int) runId - 1);
        runs.set((int) runId - 1, new Run(r.id(), r.started(), ended, complete, r.rulesHash()));
    }

    @Override
    public synchronized List<Run> runs() {
        return List.copyOf(runs);
    }

    @Override
    public synchronized Map<String, String> refTips(String repo) {
        return new TreeMap<>(tips.getOrDefault(repo, Map.of()));
    }

    @Override
    public synchronized void saveRefTips(String repo, Map<String, String> t) {
        tips.put(repo, Map.copyOf(t));
    }

    @Override
    public synchronized Set<String> scanned(Collection<String> blobIds, String rulesHash) {
        Set<String> known = scanned.getOrDefault(rulesHash, Set.of());
        Set<String> out = new HashSet<>();
        blobIds.stream().filter(known::contains).forEach(out::add);
        return out;
    }

    @Override
    public synchronized void commitBatch(long runId, String rulesHash, Collection<String> blobIds,
                                         Collection<StoredFinding> batch) {
        scanned.computeIfAbsent(rulesHash, k -> new HashSet<>()).addAll(blobIds);
        for (StoredFinding f : batch) {
            Key k = new Key(f.repo(), f.blobId(), f.rulesHash(), f.finding().fingerprint(),
                    f.finding().location().line(), f.finding().location().column());
            StoredFinding old = findings.get(k);
            findings.put(k, old == null ? f
                    : new StoredFinding(f.repo(), f.finding(), f.rulesHash(), old.runId(), f.reachable(), f.atTip()));
        }
    }

    @Override
    public synchronized List<StoredFinding> findings() {
        return List.copyOf(findings.values());
    }

    @Override
    public synchronized void markRepository(String repo, Set<String> reachableBlobs, Set<String> atTipFingerprints) {
        findings.replaceAll((k, f) -> !Objects.equals(k.repo(), repo) ? f
                : new StoredFinding(f.repo(), f.finding(), f.rulesHash(), f.runId(),
                        reachableBlobs.contains(f.blobId()), atTipFingerprints.contains(f.finding().fingerprint())));
    }

    private final Map<String, Map<String, List<dev.keyward.finding.Exposure>>> exposures = new HashMap<>();

    @Override
    public synchronized void saveExposures(String repo,
                                           Map<String, List<dev.keyward.finding.Exposure>> byFingerprint) {
        Map<String, List<dev.keyward.finding.Exposure>> copy = new TreeMap<>();
        byFingerprint.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        exposures.put(repo, copy);
    }

    @Override
    public synchronized Map<String, List<dev.keyward.finding.Exposure>> exposures(String repo) {
        return Map.copyOf(exposures.getOrDefault(repo, Map.of()));
    }

    @Override
    public void close() {
    }
}
