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

    /** Everything the driver ends up with; {@link JobOutput} writes it. */
    public record Result(List<RepoResult> repos, List<Problem> problems, long uniqueBlobs, long scannedBlobs,
                         long scannedBytes, int networks, int ranges, long runId) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One repository's findings (attributed to it, sorted) and audit rows. */
    public record RepoResult(String name, List<Finding> findings, List<CredentialSummary> summary)
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
     * Runs the pipeline over {@code repos}; with a {@code state} store, blobs it has recorded as scanned under the
     * same rules are not read again (their stored findings are used), and this run's blobs and findings are added.
     */
    public Result run(List<RepoSpec> repos, ParquetStateStore state) {
        String hash = settings.rulesHash();
        long runId = state == null ? 0 : state.startRun(settings.now(), hash);
        Broadcast<JobSettings> conf = jsc.broadcast(settings);
        LongAccumulator blobAcc = blobsScanned; // locals, so the closures do not capture this job
        LongAccumulator byteAcc = bytesScanned;

        // 1. Networks, largest first (by repositories: sizes are unknown before mirroring), one task each.
        Map<String, List<RepoSpec>> byNetwork = new TreeMap<>();
        repos.forEach(r -> byNetwork.computeIfAbsent(r.network(), k -> new ArrayList<>()).add(r));
        List<Network> networks = byNetwork.entrySet().stream().map(e -> new Network(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt((Network n) -> -n.repos().size()).thenComparing(Network::key))
                .toList();
        if (networks.isEmpty()) {
            return new Result(List.of(), List.of(), 0, 0, 0, 0, 0, runId);
        }
        JavaRDD<NetworkResult> inventories = jsc.parallelize(networks, networks.size())
                .map(n -> NetworkTask.run(n, conf.value()))
                .persist(StorageLevel.MEMORY_AND_DISK());

        // 2. Each unique blob once, read from the same copy in every run.
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
        long bytes = 0;
        for (RangeOut r : scanned) {
            bytes += r.bytes();
            problems.addAll(r.problems());
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

        // 6. Attribute to every repository holding each blob, and summarise each repository where its mirror is.
        Broadcast<Map<String, List<Finding>>> found = jsc.broadcast(byBlob);
        List<RepoOut> outs = inventories.flatMap(nr -> attribute(nr, found.value(), conf.value()).iterator())
                .collect();
        for (NetworkResult nr : inventories.map(nr -> new NetworkResult(nr.network(), List.of(), nr.problems(),
                Map.of())).collect()) {
            problems.addAll(nr.problems());
        }

        if (state != null) {
            JavaRDD<String> ids = ranges.flatMap(r -> r.blobs().stream().map(HistoryBlob::blobId).iterator());
            state.commitScanned(runId, hash, ids, fresh);
            for (RepoOut o : outs) {
                state.saveRefTips(o.name(), o.tips());
            }
            state.endRun(runId, java.time.Instant.now(), problems.stream().noneMatch(Problem::error));
        }
        inventories.unpersist(false);
        ranges.unpersist(false);
        found.destroy();

        List<RepoResult> results = outs.stream()
                .map(o -> new RepoResult(o.name(), o.findings(), o.summary()))
                .sorted(Comparator.comparing(RepoResult::name)).toList();
        problems.sort(Comparator.comparing(Problem::repo).thenComparing(Problem::path).thenComparing(Problem::message));
        return new Result(results, List.copyOf(problems), uniqueBlobs, blobsScanned.value(), bytes,
                networks.size(), keys.size(), runId);
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

    /** Each repository's findings where the blob first appears in it, and its audit. */
    private static List<RepoOut> attribute(NetworkResult nr, Map<String, List<Finding>> byBlob, JobSettings s) {
        List<RepoOut> out = new ArrayList<>();
        for (RepoInventory ri : nr.repos()) {
            List<Finding> mine = new ArrayList<>();
            if (ri.inventory() != null) {
                for (HistoryBlob b : ri.inventory().blobs()) {
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
            List<CredentialSummary> summary = mine.isEmpty() ? List.of()
                    : History.summarize(Staging.local(ri.gitDir()), ri.inventory(), mine,
                    Clock.fixed(s.now(), ZoneOffset.UTC));
            out.add(new RepoOut(ri.name(), ri.inventory() == null ? null : ri.inventory().info(), ri.tips(), mine,
                    summary, List.of()));
        }
        return out;
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
