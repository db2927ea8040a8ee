package dev.keyward.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.ScanStats;
import dev.keyward.finding.Skipped;
import dev.keyward.report.JsonLinesReporter;
import dev.keyward.report.JsonReporter;
import dev.keyward.report.Redaction;
import dev.keyward.report.ReportOptions;
import dev.keyward.report.SarifReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a job's result into {@code --out} (any Hadoop URI): {@code findings.jsonl} (one line per finding in the
 * shape of {@code keyward history --format jsonl}, with its repository), {@code summary.json} (one row per
 * credential across repositories), both again as Parquet ({@code findings.parquet/}, {@code summary.parquet/}),
 * {@code sarif/<repository>.sarif} per repository, and {@code run.json} (counts, errors, skipped). Everything is
 * sorted, so the same inputs give the same bytes.
 */
public final class JobOutput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The order of findings.jsonl: repository, path, position, rule, key, commit. */
    static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> repo(f))
            .thenComparing(Finding::path)
            .thenComparingLong(f -> f.location().offset())
            .thenComparing(Finding::ruleId)
            .thenComparing(Finding::fingerprint)
            .thenComparing(f -> ((Provenance.GitBlob) f.provenance()).commit());

    /** One credential across repositories. */
    public record Credential(CredentialSummary first, String firstRepo, List<String> repos, List<String> atTipIn,
                             boolean paired, int blobs, int paths, long places, java.time.Instant lastSeen,
                             long daysExposed) {
    }

    private JobOutput() {
    }

    /** Every finding of the result in output order. */
    public static List<JobFinding> findings(KeywardJob.Result result) {
        List<JobFinding> all = new ArrayList<>();
        result.repos().forEach(r -> all.addAll(r.findings()));
        all.sort(Comparator.comparing(JobFinding::finding, ORDER).thenComparing(JobFinding::reachable));
        return all;
    }

    /** The per-repository audits merged per fingerprint: the earliest first appearance anywhere wins. */
    public static List<Credential> credentials(KeywardJob.Result result) {
        Map<String, List<Map.Entry<String, CredentialSummary>>> byPrint = new LinkedHashMap<>();
        for (KeywardJob.RepoResult r : result.repos()) {
            for (CredentialSummary s : r.summary()) {
                byPrint.computeIfAbsent(s.first().fingerprint(), k -> new ArrayList<>()).add(Map.entry(r.name(), s));
            }
        }
        Comparator<Map.Entry<String, CredentialSummary>> first = Comparator
                .comparing((Map.Entry<String, CredentialSummary> e) -> e.getValue().origin().date(),
                        Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Map.Entry::getKey)
                .thenComparing(e -> e.getValue().first().path());
        List<Credential> out = new ArrayList<>();
        for (List<Map.Entry<String, CredentialSummary>> list : byPrint.values()) {
            Map.Entry<String, CredentialSummary> f = list.stream().min(first).orElseThrow();
            out.add(new Credential(f.getValue(), f.getKey(),
                    List.copyOf(new TreeSet<>(list.stream().map(Map.Entry::getKey).toList())),
                    List.copyOf(new TreeSet<>(list.stream().filter(e -> e.getValue().atHead())
                            .map(Map.Entry::getKey).toList())),
                    list.stream().anyMatch(e -> e.getValue().paired()),
                    list.stream().mapToInt(e -> e.getValue().blobs()).sum(),
                    list.stream().mapToInt(e -> e.getValue().paths()).sum(),
                    list.stream().mapToLong(e -> e.getValue().places()).sum(),
                    list.stream().map(e -> e.getValue().lastSeen()).max(Comparator.naturalOrder()).orElseThrow(),
                    list.stream().mapToLong(e -> e.getValue().daysExposed()).max().orElse(0)));
        }
        out.sort(Comparator.comparing((Credential c) -> c.first().origin().date(),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(c -> c.first().first().fingerprint()));
        return out;
    }

    /**
     * One finding as its findings.jsonl line (without the newline): {@code keyward history --format jsonl}'s shape
     * with {@code repo}, and, as there for many repositories, {@code runId} and {@code reachable}.
     */
    public static String line(JobFinding j, boolean redact) {
        ObjectNode o = JsonLinesReporter.toJson(j.finding(), redact);
        if (!o.has("repo")) {
            o.put("repo", repo(j.finding()));
        }
        o.put("runId", j.runId());
        o.put("reachable", j.reachable());
        return o.toString();
    }

    /** Writes every output file into {@code out}. */
    public static void write(SparkSession spark, KeywardJob.Result result, String out, boolean redact,
                             String version) throws IOException {
        Path dir = new Path(out);
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.setWriteChecksum(false); // no .crc files beside the reports on a local disk
        fs.mkdirs(dir);
        List<JobFinding> findings = findings(result);
        StringBuilder jsonl = new StringBuilder();
        findings.forEach(f -> jsonl.append(line(f, redact)).append('\n'));
        put(fs, new Path(dir, "findings.jsonl"), jsonl.toString());

        List<Credential> creds = credentials(result);
        ArrayNode summary = JSON.createArrayNode();
        creds.forEach(c -> summary.add(json(c, redact)));
        put(fs, new Path(dir, "summary.json"), PRETTY.writeValueAsString(summary) + "\n");

        ReportOptions ro = new ReportOptions(redact, false, version);
        fs.delete(new Path(dir, "sarif"), true);
        for (KeywardJob.RepoResult r : result.repos()) {
            List<ScanError> errors = new ArrayList<>();
            List<Skipped> skipped = new ArrayList<>();
            result.problems().stream().filter(p -> p.repo().equals(r.name())).forEach(p -> {
                if (p.error()) {
                    errors.add(new ScanError(p.path(), p.message()));
                } else {
                    skipped.add(new Skipped(p.path(), p.message()));
                }
            });
            ScanResult sr = new ScanResult(r.findings().stream().map(JobFinding::finding).toList(), errors, skipped,
                    new ScanStats(0, 0, 0));
            put(fs, new Path(dir, "sarif/" + fileName(r.name()) + ".sarif"),
                    PRETTY.writeValueAsString(SarifReporter.toJson(sr, ro)) + "\n");
        }

        ObjectNode run = JSON.createObjectNode();
        run.put("repositories", result.repos().size());
        run.put("networks", result.networks());
        run.put("uniqueBlobs", result.uniqueBlobs());
        run.put("findings", findings.size());
        run.put("credentials", creds.size());
        ArrayNode errs = run.putArray("errors");
        ArrayNode skips = run.putArray("skipped");
        for (Problem p : result.problems()) {
            ObjectNode o = (p.error() ? errs : skips).addObject();
            o.put("repo", p.repo());
            o.put("path", p.path());
            o.put(p.error() ? "message" : "reason", p.message());
        }
        // Counts of this run's work (they differ between a first and an incremental run) go last.
        ObjectNode stats = run.putObject("stats");
        stats.put("runId", result.runId());
        stats.put("ranges", result.ranges());
        stats.put("walked", result.walked());
        stats.put("unchanged", result.unchanged());
        stats.put("cloned", result.clonedMirrors());
        stats.put("items", result.scannedBlobs());
        stats.put("bytes", result.scannedBytes());
        put(fs, new Path(dir, "run.json"), PRETTY.writeValueAsString(run) + "\n");

        parquet(spark, findings, creds, dir, redact);
    }

    private static void parquet(SparkSession spark, List<JobFinding> findings, List<Credential> creds, Path dir,
                                boolean redact) {
        StructType fs = new StructType().add("repo", DataTypes.StringType).add("ruleId", DataTypes.StringType)
                .add("kind", DataTypes.StringType).add("severity", DataTypes.StringType)
                .add("path", DataTypes.StringType).add("line", DataTypes.IntegerType)
                .add("column", DataTypes.IntegerType).add("offset", DataTypes.LongType)
                .add("secret", DataTypes.StringType).add("fingerprint", DataTypes.StringType)
                .add("accountId", DataTypes.StringType).add("pairedWith", DataTypes.StringType)
                .add("blobId", DataTypes.StringType).add("commit", DataTypes.StringType)
                .add("author", DataTypes.StringType).add("email", DataTypes.StringType)
                .add("date", DataTypes.TimestampType).add("runId", DataTypes.LongType)
                .add("reachable", DataTypes.BooleanType);
        List<Row> rows = new ArrayList<>();
        for (JobFinding j : findings) {
            Finding f = j.finding();
            Provenance.GitBlob g = (Provenance.GitBlob) f.provenance();
            rows.add(RowFactory.create(repo(f), f.ruleId(), f.kind(), f.severity().id(), f.path(),
                    f.location().line(), f.location().column(), f.location().offset(), Redaction.shown(f, redact),
                    f.fingerprint(), f.accountId(), f.pairedWith() == null ? null : f.pairedWith().fingerprint(),
                    g.blobId(), g.commit(), g.author(), g.email(),
                    g.date() == null ? null : java.sql.Timestamp.from(g.date()), j.runId(), j.reachable()));
        }
        spark.createDataFrame(rows, fs).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(dir, "findings.parquet").toString());
        StructType cs = new StructType().add("fingerprint", DataTypes.StringType)
                .add("ruleId", DataTypes.StringType).add("kind", DataTypes.StringType)
                .add("secret", DataTypes.StringType).add("accountId", DataTypes.StringType)
                .add("paired", DataTypes.BooleanType).add("firstRepo", DataTypes.StringType)
                .add("firstCommit", DataTypes.StringType).add("firstPath", DataTypes.StringType)
                .add("firstAuthor", DataTypes.StringType).add("firstDate", DataTypes.TimestampType)
                .add("repos", DataTypes.createArrayType(DataTypes.StringType))
                .add("atTipIn", DataTypes.createArrayType(DataTypes.StringType))
                .add("blobs", DataTypes.IntegerType).add("paths", DataTypes.IntegerType)
                .add("places", DataTypes.LongType).add("lastSeen", DataTypes.TimestampType)
                .add("daysExposed", DataTypes.LongType);
        List<Row> crows = new ArrayList<>();
        for (Credential c : creds) {
            Finding f = c.first().first();
            Provenance.GitBlob g = c.first().origin();
            crows.add(RowFactory.create(f.fingerprint(), f.ruleId(), f.kind(), Redaction.shown(f, redact),
                    f.accountId(), c.paired(), c.firstRepo(), g.commit(), g.path(), g.author(),
                    g.date() == null ? null : java.sql.Timestamp.from(g.date()),
                    scala.jdk.javaapi.CollectionConverters.asScala(c.repos()).toSeq(),
                    scala.jdk.javaapi.CollectionConverters.asScala(c.atTipIn()).toSeq(), c.blobs(), c.paths(),
                    c.places(), java.sql.Timestamp.from(c.lastSeen()), c.daysExposed()));
        }
        spark.createDataFrame(crows, cs).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(dir, "summary.parquet").toString());
    }

    private static ObjectNode json(Credential c, boolean redact) {
        ObjectNode o = JsonReporter.toJson(c.first(), redact);
        o.put("paired", c.paired());
        o.put("atHead", !c.atTipIn().isEmpty());
        o.put("blobs", c.blobs());
        o.put("paths", c.paths());
        o.put("places", c.places());
        o.put("lastSeen", c.lastSeen().toString());
        o.put("daysExposed", c.daysExposed());
        ((ObjectNode) o.get("firstIntroduced")).put("repo", c.firstRepo());
        ArrayNode repos = o.putArray("repos");
        c.repos().forEach(repos::add);
        ArrayNode tip = o.putArray("atTipIn");
        c.atTipIn().forEach(tip::add);
        return o;
    }

    static String repo(Finding f) {
        String r = f.provenance() instanceof Provenance.GitBlob g ? g.repository() : null;
        return r == null ? "" : r;
    }

    /** A repository name as a file name: no folders, nothing a file system would refuse. */
    static String fileName(String repo) {
        String s = repo.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s : s;
    }

    private static void put(FileSystem fs, Path p, String text) throws IOException {
        try (OutputStream o = fs.create(p, true)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
