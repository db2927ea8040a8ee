package dev.keyward.org;

import dev.keyward.ScanListener;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Exposure;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Location;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import dev.keyward.source.HistoryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run over many repositories: mirrors the clone URLs, then walks each repository and scans each unique blob
 * once across all of them, attributing a blob's findings to every repository that holds it, and builds one audit
 * across repositories. With a {@link StateStore} that remembers earlier runs it is incremental: a repository
 * whose ref tips did not move (under the same rules and settings) is not walked, a blob already scanned under the
 * same rules hash is not read again, and findings whose blobs a force-push made unreachable stay, marked so.
 * One repository that fails is an error naming it; the others go on. Holds no state between runs; runs sharing a
 * store must not overlap (the default store refuses a second one).
 */
public final class OrgScan {

    // Ref tips are recorded with the settings they were walked under, so new rules or settings mean a new walk.
    // Ref names cannot hold a colon, so this entry never clashes with a ref.
    static final String SETTINGS = "keyward:settings";

    private final HistoryParts parts;
    private final StateStore store;
    private final Mirrors mirrors;
    private final OrgOptions options;

    public OrgScan(HistoryParts parts, StateStore store, Mirrors mirrors, OrgOptions options) {
        this.parts = Objects.requireNonNull(parts, "parts");
        this.store = Objects.requireNonNull(store, "store");
        this.mirrors = Objects.requireNonNull(mirrors, "mirrors");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Mirrors and scans {@code repos}; the result holds the whole audit, earlier runs' findings included. */
    public OrgResult run(List<RepoSpec> repos, OrgListener listener) {
        // A repository scanned before is asked for its refs first: unchanged, it is neither fetched nor walked.
        Run run = new Run(listener);
        Mirrors.Result mirrored = mirrors.mirrorAll(repos, r -> !run.storedTips(r.name()).isEmpty(), listener);
        return run.go(mirrored);
    }

    OrgResult run(Mirrors.Result mirrored, OrgListener listener) {
        Run run = new Run(listener);
        return run.go(mirrored);
    }

    /** The state of one run. */
    private final class Run {
        final OrgListener listener;
        final String hash = options.rulesHash();
        final Instant started = options.history().clock().instant();
        final List<OrgResult.RepoProblem<ScanError>> errors = new ArrayList<>();
        final List<OrgResult.RepoProblem<Skipped>> skipped = new ArrayList<>();
        // Findings of each blob scanned under the current rules, in the form first found (small: blobs with keys).
        final Map<String, List<Finding>> byBlob = new HashMap<>();
        // The run that first found each stored (repository, blob, finding), for what the listener is told.
        final Map<String, Long> firstRun = new HashMap<>();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong baselined = new AtomicLong();
        // Each fork's parent in this run, and the repositories whose findings are all in the store.
        final Map<String, Mirrors.Mirrored> parentOf = new HashMap<>();
        final Set<String> sound = new HashSet<>();
        final Map<String, Map<String, String>> tipsRead = new HashMap<>();
        // The store's tips of each repository, read once per run (asked up to three times: one query each).
        final Map<String, Map<String, String>> stored = new HashMap<>();
        long runId;
        int walked;
        int unchanged;
        int failed;
        long listed;
        long scannedBlobs;

        Run(OrgListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        OrgResult go(Mirrors.Result mirrored) {
            runId = store.startRun(started, hash);
            for (StateStore.StoredFinding f : store.findings()) {
                if (f.rulesHash().equals(hash)) {
                    remember(f.finding());
                    firstRun.put(key(f.repo(), f.finding()), f.runId());
                }
            }
            Set<String> names = new TreeSet<>();
            for (Mirrors.Failed f : mirrored.failed()) {
                names.add(f.spec().name());
                failed++;
                problem(f.spec().name(), f.message());
                listener.repoDone(f.spec(), OrgListener.Outcome.FAILED);
            }
            // A fork network's repositories one after another: they share one mirror's packs.
            List<Mirrors.Mirrored> sorted = mirrored.mirrored().stream()
                    .sorted(Comparator.comparing((Mirrors.Mirrored m) -> m.gitDir().toString())
                            .thenComparing(m -> m.spec().isNetworkRoot() ? 0 : 1))
                    .toList();
            parentOf.putAll(parents(mirrored.mirrored()));
            // Each parent right before its forks, whose walks leave out the history it holds.
            Map<String, List<Mirrors.Mirrored>> forks = new HashMap<>();
            sorted.stream().filter(m -> parentOf.containsKey(m.spec().name())).forEach(m -> forks
                    .computeIfAbsent(parentOf.get(m.spec().name()).spec().name(), k -> new ArrayList<>()).add(m));
            List<Mirrors.Mirrored> order = new ArrayList<>();
            for (Mirrors.Mirrored m : sorted) {
                if (!parentOf.containsKey(m.spec().name())) {
                    order.add(m);
                    order.addAll(forks.getOrDefault(m.spec().name(), List.of()));
                }
            }
            int total = mirrored.mirrored().size() + mirrored.failed().size();
            int index = mirrored.failed().size();
            for (Mirrors.Mirrored m : order) {
                names.add(m.spec().name());
                listener.repoStarted(m.spec(), ++index, total);
                OrgListener.Outcome outcome;
                try {
                    outcome = repository(m);
                } catch (RuntimeException e) {
                    failed++;
                    outcome = OrgListener.Outcome.FAILED;
                    problem(m.spec().name(), "cannot read " + m.spec().name() + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                }
                listener.repoDone(m.spec(), outcome);
            }
            store.endRun(runId, options.history().clock().instant(), failed == 0);
            return result(names);
        }

        Map<String, String> storedTips(String repo) {
            return stored.computeIfAbsent(repo, store::refTips);
        }

        private Map<String, String> tipsOf(Mirrors.Mirrored m) {
            // Read once per run: the grouping into networks asks before the repository's turn.
            Map<String, String> known = tipsRead.remove(m.spec().name());
            if (known != null) {
                return known;
            }
            Map<String, String> tips = new LinkedHashMap<>(parts.tips(m.gitDir(), m.refs()));
            tips.put(SETTINGS, settings(m));
            return tips;
        }

        /**
         * The parent of each fork in the run: in one mirror, the network's root; among separate folders and
         * mirrors, for one walked in this run, the first listed of those sharing a root commit, one that rests
         * (unchanged since the state's last walk, its roots as the store kept them) before one walked now.
         */
        private Map<String, Mirrors.Mirrored> parents(List<Mirrors.Mirrored> listed) {
            Map<String, Mirrors.Mirrored> out = new HashMap<>();
            Map<Path, List<Mirrors.Mirrored>> byDir = new LinkedHashMap<>();
            listed.forEach(m -> byDir.computeIfAbsent(m.gitDir().toAbsolutePath().normalize(),
                    k -> new ArrayList<>()).add(m));
            List<Mirrors.Mirrored> alone = new ArrayList<>();
            for (List<Mirrors.Mirrored> group : byDir.values()) {
                if (group.size() == 1) {
                    alone.add(group.get(0));
                    continue;
                }
                Mirrors.Mirrored root = group.stream().filter(m -> m.spec().isNetworkRoot()).findFirst()
                        .orElse(group.get(0));
                group.stream().filter(m -> m != root).forEach(m -> out.put(m.spec().name(), root));
            }
            // Reading roots costs a commit walk: only for repositories that are walked anyway; the others' roots
            // are the ones the store kept from their last walk.
            List<Mirrors.Mirrored> walkedNow = new ArrayList<>();
            List<Mirrors.Mirrored> resting = new ArrayList<>();
            for (Mirrors.Mirrored m : alone) {
                try {
                    Map<String, String> tips = tipsOf(m);
                    tipsRead.put(m.spec().name(), tips);
                    if (m.refs() != null && m.refs().isEmpty()) {
                        continue;
                    }
                    (tips.equals(storedTips(m.spec().name())) ? resting : walkedNow).add(m);
                } catch (RuntimeException e) {
                    // Reported when the repository is read.
                }
            }
            Map<String, Set<String>> rootsOf = new HashMap<>();
            for (Mirrors.Mirrored m : walkedNow) {
                Set<String> roots = Networks.roots(m.gitDir(), m.refs());
                rootsOf.put(m.spec().name(), roots);
                if (!roots.isEmpty()) {
                    // Kept for later runs, where this repository may rest while a fork of it is walked.
                    store.saveRootCommits(m.spec().name(), roots);
                }
            }
            if (!walkedNow.isEmpty() && walkedNow.size() + resting.size() >= 2) {
                Map<String, Mirrors.Mirrored> byRoot = new HashMap<>();
                // A resting repository first: all its findings are in the store, so a fork walked now leans on it.
                for (Mirrors.Mirrored m : resting) {
                    store.rootCommits(m.spec().name()).forEach(r -> byRoot.putIfAbsent(r, m));
                }
                for (Mirrors.Mirrored m : walkedNow) {
                    Set<String> roots = rootsOf.get(m.spec().name());
                    Mirrors.Mirrored p = roots.stream().map(byRoot::get).filter(Objects::nonNull).findFirst()
                            .orElse(null);
                    if (p != null) {
                        out.put(m.spec().name(), p);
                    } else {
                        roots.forEach(r -> byRoot.putIfAbsent(r, m));
                    }
                }
            }
            return out;
        }

        /** The newest commits of a fork's history that its parent's refs reach, or none to walk it all. */
        private List<String> meeting(Mirrors.Mirrored fork) {
            Mirrors.Mirrored p = parentOf.get(fork.spec().name());
            if (p == null || !sound.contains(p.spec().name())) {
                return List.of();
            }
            List<String> at = Networks.meeting(fork.gitDir(), fork.refs(), p.gitDir(), p.refs());
            if (at.isEmpty() || p.gitDir().toAbsolutePath().normalize().equals(
                    fork.gitDir().toAbsolutePath().normalize())) {
                return at;
            }
            // Separate folders: the parent may hold commits no ref of it reaches; those are not shared history.
            Set<String> reached = Networks.reached(p.gitDir(), p.refs(), at);
            return at.stream().filter(reached::contains).toList();
        }

        /**
         * A fork's own inventory plus the parent's blobs with findings whose first commit the fork reaches: the
         * shared history's part of the fork, taken from the parent's walk instead of walked again.
         */
        private HistoryParts.Inventory withShared(HistoryParts.Inventory own, Mirrors.Mirrored fork,
                                                  List<String> known) {
            String parent = parentOf.get(fork.spec().name()).spec().name();
            Set<String> mine = new HashSet<>();
            own.blobs().forEach(b -> mine.add(b.blobId()));
            Map<String, Provenance.GitBlob> shared = new LinkedHashMap<>();
            for (StateStore.StoredFinding f : store.findings()) {
                if (f.repo().equals(parent) && f.rulesHash().equals(hash) && f.reachable()
                        && !mine.contains(f.blobId())) {
                    shared.putIfAbsent(f.blobId(), (Provenance.GitBlob) f.finding().provenance());
                }
            }
            if (shared.isEmpty()) {
                return own;
            }
            Set<String> reached = Networks.reached(fork.gitDir(), fork.refs(),
                    shared.values().stream().map(Provenance.GitBlob::commit).collect(java.util.stream.Collectors.toSet()));
            List<HistoryParts.Blob> blobs = new ArrayList<>(own.blobs());
            shared.values().stream().filter(g -> reached.contains(g.commit())).forEach(g -> blobs.add(
                    new HistoryParts.Blob(g.blobId(), g.commit(), g.path(), g.author(), g.email(), g.date(),
                            g.otherOccurrences() + 1L, 0)));
            // The parent's first place may be a commit the fork lacks while an older shared one holds the blob.
            Set<String> elsewhere = new HashSet<>();
            shared.values().stream().filter(g -> !reached.contains(g.commit())).forEach(g -> elsewhere.add(g.blobId()));
            Networks.firstPlaces(fork.gitDir(), known, elsewhere).forEach((blob, at) -> blobs.add(
                    new HistoryParts.Blob(blob, at.commit(), at.path(), at.author(), at.email(), at.date(), 1L, 0)));
            return new HistoryParts.Inventory(own.info(), blobs, own.skipped(), own.errors());
        }

        private OrgListener.Outcome repository(Mirrors.Mirrored m) {
            String repo = m.spec().name();
            Map<String, String> tips = tipsOf(m);
            if (tips.equals(storedTips(repo))) {
                sound.add(repo); // all its findings are in the store: a fork can lean on them
                unchanged++;
                return OrgListener.Outcome.UNCHANGED;
            }
            walked++;
            HistoryParts.Inventory inv;
            if (m.refs() != null && m.refs().isEmpty()) {
                // An empty repository (or a fork with no refs): an empty ref list would mean "every ref".
                inv = null;
            } else {
                HistoryOptions walk = m.refs() == null ? options.history() : options.history().withBranches(m.refs());
                List<String> known = meeting(m);
                inv = known.isEmpty() ? ownHead(parts.enumerate(m.gitDir(), walk), m, tips)
                        : withShared(ownHead(parts.enumerate(m.gitDir(), walk, known), m, tips), m, known);
                inv.errors().forEach(e -> {
                    errors.add(new OrgResult.RepoProblem<>(repo, e));
                    listener.error(repo, e);
                });
                inv.skipped().forEach(s -> {
                    skipped.add(new OrgResult.RepoProblem<>(repo, s));
                    listener.skipped(repo, s);
                });
            }
            List<HistoryParts.Blob> blobs = inv == null ? List.of() : inv.blobs();
            listed += blobs.size();
            boolean[] unread = {false};
            List<Finding> found = scanAndAttribute(m, blobs, unread);
            Set<String> reachable = new HashSet<>();
            blobs.forEach(b -> reachable.add(b.blobId()));
            Set<String> atTip = new HashSet<>();
            Map<String, List<Exposure>> exposures = new TreeMap<>();
            if (inv != null && !found.isEmpty()) {
                for (CredentialSummary s : parts.summarize(m.gitDir(), inv, found, options.history().clock())) {
                    if (s.atHead()) {
                        atTip.add(s.first().fingerprint());
                    }
                    exposures.put(s.first().fingerprint(), s.exposures().stream()
                            .map(e -> new Exposure(e.blobId(), e.commit(), e.introduced(), e.paths(), e.lastSeen(),
                                    e.atHead(), e.places(), repo)).toList());
                }
            }
            store.markRepository(repo, reachable, atTip);
            store.saveExposures(repo, exposures);
            if (!unread[0]) {
                // With a blob that could not be read, the next run walks this repository again.
                store.saveRefTips(repo, tips);
                stored.put(repo, Map.copyOf(tips));
                sound.add(repo);
            }
            return OrgListener.Outcome.SCANNED;
        }

        /** Scans this repository's blobs not scanned before; attributes every blob's findings to this repository. */
        private List<Finding> scanAndAttribute(Mirrors.Mirrored m, List<HistoryParts.Blob> blobs, boolean[] unread) {
            String repo = m.spec().name();
            List<Finding> found = new ArrayList<>();
            Map<String, HistoryParts.Blob> byId = new HashMap<>();
            blobs.forEach(b -> byId.put(b.blobId(), b));
            int n = options.batchSize();
            HistoryOptions history = options.history();
            for (int from = 0; from < blobs.size(); from += n) {
                List<HistoryParts.Blob> chunk = blobs.subList(from, Math.min(blobs.size(), from + n));
                Set<String> done = store.scanned(chunk.stream().map(HistoryParts.Blob::blobId).toList(), hash);
                List<HistoryParts.Blob> todo = chunk.stream().filter(b -> !done.contains(b.blobId())).toList();
                List<StateStore.StoredFinding> batch = new ArrayList<>();
                // Blobs scanned before (in another repository, or an earlier run): only their findings move here.
                for (HistoryParts.Blob b : chunk) {
                    if (done.contains(b.blobId())) {
                        for (Finding f : byBlob.getOrDefault(b.blobId(), List.of())) {
                            Finding here = attribute(f, b);
                            found.add(here);
                            batch.add(new StateStore.StoredFinding(repo, here, hash, runId, true, false));
                        }
                    }
                }
                boolean batchUnread = false;
                if (!todo.isEmpty()) {
                    int errorsBefore = errorCount();
                    List<Finding> fresh = scan(m, todo, history);
                    // An error names a path, not a blob: the whole batch stays unscanned, to be read again.
                    batchUnread = errorCount() > errorsBefore;
                    unread[0] |= batchUnread;
                    scannedBlobs += todo.size();
                    for (Finding f : fresh) {
                        String blob = ((Provenance.GitBlob) f.provenance()).blobId();
                        HistoryParts.Blob b = byId.get(blob);
                        Finding here = b == null ? f : attribute(f, b);
                        remember(here);
                        found.add(here);
                        batch.add(new StateStore.StoredFinding(repo, here, hash, runId, true, false));
                    }
                }
                store.commitBatch(runId, hash, batchUnread ? List.of()
                        : todo.stream().map(HistoryParts.Blob::blobId).toList(), batch);
                batch.forEach(s -> listener.finding(new OrgFinding(repo, s.finding(),
                        firstRun.getOrDefault(key(repo, s.finding()), runId), true)));
            }
            return found;
        }

        private List<Finding> scan(Mirrors.Mirrored m, Collection<HistoryParts.Blob> todo, HistoryOptions history) {
            String repo = m.spec().name();
            List<Finding> out = java.util.Collections.synchronizedList(new ArrayList<>());
            parts.scan(m.gitDir(), todo, history, new ScanListener() {
                @Override
                public void finding(Finding f) {
                    out.add(f);
                }

                @Override
                public void error(ScanError e) {
                    synchronized (errors) {
                        errors.add(new OrgResult.RepoProblem<>(repo, e));
                    }
                    listener.error(repo, e);
                }

                @Override
                public void skipped(Skipped s) {
                    synchronized (skipped) {
                        skipped.add(new OrgResult.RepoProblem<>(repo, s));
                    }
                    listener.skipped(repo, s);
                }

                @Override
                public void baselined(Finding f) {
                    baselined.incrementAndGet();
                }

                @Override
                public void scanned(String path, long size) {
                    bytes.addAndGet(size);
                    listener.scanned(path, size);
                }
            });
            synchronized (out) {
                return new ArrayList<>(out);
            }
        }

        private static String key(String repo, Finding f) {
            return repo + " " + ((Provenance.GitBlob) f.provenance()).blobId() + " " + f.fingerprint() + " "
                    + f.location().line() + ":" + f.location().column();
        }

        private int errorCount() {
            synchronized (errors) {
                return errors.size();
            }
        }

        private void remember(Finding f) {
            String blob = ((Provenance.GitBlob) f.provenance()).blobId();
            List<Finding> list = byBlob.computeIfAbsent(blob, k -> new ArrayList<>());
            boolean same = list.stream().anyMatch(x -> x.fingerprint().equals(f.fingerprint())
                    && x.location().line() == f.location().line() && x.location().column() == f.location().column());
            if (!same) {
                list.add(f);
            }
        }

        private String settings(Mirrors.Mirrored m) {
            HistoryOptions h = options.history();
            return hash + "|branches=" + (m.refs() == null ? h.branches() : "mirror") + "|since=" + h.since()
                    + "|maxBlobSize=" + h.maxBlobSize();
        }

        private void problem(String repo, String message) {
            ScanError e = new ScanError(repo, message);
            errors.add(new OrgResult.RepoProblem<>(repo, e));
            listener.error(repo, e);
        }

        private OrgResult result(Set<String> names) {
            List<StateStore.StoredFinding> rows = current(names);
            List<OrgFinding> findings = rows.stream()
                    .map(r -> new OrgFinding(r.repo(), r.finding(), r.runId(), r.reachable()))
                    .sorted(Comparator.comparing(OrgFinding::repo).thenComparing(f -> f.finding().path())
                            .thenComparing(f -> f.finding().location().line()))
                    .toList();
            return new OrgResult(runId, findings, audit(rows), errors, skipped,
                    new OrgResult.Stats(names.size(), walked, unchanged, failed, listed, scannedBlobs, bytes.get(),
                            baselined.get()));
        }

        /**
         * The stored findings of this run's repositories under the current rules, and those that no ref reaches
         * any more whatever rules found them (their blobs may be gone, so they cannot be scanned again).
         */
        private List<StateStore.StoredFinding> current(Set<String> names) {
            List<StateStore.StoredFinding> all = store.findings().stream().filter(f -> names.contains(f.repo()))
                    .toList();
            Set<String> currentBlobs = new HashSet<>();
            all.stream().filter(f -> f.rulesHash().equals(hash)).forEach(f -> currentBlobs.add(f.repo() + " " + f.blobId()));
            return all.stream().filter(f -> f.rulesHash().equals(hash)
                    || !f.reachable() && !currentBlobs.contains(f.repo() + " " + f.blobId())).toList();
        }
    }

    /**
     * In a shared mirror HEAD is the network root's; a fork's "at the tip" is its own default branch, so its
     * inventory says so before it is summarised.
     */
    static HistoryParts.Inventory ownHead(HistoryParts.Inventory inv, Mirrors.Mirrored m, Map<String, String> tips) {
        if (m.headRef() == null || m.headRef().equals(inv.info().headRef())) {
            return inv;
        }
        dev.keyward.finding.HistoryInfo i = inv.info();
        return new HistoryParts.Inventory(new dev.keyward.finding.HistoryInfo(i.gitDir(), i.bare(), i.shallow(),
                tips.get(m.headRef()), m.headRef(), i.refs(), i.commits(), i.trees(), i.blobs()), inv.blobs(),
                inv.skipped(), inv.errors());
    }

    /** The same finding where its blob first appears in another repository. */
    static Finding attribute(Finding f, HistoryParts.Blob b) {
        Provenance.GitBlob p = new Provenance.GitBlob(b.blobId(), b.commit(), b.path(), b.author(), b.email(),
                b.date(), (int) Math.min(Integer.MAX_VALUE, b.places() - 1));
        Location l = new Location(b.path(), f.location().line(), f.location().column(), f.location().offset());
        return f.withOrigin(l, p);
    }

    /** One row per fingerprint: every repository, the first appearance anywhere, where it is still at the tip. */
    List<OrgCredential> audit(List<StateStore.StoredFinding> rows) {
        Map<String, List<StateStore.StoredFinding>> byPrint = new LinkedHashMap<>();
        rows.forEach(r -> byPrint.computeIfAbsent(r.finding().fingerprint(), k -> new ArrayList<>()).add(r));
        Instant now = options.history().clock().instant();
        Map<String, Map<String, List<Exposure>>> kept = new HashMap<>();
        List<OrgCredential> out = new ArrayList<>();
        for (Map.Entry<String, List<StateStore.StoredFinding>> e : byPrint.entrySet()) {
            List<StateStore.StoredFinding> list = e.getValue();
            StateStore.StoredFinding first = list.stream().min(FIRST).orElseThrow();
            Instant date = ((Provenance.GitBlob) first.finding().provenance()).date();
            long days = date == null || date.isAfter(now) ? 0 : Duration.between(date, now).toDays();
            out.add(new OrgCredential(e.getKey(), first.finding(), first.repo(),
                    list.stream().map(StateStore.StoredFinding::repo).distinct().sorted().toList(),
                    list.stream().filter(r -> r.atTip() && r.reachable()).map(StateStore.StoredFinding::repo)
                            .distinct().sorted().toList(),
                    list.stream().anyMatch(StateStore.StoredFinding::reachable),
                    list.stream().anyMatch(r -> r.finding().pairedWith() != null),
                    list.stream().mapToLong(StateStore.StoredFinding::runId).min().orElseThrow(), days,
                    exposures(e.getKey(), list, kept)));
        }
        out.sort(Comparator.comparing((OrgCredential c) -> c.origin().date(),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(OrgCredential::fingerprint));
        return out;
    }

    /**
     * A credential's blobs in each repository: as each repository's last walk summarised them, and for a blob no
     * summary names (one no ref reaches any more) its first place.
     */
    private List<Exposure> exposures(String fingerprint, List<StateStore.StoredFinding> rows,
                                     Map<String, Map<String, List<Exposure>>> kept) {
        Map<String, Exposure> out = new LinkedHashMap<>();
        for (String repo : rows.stream().map(StateStore.StoredFinding::repo).distinct().sorted().toList()) {
            for (Exposure x : kept.computeIfAbsent(repo, store::exposures).getOrDefault(fingerprint, List.of())) {
                out.putIfAbsent(repo + " " + x.blobId(), x);
            }
        }
        for (StateStore.StoredFinding r : rows) {
            Provenance.GitBlob g = (Provenance.GitBlob) r.finding().provenance();
            out.computeIfAbsent(r.repo() + " " + g.blobId(), k -> new Exposure(g.blobId(), g.commit(), g.date(),
                    List.of(g.path()), g.date() == null ? Instant.EPOCH : g.date(), r.atTip() && r.reachable(),
                    g.otherOccurrences() + 1L, r.repo()));
        }
        return out.values().stream().sorted(Comparator.comparing(Exposure::introduced,
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Exposure::repository)
                .thenComparing(Exposure::blobId)).toList();
    }

    // The oldest commit date first; undated last; then by repository and path so the choice is stable.
    private static final Comparator<StateStore.StoredFinding> FIRST = Comparator
            .comparing((StateStore.StoredFinding r) -> ((Provenance.GitBlob) r.finding().provenance()).date(),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(StateStore.StoredFinding::repo)
            .thenComparing(r -> r.finding().path());
}
