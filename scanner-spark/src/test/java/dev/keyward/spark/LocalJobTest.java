package dev.keyward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.Scanner;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Provenance;
import dev.keyward.org.RepoSpec;
import dev.keyward.org.StateStore;
import dev.keyward.source.History;
import dev.keyward.source.HistoryBlob;
import dev.keyward.source.HistoryOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The job on real Spark in local mode with task retries ({@code local[2,2]}), over JGit-built repositories. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalJobTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final long RANGE = 8L << 20; // so the 40 MB repository becomes several tasks

    @TempDir
    static Path tmp;
    SparkSession spark;
    Fixtures fx;

    @BeforeAll
    void start() throws Exception {
        spark = TestSpark.local();
        fx = new Fixtures(tmp.resolve("repos")).build();
    }

    static SparkSession session(String master) {
        return SparkSession.builder().appName("keyward-test").master(master)
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.task.maxFailures", "2").getOrCreate();
    }

    static JobSettings settings(Path staging, boolean failFirst) {
        return new JobSettings(null, null, null, null, 100L << 20, true, staging.toUri().toString(), RANGE, NOW,
                failFirst);
    }

    KeywardJob.Result run(String name, boolean failFirst, ParquetStateStore state, Path out) throws Exception {
        return run(fx.specs, failFirst, state, out);
    }

    KeywardJob.Result run(List<RepoSpec> specs, boolean failFirst, ParquetStateStore state, Path out)
            throws Exception {
        KeywardJob job = new KeywardJob(spark, settings(tmp.resolve("staging"), failFirst));
        KeywardJob.Result r = job.run(specs, state);
        assertThat(job.blobsScanned()).isEqualTo(r.scannedBlobs());
        JobOutput.write(spark, r, out.toUri().toString(), true, "test");
        return r;
    }

    /** What the single-machine path finds: Scanner.scanHistory on each repository on its own. */
    Set<String> reference() {
        Scanner scanner = Scanner.builder().build();
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < fx.specs.size(); i++) {
            RepoSpec spec = fx.specs.get(i);
            Path src = fx.sources.values().stream().toList().get(i);
            HistoryResult h = scanner.scanHistory(src, HistoryOptions.defaults());
            h.result().findings().forEach(f -> out.add(key(spec.name(), f)));
        }
        return out;
    }

    static String key(String repo, Finding f) {
        Provenance.GitBlob g = (Provenance.GitBlob) f.provenance();
        return String.join(" ", repo, f.ruleId(), f.fingerprint(), g.commit(), g.path(),
                Integer.toString(f.location().line()), Integer.toString(f.location().column()));
    }

    long uniqueBlobs() {
        return uniqueBlobs(fx.sources.keySet());
    }

    long uniqueBlobs(Set<String> ids0) {
        Set<String> ids = new HashSet<>();
        for (Path src : ids0.stream().map(fx.sources::get).toList()) {
            History.enumerate(src, HistoryOptions.defaults()).blobs().stream().map(HistoryBlob::blobId)
                    .forEach(ids::add);
        }
        return ids.size();
    }

    @Test
    @Order(1)
    void findsWhatTheSingleMachinePathFindsWithAFailedFirstAttempt() throws Exception {
        Path out1 = tmp.resolve("out1");
        KeywardJob.Result r = run("a", true, null, out1);
        Set<String> got = new TreeSet<>();
        JobOutput.findings(r).forEach(j -> got.add(key(JobOutput.repo(j.finding()), j.finding())));
        assertThat(JobOutput.findings(r)).allMatch(j -> j.reachable() && j.runId() == 0);
        Set<String> want = reference();
        assertThat(want).hasSizeGreaterThanOrEqualTo(9);
        assertThat(got).isEqualTo(want);
        long unique = uniqueBlobs();
        assertThat(r.uniqueBlobs()).isEqualTo(unique);
        assertThat(r.scannedBlobs()).isEqualTo(unique);
        assertThat(r.ranges()).as("the 40 MB repository is cut into several ranges").isGreaterThanOrEqualTo(5);
        assertThat(r.problems().stream().filter(Problem::error)).isEmpty();

        // A second run (no failure; it fetches into the staged mirrors) gives the same bytes.
        Path out2 = tmp.resolve("out2");
        run("b", false, null, out2);
        byte[] a = Files.readAllBytes(out1.resolve("findings.jsonl"));
        assertThat(a).isEqualTo(Files.readAllBytes(out2.resolve("findings.jsonl")));
        assertThat(Files.readString(out1.resolve("summary.json")))
                .isEqualTo(Files.readString(out2.resolve("summary.json")));

        // The other outputs: the vendored pair is one credential in four repositories; Parquet has every row.
        String jsonl = new String(a, StandardCharsets.UTF_8);
        assertThat(jsonl.lines().count()).isEqualTo(want.size());
        ObjectMapper m = new ObjectMapper();
        JsonNode first = m.readTree(jsonl.lines().findFirst().orElseThrow());
        assertThat(first.has("repo")).isTrue();
        assertThat(first.get("secret").asText()).doesNotMatch("[A-Za-z0-9/+]{40}");
        JsonNode summary = m.readTree(out1.resolve("summary.json").toFile());
        String parent = fx.specs.get(0).name();
        JsonNode shared = null;
        for (JsonNode c : summary) {
            if (c.get("repos").size() == 4) {
                shared = c;
            }
        }
        assertThat(shared).as("a credential held by parent, both forks and the vendoring repository").isNotNull();
        assertThat(shared.get("firstIntroduced").get("repo").asText()).isEqualTo(parent);
        assertThat(shared.get("atTipIn").size()).isEqualTo(1); // only the vendoring repository still has it
        assertThat(spark.read().parquet(out1.resolve("findings.parquet").toString()).count()).isEqualTo(want.size());
        assertThat(spark.read().parquet(out1.resolve("summary.parquet").toString()).count())
                .isEqualTo(summary.size());
        try (var s = Files.list(out1.resolve("sarif"))) {
            assertThat(s.count()).isEqualTo(fx.specs.size());
        }
    }

    @Test
    @Order(2)
    void incrementalRunsSkipUnchangedRepositoriesAndKeepWhatAForcePushHid() throws Exception {
        // Without the 40 MB repository (the first test cuts it into ranges): what is measured here is which
        // repositories are fetched and walked and which blobs read, and it keeps the two full runs small.
        List<RepoSpec> specs = fx.specs.stream().filter(s -> !s.url().equals(fx.sources.get("big").toUri().toString()))
                .toList();
        assertThat(specs).hasSize(fx.specs.size() - 1);
        Set<String> small = new java.util.TreeSet<>(fx.sources.keySet());
        small.remove("big");
        Path state = tmp.resolve("state");
        String uri = state.toUri().toString();
        KeywardJob.Result first;
        try (ParquetStateStore s = ParquetStateStore.open(spark, uri)) {
            first = run(specs, false, s, tmp.resolve("inc1"));
        }
        assertThat(first.scannedBlobs()).isEqualTo(uniqueBlobs(small));
        assertThat(first.walked()).isEqualTo(specs.size());

        // Nothing changed: no repository is fetched (no mirror folder is made or committed) or walked.
        Map<Path, String> mirrors = staged();
        KeywardJob.Result same;
        try (ParquetStateStore s = ParquetStateStore.open(spark, uri)) {
            same = run(specs, false, s, tmp.resolve("inc-same"));
        }
        assertThat(same.scannedBlobs()).isZero();
        assertThat(same.unchanged()).isEqualTo(specs.size());
        assertThat(same.walked()).isZero();
        assertThat(staged()).isEqualTo(mirrors);
        assertThat(Files.readString(tmp.resolve("inc-same/findings.jsonl")))
                .isEqualTo(Files.readString(tmp.resolve("inc1/findings.jsonl")));
        assertThat(Files.readString(tmp.resolve("inc-same/summary.json")))
                .isEqualTo(Files.readString(tmp.resolve("inc1/summary.json")));

        // One new commit on the parent: only the parent is fetched and walked, only its two new blobs scanned.
        fx.newCommit();
        KeywardJob.Result second;
        try (ParquetStateStore s = ParquetStateStore.open(spark, uri)) {
            second = run(specs, false, s, tmp.resolve("inc2"));
            assertThat(s.runs()).hasSize(3).allMatch(StateStore.Run::complete);
            assertThat(s.refTips(fx.specs.get(0).name())).isNotEmpty();
        }
        assertThat(second.scannedBlobs()).as("the new key file and the changed README").isEqualTo(2);
        assertThat(second.walked()).isEqualTo(1);
        assertThat(second.uniqueBlobs()).as("the parent's blobs only").isEqualTo(History.enumerate(
                fx.sources.get("parent"), HistoryOptions.defaults()).blobs().size());
        Map<Path, String> after = staged();
        after.keySet().retainAll(mirrors.keySet());
        assertThat(after.entrySet().stream().filter(e -> !e.getValue().equals(mirrors.get(e.getKey()))))
                .as("only the parent's network mirror is committed anew").hasSize(1);
        // The incremental result is the whole audit: a full run without state gives the same lines but for runId.
        run(specs, false, null, tmp.resolve("full"));
        List<String> inc = Files.readAllLines(tmp.resolve("inc2/findings.jsonl"));
        assertThat(withoutRun(inc)).isEqualTo(withoutRun(Files.readAllLines(tmp.resolve("full/findings.jsonl"))));
        assertThat(Files.readString(tmp.resolve("inc2/summary.json")))
                .isEqualTo(Files.readString(tmp.resolve("full/summary.json")));
        assertThat(inc).hasSizeGreaterThan(Files.readAllLines(tmp.resolve("inc1/findings.jsonl")).size());
        assertThat(inc.stream().filter(l -> l.contains("later/keys.env")))
                .isNotEmpty().allMatch(l -> l.contains("\"runId\":" + second.runId()));
        assertThat(inc.stream().filter(l -> !l.contains("later/keys.env")))
                .allMatch(l -> l.contains("\"runId\":" + first.runId()));

        // A force-push takes the new commit away: its finding stays, no longer reachable, and nothing is read.
        fx.forcePushAway();
        KeywardJob.Result third;
        try (ParquetStateStore s = ParquetStateStore.open(spark, uri)) {
            third = run(specs, false, s, tmp.resolve("inc3"));
        }
        assertThat(third.scannedBlobs()).isZero();
        assertThat(third.walked()).isEqualTo(1);
        List<String> hidden = Files.readAllLines(tmp.resolve("inc3/findings.jsonl"));
        assertThat(hidden).hasSameSizeAs(inc);
        assertThat(hidden.stream().filter(l -> l.contains("later/keys.env")))
                .isNotEmpty().allMatch(l -> l.contains("\"reachable\":false"));
        assertThat(hidden.stream().filter(l -> !l.contains("later/keys.env")))
                .allMatch(l -> l.contains("\"reachable\":true"));
        JsonNode row = null;
        for (JsonNode c : new ObjectMapper().readTree(tmp.resolve("inc3/summary.json").toFile())) {
            if (c.get("firstIntroduced").get("path").asText().equals("later/keys.env")) {
                row = c;
            }
        }
        assertThat(row).as("the hidden key keeps its audit row").isNotNull();
        assertThat(row.get("atTipIn").size()).isZero();
    }

    /** Each staged network's committed mirror ({@code current} pointer) by network folder. */
    Map<Path, String> staged() throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (var s = Files.list(tmp.resolve("staging/mirrors"))) {
            for (Path net : s.toList()) {
                Path current = net.resolve("current");
                out.put(net, Files.isRegularFile(current) ? Files.readString(current) : "");
            }
        }
        return out;
    }

    static List<String> withoutRun(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("\"runId\":[0-9]+,", "")).toList();
    }

    @Test
    @Order(3)
    void aSecondRunOnTheSameStateIsRefused() {
        String uri = tmp.resolve("state-lock").toUri().toString();
        try (ParquetStateStore s = ParquetStateStore.open(spark, uri)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParquetStateStore.open(spark, uri))
                    .hasMessageContaining("in use by another keyward run");
        }
        ParquetStateStore.open(spark, uri).close(); // released on close
    }
}
