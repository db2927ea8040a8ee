package dev.keyward.spark;

import dev.keyward.finding.Finding;
import dev.keyward.org.OrgException;
import dev.keyward.org.StateStore;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
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
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The state store of {@link StateStore} as Parquet tables in a folder of the job's file system (any Hadoop URI),
 * instead of the embedded database: it needs no server and the blobs table is read by the executors, so a run
 * over millions of blobs never brings their IDs to the driver.
 *
 * <p>Layout: {@code batches/<run>-<n>/} holds a batch's {@code blobs} (blobId, rulesHash, runId) and
 * {@code findings} tables, written under a temporary name and renamed into place, so a batch is there whole or not
 * at all (a killed run leaves at most a temporary folder, which readers ignore); {@code repos/} (each repository's
 * ref tips and snapshot of findings and audit rows), {@code marks/} and {@code runs/} are appended the same way,
 * the newest row winning. A {@code lock} file created exclusively keeps a
 * second run out; it names the holder.
 */
public final class ParquetStateStore implements StateStore {

    private static final String TMP = "_tmp-";
    private static final StructType BLOBS = new StructType().add("blobId", DataTypes.StringType)
            .add("rulesHash", DataTypes.StringType).add("runId", DataTypes.LongType);
    private static final StructType FINDINGS = new StructType().add("repo", DataTypes.StringType)
            .add("blobId", DataTypes.StringType).add("rulesHash", DataTypes.StringType)
            .add("runId", DataTypes.LongType).add("finding", DataTypes.StringType);
    private static final StructType REPOS = new StructType().add("repo", DataTypes.StringType)
            .add("seq", DataTypes.LongType).add("runId", DataTypes.LongType).add("tips", DataTypes.StringType)
            .add("snapshot", DataTypes.BinaryType);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructType MARKS = new StructType().add("repo", DataTypes.StringType)
            .add("kind", DataTypes.StringType).add("value", DataTypes.StringType).add("seq", DataTypes.LongType);
    private static final StructType RUNS = new StructType().add("id", DataTypes.LongType)
            .add("started", DataTypes.StringType).add("ended", DataTypes.StringType)
            .add("complete", DataTypes.BooleanType).add("rulesHash", DataTypes.StringType);

    private final SparkSession spark;
    private final Path root;
    private final FileSystem fs;
    private final Path lock;
    private long seq;
    private boolean closed;

    private ParquetStateStore(SparkSession spark, Path root, FileSystem fs) {
        this.spark = spark;
        this.root = root;
        this.fs = fs;
        this.lock = new Path(root, "lock");
        this.seq = System.currentTimeMillis() * 1000;
    }

    /**
     * Opens (creating it when absent) the store in folder {@code uri} and takes its lock.
     *
     * @throws OrgException "state folder X is in use by ..." when another run holds it, or why it cannot be used
     */
    public static ParquetStateStore open(SparkSession spark, String uri) {
        Objects.requireNonNull(spark, "spark");
        Path root = new Path(uri);
        try {
            FileSystem fs = root.getFileSystem(new Configuration(spark.sparkContext().hadoopConfiguration()));
            fs.mkdirs(root);
            ParquetStateStore s = new ParquetStateStore(spark, fs.makeQualified(root), fs);
            s.takeLock();
            return s;
        } catch (IOException e) {
            throw new OrgException("cannot use state folder " + uri + ": " + e.getMessage());
        }
    }

    private void takeLock() throws IOException {
        String me = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        try (FSDataOutputStream out = fs.create(lock, false)) {
            out.write(me.getBytes(StandardCharsets.UTF_8));
        } catch (FileAlreadyExistsException e) {
            String holder = read(lock);
            if (isDeadLocal(holder)) {
                // A run on this machine that was killed: its lock is stale, and its half-made batches are ignored.
                fs.delete(lock, false);
                takeLock();
                return;
            }
            throw new OrgException("state folder " + root + " is in use by another keyward run (" + holder + ")");
        }
    }

    private static boolean isDeadLocal(String holder) {
        int at = holder.indexOf('@');
        if (at < 0) {
            return false;
        }
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!holder.substring(at + 1).equals(host)) {
                return false;
            }
            long pid = Long.parseLong(holder.substring(0, at));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private String read(Path p) throws IOException {
        try (var in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (java.io.FileNotFoundException e) {
            return "";
        }
    }

    @Override
    public long startRun(Instant started, String rulesHash) {
        long id = runs().stream().mapToLong(Run::id).max().orElse(0) + 1;
        append("runs", RUNS, List.of(RowFactory.create(id, started.toString(), null, false, rulesHash)));
        return id;
    }

    @Override
    public void endRun(long runId, Instant ended, boolean complete) {
        Run r = runs().stream().filter(x -> x.id() == runId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no run " + runId));
        append("runs", RUNS, List.of(RowFactory.create(runId, r.started().toString(), ended.toString(), complete,
                r.rulesHash())));
    }

    @Override
    public List<Run> runs() {
        Map<Long, Run> byId = new TreeMap<>();
        for (Row row : rows("runs", RUNS)) {
            Run r = new Run(row.getLong(0), Instant.parse(row.getString(1)),
                    row.isNullAt(2) ? null : Instant.parse(row.getString(2)), row.getBoolean(3), row.getString(4));
            byId.merge(r.id(), r, (a, b) -> a.ended() != null ? a : b);
        }
        return List.copyOf(byId.values());
    }

    @Override
    public Map<String, String> refTips(String repo) {
        Row newest = newestRows(false).get(repo);
        return newest == null ? Map.of() : tipsOf(newest.getString(3));
    }

    @Override
    public void saveRefTips(String repo, Map<String, String> tips) {
        append("repos", REPOS, List.of(RowFactory.create(repo, ++seq, 0L, json(tips), null)));
    }

    /**
     * The newest snapshot of each repository (its tips, findings and audit rows); a repository whose newest row
     * has none, or one this keyward cannot read (written by another version), is left out and so walked again.
     */
    Map<String, RepoSnapshot> repositories() {
        Map<String, RepoSnapshot> out = new TreeMap<>();
        for (Row r : newestRows(true).values()) {
            if (!r.isNullAt(4)) {
                RepoSnapshot snap = snapshot((byte[]) r.get(4));
                if (snap != null && snap.repo().equals(r.getString(0))) {
                    out.put(snap.repo(), snap);
                }
            }
        }
        return out;
    }

    /** Records a run's repository snapshots, in one batch. */
    void saveRepositories(Collection<RepoSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (RepoSnapshot s : snapshots) {
            rows.add(RowFactory.create(s.repo(), ++seq, s.runId(), json(s.tips()), bytes(s)));
        }
        append("repos", REPOS, rows);
    }

    private Map<String, Row> newestRows(boolean withSnapshots) {
        Map<String, Row> newest = new HashMap<>();
        List<String> dirs = children(new Path(root, "repos"));
        if (dirs.isEmpty()) {
            return newest;
        }
        Dataset<Row> df = spark.read().schema(REPOS).parquet(dirs.toArray(String[]::new));
        if (!withSnapshots) {
            df = df.withColumn("snapshot", org.apache.spark.sql.functions.lit(null).cast(DataTypes.BinaryType));
        }
        for (Row r : df.collectAsList()) {
            newest.merge(r.getString(0), r, (a, b) -> a.getLong(1) >= b.getLong(1) ? a : b);
        }
        return newest;
    }

    private static String json(Map<String, String> tips) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(tips));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> tipsOf(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable ref tips in the state: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(RepoSnapshot s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(b)) {
            o.writeObject(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the snapshot of " + s.repo(), e);
        }
        return b.toByteArray();
    }

    private static RepoSnapshot snapshot(byte[] data) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            // Only keyward's values and the JDK's collections and times: the state is ours, but stays data.
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("dev.keyward.**;java.**;!*"));
            return in.readObject() instanceof RepoSnapshot s ? s : null;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Set<String> scanned(Collection<String> blobIds, String rulesHash) {
        Set<String> want = new HashSet<>(blobIds);
        Set<String> out = new HashSet<>();
        for (String id : scannedBlobs(rulesHash).collect()) {
            if (want.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The IDs of every blob scanned under {@code rulesHash}, as a distributed collection. */
    public JavaRDD<String> scannedBlobs(String rulesHash) {
        List<String> dirs = batches("blobs");
        if (dirs.isEmpty()) {
            return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).emptyRDD();
        }
        Dataset<Row> df = spark.read().schema(BLOBS).parquet(dirs.toArray(String[]::new));
        return df.filter(df.col("rulesHash").equalTo(rulesHash)).select("blobId").distinct().javaRDD()
                .map(r -> r.getString(0));
    }

    @Override
    public void commitBatch(long runId, String rulesHash, Collection<String> blobIds,
                            Collection<StoredFinding> findings) {
        List<Row> rows = blobIds.stream().map(id -> RowFactory.create(id, rulesHash, runId)).toList();
        commit(runId, spark.createDataFrame(rows, BLOBS), findings);
    }

    /** {@link #commitBatch} for blob IDs that stay distributed: one batch, whole or not at all. */
    public void commitScanned(long runId, String rulesHash, JavaRDD<String> blobIds,
                              Collection<StoredFinding> findings) {
        commit(runId, spark.createDataFrame(blobIds.map(id -> RowFactory.create(id, rulesHash, runId)), BLOBS),
                findings);
    }

    private void commit(long runId, Dataset<Row> blobs, Collection<StoredFinding> findings) {
        String name = runId + "-" + (++seq);
        Path tmp = new Path(root, "batches/" + TMP + name + "-" + UUID.randomUUID());
        List<Row> rows = findings.stream().map(f -> RowFactory.create(f.repo(), f.blobId(), f.rulesHash(),
                f.runId(), dev.keyward.org.FindingJson.write(f.finding()))).toList();
        blobs.write().parquet(new Path(tmp, "blobs").toString());
        spark.createDataFrame(rows, FINDINGS).coalesce(1).write().parquet(new Path(tmp, "findings").toString());
        rename(tmp, new Path(root, "batches/" + name));
    }

    /** Findings stored under {@code rulesHash}, in the form they were found (the repository that read them). */
    public List<StoredFinding> findingsUnder(String rulesHash) {
        return findings().stream().filter(f -> f.rulesHash().equals(rulesHash)).toList();
    }

    @Override
    public List<StoredFinding> findings() {
        List<String> dirs = batches("findings");
        if (dirs.isEmpty()) {
            return List.of();
        }
        Map<String, Set<String>> reachable = new HashMap<>();
        Map<String, Set<String>> atTip = new HashMap<>();
        marks(reachable, atTip);
        Map<String, StoredFinding> out = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>(spark.read().schema(FINDINGS).parquet(dirs.toArray(String[]::new))
                .collectAsList());
        rows.sort(Comparator.comparingLong((Row r) -> r.getLong(3)));
        for (Row r : rows) {
            Finding f = dev.keyward.org.FindingJson.read(r.getString(4));
            String repo = r.getString(0);
            Set<String> reach = reachable.get(repo);
            Set<String> tip = atTip.get(repo);
            String key = repo + " " + r.getString(2) + " " + r.getString(1) + " " + f.fingerprint() + " "
                    + f.location().offset();
            // A finding already stored keeps the run that first found it.
            out.putIfAbsent(key, new StoredFinding(repo, f, r.getString(2), r.getLong(3),
                    reach == null || reach.contains(r.getString(1)), tip != null && tip.contains(f.fingerprint())));
        }
        return List.copyOf(out.values());
    }

    @Override
    public void markRepository(String repo, Set<String> reachableBlobs, Set<String> atTipFingerprints) {
        long s = ++seq;
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(repo, "mark", "", s));
        reachableBlobs.forEach(b -> rows.add(RowFactory.create(repo, "blob", b, s)));
        atTipFingerprints.forEach(f -> rows.add(RowFactory.create(repo, "tip", f, s)));
        append("marks", MARKS, rows);
    }

    private void marks(Map<String, Set<String>> reachable, Map<String, Set<String>> atTip) {
        Map<String, Long> newest = new HashMap<>();
        List<Row> rows = rows("marks", MARKS);
        rows.forEach(r -> newest.merge(r.getString(0), r.getLong(3), Math::max));
        for (Row r : rows) {
            String repo = r.getString(0);
            if (r.getLong(3) != newest.get(repo)) {
                continue;
            }
            reachable.computeIfAbsent(repo, k -> new HashSet<>());
            atTip.computeIfAbsent(repo, k -> new HashSet<>());
            switch (r.getString(1)) {
                case "blob" -> reachable.get(repo).add(r.getString(2));
                case "tip" -> atTip.get(repo).add(r.getString(2));
                default -> { }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            fs.delete(lock, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + lock, e);
        }
    }

    private void append(String table, StructType schema, List<Row> rows) {
        String name = (++seq) + "";
        Path tmp = new Path(root, table + "/" + TMP + name + "-" + UUID.randomUUID());
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(tmp.toString());
        rename(tmp, new Path(root, table + "/" + name));
    }

    private List<Row> rows(String table, StructType schema) {
        List<String> dirs = children(new Path(root, table));
        if (dirs.isEmpty()) {
            return List.of();
        }
        return spark.read().schema(schema).parquet(dirs.toArray(String[]::new)).collectAsList();
    }

    private List<String> batches(String part) {
        return children(new Path(root, "batches")).stream().map(d -> d + "/" + part).toList();
    }

    private List<String> children(Path dir) {
        try {
            if (!fs.exists(dir)) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (FileStatus st : fs.listStatus(dir)) {
                if (st.isDirectory() && !st.getPath().getName().startsWith(TMP)) {
                    out.add(st.getPath().toString());
                }
            }
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private void rename(Path from, Path to) {
        try {
            fs.mkdirs(to.getParent());
            if (!fs.rename(from, to)) {
                throw new IOException("rename returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + to, e);
        }
    }
}
