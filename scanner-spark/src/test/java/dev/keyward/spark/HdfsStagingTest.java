package dev.keyward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.source.History;
import dev.keyward.source.HistoryBlob;
import dev.keyward.source.HistoryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirrors staged on a real HDFS (a MiniDFSCluster, name node and one data node on 127.0.0.1) rather than on
 * {@code file:}: the same findings as a {@code file:} staging run, each network's mirror uploaded once and the
 * attempts that lost deleted, and after one new commit the network's staged mirror downloaded, fetched into and
 * uploaded again (not cloned from nothing), only the new blobs scanned, and the replaced upload deleted on HDFS and
 * on this machine. The state table is on the same HDFS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsStagingTest {

    @TempDir
    static Path tmp;
    MiniDFSCluster dfs;
    FileSystem fs;
    SparkSession spark;
    Fixtures fx;
    String root;

    @BeforeAll
    void start() throws Exception {
        Configuration c = new Configuration();
        c.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        for (String k : List.of("dfs.namenode.http-address", "dfs.datanode.address", "dfs.datanode.http.address",
                "dfs.datanode.ipc.address")) {
            c.set(k, "127.0.0.1:0");
        }
        c.setInt("dfs.replication", 1);
        dfs = new MiniDFSCluster.Builder(c).numDataNodes(1).build();
        dfs.waitActive();
        root = "hdfs://127.0.0.1:" + dfs.getNameNodePort() + "/keyward";
        fs = new org.apache.hadoop.fs.Path(root).getFileSystem(new Configuration());
        spark = TestSpark.local();
        fx = new Fixtures(tmp.resolve("repos"), false).build();
    }

    @AfterAll
    void stop() throws IOException {
        if (dfs != null) {
            dfs.shutdown(true);
        }
    }

    JobSettings settings(String staging, boolean failFirst) {
        return new JobSettings(null, null, null, null, 100L << 20, true, staging, LocalJobTest.RANGE, LocalJobTest.NOW,
                failFirst);
    }

    @Test
    void stagingOnHdfsFindsTheSameAndFetchesIncrementally() throws Exception {
        // The reference: staged on file:, no state.
        Path fileOut = tmp.resolve("out-file");
        KeywardJob.Result ref = new KeywardJob(spark, settings(tmp.resolve("staging").toUri().toString(), false))
                .run(fx.specs, null);
        JobOutput.write(spark, ref, fileOut.toUri().toString(), true, "test");

        String staging = root + "/staging";
        String state = root + "/state";
        KeywardJob.Result first;
        Path out1 = tmp.resolve("out-hdfs1");
        try (ParquetStateStore s = ParquetStateStore.open(spark, state)) {
            KeywardJob job = new KeywardJob(spark, settings(staging, true));
            first = job.run(fx.specs, s);
            assertThat(job.blobsScanned()).isEqualTo(first.scannedBlobs());
        }
        JobOutput.write(spark, first, out1.toUri().toString(), true, "test");
        assertThat(first.problems().stream().filter(Problem::error)).isEmpty();
        assertThat(LocalJobTest.withoutRun(Files.readAllLines(out1.resolve("findings.jsonl"))))
                .hasSizeGreaterThanOrEqualTo(5)
                .isEqualTo(LocalJobTest.withoutRun(Files.readAllLines(fileOut.resolve("findings.jsonl"))));
        assertThat(Files.readString(out1.resolve("summary.json")))
                .isEqualTo(Files.readString(fileOut.resolve("summary.json")));
        assertThat(first.scannedBlobs()).isEqualTo(ref.scannedBlobs()).isEqualTo(first.uniqueBlobs());
        assertThat(first.clonedMirrors()).as("every network cloned once").isEqualTo(first.networks());

        // On HDFS: each network has its pointer and exactly one upload, the one it names.
        Map<String, String> committed = committed(staging);
        assertThat(committed).hasSize(first.networks());
        String parentNet = Staging.hash(fx.specs.get(0).network());
        String upload1 = committed.get(parentNet);
        assertThat(upload1).isNotNull();
        // The upload is the whole mirror: walked again from a fresh download, the network's blobs.
        Path copy = tmp.resolve("check1/repo.git");
        Staging.download(upload1, copy, new Configuration());
        assertThat(blobs(copy)).isEqualTo(networkBlobs());
        List<String> packs1 = packs(upload1);
        assertThat(packs1).isNotEmpty();
        // This machine keeps no scratch folder; its downloaded copies are of committed uploads only.
        assertThat(scratch()).isEmpty();
        assertThat(Staging.localCopies().keySet()).isNotEmpty().allMatch(committed::containsValue);

        // One new commit on the parent.
        fx.newCommit();
        KeywardJob.Result second;
        Path out2 = tmp.resolve("out-hdfs2");
        try (ParquetStateStore s = ParquetStateStore.open(spark, state)) {
            second = new KeywardJob(spark, settings(staging, false)).run(fx.specs, s);
        }
        JobOutput.write(spark, second, out2.toUri().toString(), true, "test");
        assertThat(second.problems().stream().filter(Problem::error)).isEmpty();
        assertThat(second.scannedBlobs()).as("the new key file and the changed README").isEqualTo(2);
        assertThat(second.walked()).isEqualTo(1);
        assertThat(second.clonedMirrors()).as("fetched into the mirror downloaded from HDFS").isZero();
        assertThat(Files.readAllLines(out2.resolve("findings.jsonl")))
                .anyMatch(l -> l.contains("later/keys.env"))
                .hasSizeGreaterThan(Files.readAllLines(out1.resolve("findings.jsonl")).size());

        Map<String, String> after = committed(staging);
        String upload2 = after.get(parentNet);
        assertThat(upload2).isNotEqualTo(upload1);
        Map<String, String> others = new TreeMap<>(after);
        others.remove(parentNet);
        Map<String, String> othersBefore = new TreeMap<>(committed);
        othersBefore.remove(parentNet);
        assertThat(others).as("the unchanged networks were not mirrored again").isEqualTo(othersBefore);
        // Fetched into the downloaded mirror: the new upload holds the first one's packs and a new one.
        List<String> packs2 = packs(upload2);
        assertThat(packs2).containsAll(packs1).hasSizeGreaterThan(packs1.size());
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(upload1))).as("the replaced upload is deleted").isFalse();
        Path copy2 = tmp.resolve("check2/repo.git");
        Staging.download(upload2, copy2, new Configuration());
        assertThat(blobs(copy2)).isEqualTo(networkBlobs());
        assertThat(scratch()).isEmpty();
        assertThat(Staging.localCopies()).doesNotContainKey(upload1);
        assertThat(Staging.localCopies().keySet()).allMatch(after::containsValue);
    }

    /** Each network folder's committed upload, by network hash; fails if anything else is in the folder. */
    Map<String, String> committed(String staging) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (FileStatus net : fs.listStatus(new org.apache.hadoop.fs.Path(staging, "mirrors"))) {
            String hash = net.getPath().getName();
            String upload = Staging.committed(staging, fx.specs.stream().map(s -> s.network())
                    .filter(n -> Staging.hash(n).equals(hash)).findFirst().orElseThrow(), new Configuration());
            assertThat(upload).isNotNull();
            Set<String> names = Stream.of(fs.listStatus(net.getPath())).map(s -> s.getPath().getName())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(names).containsExactlyInAnyOrder("current", new org.apache.hadoop.fs.Path(upload).getName());
            out.put(hash, upload);
        }
        return out;
    }

    List<String> packs(String upload) throws IOException {
        List<String> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(upload), true);
        while (it.hasNext()) {
            String n = it.next().getPath().getName();
            if (n.endsWith(".pack")) {
                out.add(n);
            }
        }
        return out;
    }

    /** The blobs of the parent and its two forks, from their source folders. */
    Set<String> networkBlobs() {
        Set<String> out = new TreeSet<>();
        for (String id : List.of("parent", "forkA", "forkB")) {
            out.addAll(blobs(fx.sources.get(id)));
        }
        return out;
    }

    static Set<String> blobs(Path gitDir) {
        return History.enumerate(gitDir, HistoryOptions.defaults()).blobs().stream().map(HistoryBlob::blobId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Attempt scratch folders left in this JVM's Spark folder. */
    static List<Path> scratch() throws IOException {
        try (Stream<Path> s = Files.list(Staging.scratchRoot())) {
            return s.filter(p -> p.getFileName().toString().startsWith("keyward-mirrors-")).toList();
        }
    }
}
