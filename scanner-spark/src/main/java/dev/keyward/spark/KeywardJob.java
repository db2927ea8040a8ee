package dev.keyward.spark;

import dev.keyward.ScanCollector;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Location;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanResult;
import dev.keyward.org.RepoSpec;
import dev.keyward.org.StateStore;
import dev.keyward.source.History;
import dev.keyward.source.HistoryBlob;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The organisation scan as a Spark job. The driver groups the repositories into fork networks; one task per network
 * (largest first) mirrors it onto the job's file system and walks each repository without reading a blob; blob IDs
 * are deduplicated across networks (and against the blobs an earlier run scanned under the same rules); each
 * repository's blobs to read are cut by blob ID into ranges of about {@link JobSettings#rangeBytes} bytes, one scan
 * task each, so a huge repository becomes many tasks; findings are attributed to every repository holding the blob
 * and summarised per repository on the executors, then merged per credential on the driver.
 *
 * <p>Every result is independent of which copy of a blob was read and of task order or retries, so the output is
 * deterministic. The {@link #blobsScanned()} accumulator counts the blobs read; it is updated only in the stage
 * whose result is collected, where Spark counts each partition once whatever the retries.
 */
public final class KeywardJob {

    /**
     * Everything the driver ends up with; {@link JobOutput} writes it. {@code clonedMirrors} counts the networks
     * whose mirror this run made from nothing rather than fetched into the staged one.
     */
    public record Result(List<RepoResult> repos, List<Problem> problems, long uniqueBlobs, long scannedBlobs,
                         long scannedBytes, int networks, int ranges, long runId, int walked, int unchanged,
                         int clonedMirrors) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One repository's findings (attributed to it, sorted; unreachable ones included) and audit rows. */
    public record RepoResult(String name, List<JobFinding> findings, List<CredentialSummary> summary)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final JobSettings settings;
    private final LongAccumulator blobsScanned;
    private final LongAccumulator bytesScanned;

    public KeywardJob(SparkSession spark, JobSettings settings) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.settings = Objects.requireNonNull(settings, "settings");
        this.blobsScanned = spark.sparkContext().longAccumulator("keyward.blobsScanned");
        this.bytesScanned = spark.sparkContext().longAccumulator("keyward.bytesScanned");
    }

    /** Blobs read and scanned by this job so far. */
    public long blobsScanned() {
        return blobsScanned.value();
    }

    /**
     * Runs the pipeline over {@code repos}. With a {@code state} store: a repository whose ref tips and settings are
     * those of its last walk is neither fetched nor walked (its part of the result is the stored one); blobs
     * recorded as scanned under the same rules are not read again (their stored findings are used); a walked
     * repository's earlier findings whose blobs no ref reaches any more stay, marked unreachable; and this run's
     * blobs, findings and repository snapshots are added.
     */
    public Result run(List<RepoSpec> repos, ParquetStateStore state) {
        String hash = settings.rulesHash();
        long runId = state == null ? 0 : state.startRun(settings.now(), hash);
        Map<String, RepoSnapshot> before = state == null ? Map.of() : state.repositories();
        Broadcast<JobSettings> conf = jsc.broadcast(settings);
        LongAccumulator blobAcc = blobsScanned; // locals, so the closures do not capture this job
        LongAccumulator byteAcc = bytesScanned;

        // 1. Networks, largest first (by repositories: sizes are unknown before mirroring), one task each.
        Map<String, List<RepoSpec>> byNetwork = new TreeMap<>();
        repos.forEach(r -> byNetwork.computeIfAbsent(r.network(), k -> new ArrayList<>()).add(r));
        List<Network> networks = byNetwork.entrySet().stream().map(e -> {
            Map<String, Map<String, String>> known = new HashMap<>();
            e.getValue().forEach(r -> {
                RepoSnapshot snap = before.get(r.name());
                if (snap != null) {
                    known.put(r.name(), snap.tips());
                }
            });
            return new Network(e.getKey(), e.getValue(), known);
        }).sorted(Comparator.comparingInt((Network n) -> -n.repos().size()).thenComparing(Network::key)).toList();
        if (networks.isEmpty()) {
            return new Result(List.of(), List.of(), 0, 0, 0, 0, 0, runId, 0, 0, 0);
        }
        JavaRDD<NetworkResult> inventories = jsc.parallelize(networks, networks.size())
                .map(n -> NetworkTask.run(n, conf.value()))
                .persist(StorageLevel.MEMORY_AND_DISK());

        // 2. Each unique blob of the walked repositories once, read from the same copy in every run.
        JavaPairRDD<String, BlobRef> unique = inventories.flatMapToPair(nr -> {
            List<Tuple2<String, BlobRef>> out = new ArrayList<>();
            for (RepoInventory ri : nr.repos()) {
                if (ri.inventory() != null) {
                    for (HistoryBlob b : ri.inventory().blobs()) {
                        out.add(new Tuple2<>(b.blobId(), new BlobRef(nr.network(), ri.name(), ri.gitDir(), b,
                                nr.sizes().getOrDefault(b.blobId(), 4096L))));
                    }
                }
            }
            return out.iterator();
        }).reduceByKey(BlobRef::pick);
        long uniqueBlobs = unique.count();
        JavaPairRDD<String, BlobRef> todo = state == null ? unique
                : unique.subtractByKey(state.scannedBlobs(hash).mapToPair(id -> new Tuple2<>(id, Boolean.TRUE)));

        // 3. Ranges by blob ID within each reading repository; one partition (task) per range, largest first.
        JavaRDD<Range> ranges = todo.mapToPair(t -> new Tuple2<>(t._2().network(), t._2())).groupByKey()
                .flatMap(t -> {
                    List<BlobRef> list = new ArrayList<>();
                    t._2().forEach(list::add);
                    return Range.cut(t._1(), list, conf.value().rangeBytes()).iterator();
                }).persist(StorageLevel.MEMORY_AND_DISK());
        List<Tuple2<String, Long>> keys = new ArrayList<>(ranges.map(r -> new Tuple2<>(r.key(), r.bytes())).collect());
        keys.sort(Comparator.comparing((Tuple2<String, Long> t) -> -t._2()).thenComparing(Tuple2::_1));
        Map<String, Integer> slot = new HashMap<>();
        keys.forEach(k -> slot.put(k._1(), slot.size()));

        // 4. Scan; this is the collected stage, so the accumulators count each range once.
        List<RangeOut> scanned = keys.isEmpty() ? List.of() : ranges.mapToPair(r -> new Tuple2<>(r.key(), r))
                .partitionBy(new SlotPartitioner(slot))
                .mapPartitions(it -> scan(it, conf.value(), blobAcc, byteAcc))
                .collect();

        // 5. Findings by blob: this run's and, for blobs scanned before, the stored ones.
        Map<String, List<Finding>> byBlob = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        List<StateStore.StoredFinding> fresh = new ArrayList<>();
        Set<String> unread = new HashSet<>(); // blobs of ranges with an error: read again next time
        long bytes = 0;
        for (RangeOut r : scanned) {
            bytes += r.bytes();
            problems.addAll(r.problems());
            if (r.problems().stream().anyMatch(Problem::error)) {
                unread.addAll(r.blobIds());
            }
            for (Finding f : r.findings()) {
                byBlob.computeIfAbsent(((Provenance.GitBlob) f.provenance()).blobId(), k -> new ArrayList<>()).add(f);
                fresh.add(new StateStore.StoredFinding(r.repo(), f, hash, runId, true, false));
            }
        }
        if (state != null) {
            for (StateStore.StoredFinding f : state.findingsUnder(hash)) {
                byBlob.computeIfAbsent(f.blobId(), k -> new ArrayList<>()).add(f.finding());
            }
        }
        byBlob.values().forEach(list -> list.sort(ScanResult.ORDER.thenComparing(Finding::fingerprint)));

        // 6. Attribute to every walked repository holding each blob, and summarise each where its mirror is.
        Broadcast<Map<String, List<Finding>>> found = jsc.broadcast(byBlob);
        Broadcast<Map<String, RepoSnapshot>> earlier = jsc.broadcast(new HashMap<>(before));
        long run = runId;
        List<RepoOut> walked = inventories.flatMap(nr -> attribute(nr, found.value(), earlier.value(), run,
                conf.value()).iterator()).collect();
        List<String> unchanged = new ArrayList<>();
        Map<String, String> attempts = new TreeMap<>();
        int cloned = 0;
        for (NetworkResult nr : inventories.map(nr -> new NetworkResult(nr.network(),
                nr.repos().stream().filter(RepoInventory::unchanged)
                        .map(ri -> new RepoInventory(ri.name(), ri.network(), null, ri.tips(), null, true)).toList(),
                nr.problems(), Map.of(), nr.attempt(), nr.cloned())).collect()) {
            problems.addAll(nr.problems());
            nr.repos().forEach(ri -> unchanged.add(ri.name()));
            cloned += nr.cloned();
            if (nr.attempt() != null) {
                attempts.put(nr.network(), nr.attempt());
            }
        }
        // The attempt folders the kept results name become the networks' mirrors; the others go.
        attempts.forEach((network, attempt) -> {
            try {
                Staging.commit(settings.staging(), spark.sparkContext().hadoopConfiguration(), network, attempt);
            } catch (IOException e) {
                problems.add(new Problem(network, false, network, "cannot commit the staged mirror: "
                        + e.getMessage()));
            }
        });
        if (!attempts.isEmpty() && !Staging.isLocal(settings.staging())) {
            Staging.evictGone(spark.sparkContext().hadoopConfiguration()); // the driver's copies (local mode)
        }

        // 7. Unchanged repositories, and those that failed this time, as the state has them.
        Map<String, RepoOut> outs = new TreeMap<>();
        walked.forEach(o -> outs.put(o.name(), o));
        Set<String> failed = new HashSet<>();
        problems.stream().filter(Problem::error).forEach(p -> failed.add(p.repo()));
        for (RepoSpec r : repos) {
            RepoSnapshot snap = before.get(r.name());
            if (!outs.containsKey(r.name()) && snap != null) {
                outs.put(r.name(), new RepoOut(r.name(), null, snap.tips(), snap.findings(),
                        exposedUntil(snap.summary(), settings.now()), List.of()));
            }
        }

        if (state != null) {
            JavaRDD<String> ids = ranges.flatMap(r -> r.blobs().stream().map(HistoryBlob::blobId).iterator())
                    .filter(id -> !unread.contains(id));
            state.commitScanned(runId, hash, ids, fresh);
            // A repository with an error is walked again next time.
            state.saveRepositories(walked.stream().filter(o -> !failed.contains(o.name()))
                    .map(o -> new RepoSnapshot(o.name(), runId, o.tips(), o.findings(), o.summary())).toList());
            state.endRun(runId, java.time.Instant.now(), problems.stream().noneMatch(Problem::error));
        }
        inventories.unpersist(false);
        ranges.unpersist(false);
        found.destroy();
        earlier.destroy();

        List<RepoResult> results = outs.values().stream()
                .map(o -> new RepoResult(o.name(), o.findings(), o.summary())).toList();
        problems.sort(Comparator.comparing(Problem::repo).thenComparing(Problem::path).thenComparing(Problem::message));
        return new Result(results, List.copyOf(problems), uniqueBlobs, blobsScanned.value(), bytes,
                networks.size(), keys.size(), runId, walked.size(), unchanged.size(), cloned);
    }

    /** Stored audit rows with their days exposed counted up to this run's "now". */
    private static List<CredentialSummary> exposedUntil(List<CredentialSummary> rows, Instant now) {
        return rows.stream().map(c -> {
            Instant from = c.origin().date() == null ? now : c.origin().date();
            long days = Math.max(0, Duration.between(from, now).toDays());
            return new CredentialSummary(c.first(), c.paired(), c.atHead(), c.blobs(), c.paths(), c.places(),
                    c.lastSeen(), days, c.exposures());
        }).toList();
    }

    private static Iterator<RangeOut> scan(Iterator<Tuple2<String, Range>> it, JobSettings s, LongAccumulator blobs,
                                           LongAccumulator bytes) {
        List<RangeOut> out = new ArrayList<>();
        while (it.hasNext()) {
            Range r = it.next()._2();
            ScanCollector col = new ScanCollector();
            s.scanner().scan(History.blobs(Staging.local(r.gitDir()), r.blobs(), s.history(), r.repo()), col);
            ScanResult res = col.result();
            List<Problem> problems = new ArrayList<>();
            res.errors().forEach(e -> problems.add(new Problem(r.repo(), true, e.path(), e.message())));
            res.skipped().forEach(k -> problems.add(new Problem(r.repo(), false, k.path(), k.reason())));
            blobs.add(r.blobs().size());
            bytes.add(res.stats().bytes());
            out.add(new RangeOut(r.key(), r.repo(), r.blobs().stream().map(HistoryBlob::blobId).toList(),
                    res.findings(), problems, res.stats().bytes()));
        }
        TaskContext tc = TaskContext.get();
        if (s.failFirstAttempt() && tc != null && tc.partitionId() == 0 && tc.attemptNumber() == 0) {
            // Test switch: this attempt's work is done (accumulators included) and then thrown away by Spark.
            throw new IllegalStateException("keyward test switch: the first attempt of the first scan task fails");
        }
        return out.iterator();
    }

    /**
     * Each walked repository's findings where the blob first appears in it, and its audit. A finding the state
     * held for the repository keeps the run that first found it; one whose blob the walk no longer reaches stays,
     * unreachable, and so does its audit row (no longer at the tip).
     */
    private static List<RepoOut> attribute(NetworkResult nr, Map<String, List<Finding>> byBlob,
                                           Map<String, RepoSnapshot> earlier, long runId, JobSettings s) {
        List<RepoOut> out = new ArrayList<>();
        for (RepoInventory ri : nr.repos()) {
            if (ri.unchanged()) {
                continue;
            }
            RepoSnapshot before = earlier.get(ri.name());
            Map<String, Long> firstRun = new HashMap<>();
            if (before != null) {
                before.findings().forEach(j -> firstRun.putIfAbsent(key(j.finding()), j.runId()));
            }
            List<Finding> mine = new ArrayList<>();
            Set<String> reached = new HashSet<>();
            if (ri.inventory() != null) {
                for (HistoryBlob b : ri.inventory().blobs()) {
                    reached.add(b.blobId());
                    List<Finding> fs = byBlob.get(b.blobId());
                    if (fs == null) {
                        continue;
                    }
                    Set<String> seen = new HashSet<>();
                    for (Finding f : fs) {
                        Location l = f.location();
                        // The same blob may have been stored by two runs; one finding per rule, key and position.
                        if (seen.add(f.ruleId() + " " + f.fingerprint() + " " + l.offset())) {
                            mine.add(f.withOrigin(new Location(b.path(), l.line(), l.column(), l.offset()),
                                    b.provenance(ri.name())));
                        }
                    }
                }
            }
            mine.sort(ScanResult.ORDER.thenComparing(Finding::fingerprint));
            List<CredentialSummary> summary = new ArrayList<>(mine.isEmpty() ? List.of()
                    : History.summarize(Staging.local(ri.gitDir()), ri.inventory(), mine,
                    Clock.fixed(s.now(), ZoneOffset.UTC)));
            List<JobFinding> held = new ArrayList<>();
            mine.forEach(f -> held.add(new JobFinding(f, firstRun.getOrDefault(key(f), runId), true)));
            if (before != null) {
                Set<String> live = new HashSet<>();
                summary.forEach(c -> live.add(c.first().fingerprint()));
                Set<String> gone = new HashSet<>();
                for (JobFinding j : before.findings()) {
                    if (!reached.contains(((Provenance.GitBlob) j.finding().provenance()).blobId())) {
                        held.add(new JobFinding(j.finding(), j.runId(), false));
                        gone.add(j.finding().fingerprint());
                    }
                }
                for (CredentialSummary c : before.summary()) {
                    if (gone.contains(c.first().fingerprint()) && !live.contains(c.first().fingerprint())) {
                        summary.add(new CredentialSummary(c.first(), c.paired(), false, c.blobs(), c.paths(),
                                c.places(), c.lastSeen(), c.daysExposed(), c.exposures()));
                    }
                }
                summary = exposedUntil(summary, s.now());
            }
            out.add(new RepoOut(ri.name(), ri.inventory() == null ? null : ri.inventory().info(), ri.tips(), held,
                    summary, List.of()));
        }
        return out;
    }

    /** A finding's identity within one repository: its blob, rule, key and position. */
    private static String key(Finding f) {
        return ((Provenance.GitBlob) f.provenance()).blobId() + " " + f.ruleId() + " " + f.fingerprint() + " "
                + f.location().offset();
    }

    /** Puts each range in its own partition, in the order the driver chose (largest first). */
    static final class SlotPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final Map<String, Integer> slots;

        SlotPartitioner(Map<String, Integer> slots) {
            this.slots = new LinkedHashMap<>(slots);
        }

        @Override
        public int numPartitions() {
            return Math.max(1, slots.size());
        }

        @Override
        public int getPartition(Object key) {
            return slots.get((String) key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SlotPartitioner p && p.slots.equals(slots);
        }

        @Override
        public int hashCode() {
            return slots.hashCode();
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
