package dev.keyward.spark;

import dev.keyward.org.GitHubOrg;
import dev.keyward.org.Mirrors;
import dev.keyward.org.OrgException;
import dev.keyward.org.RepoList;
import dev.keyward.org.RepoSpec;
import dev.keyward.rules.RuleException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keyward-spark}: the organisation scan as a Spark job, for {@code spark-submit --class
 * dev.keyward.spark.SparkMain} on a cluster or {@code ./keyward-spark} on this machine. Exit codes as
 * {@code keyward history}: 0 nothing found, 1 findings, 2 a usage error, or an error and nothing found.
 */
@Command(name = "keyward-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scan the history of many repositories for AWS credentials on Apache Spark: each unique "
                + "blob once across all of them, one audit, incremental with --state.")
public final class SparkMain implements Callable<Integer> {

    @Parameters(paramLabel = "REPO", description = "Clone URLs or local repositories.")
    List<String> repos = new ArrayList<>();

    @Option(names = "--repos", paramLabel = "FILE", description = "One repository a line (# comments).")
    Path reposFile;

    @Option(names = "--github-org", paramLabel = "ORG", description = "Every repository of a GitHub organisation "
            + "(token from GITHUB_TOKEN); forks are grouped with their parent.")
    String githubOrg;

    @Option(names = "--github-api", paramLabel = "URL", description = "GitHub Enterprise API (default: github.com).")
    URI githubApi;

    @Option(names = "--include-forks", description = "With --github-org: forks too.")
    boolean includeForks;

    @Option(names = "--include-archived", description = "With --github-org: archived repositories too.")
    boolean includeArchived;

    @Option(names = "--pull-requests", description = "Mirror and scan refs/pull/* as well.")
    boolean pullRequests;

    @Option(names = "--config", paramLabel = "FILE", description = "keyward config (rules and allowlists).")
    Path config;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Findings accepted earlier.")
    Path baseline;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: what spark-submit set, "
            + "else local[*]).")
    String master;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder or Hadoop URI.")
    String out;

    @Option(names = "--state", paramLabel = "DIR", description = "Incremental state folder or Hadoop URI "
            + "(Parquet tables).")
    String state;

    @Option(names = "--staging", paramLabel = "URI", description = "Where mirrors are staged for the tasks "
            + "(default: the keyward mirror cache on this machine; on a cluster an s3a:// or hdfs:// folder).")
    String staging;

    @Option(names = "--range-mb", paramLabel = "N", description = "Blob megabytes per scan task (default 256).")
    long rangeMb = JobSettings.RANGE_BYTES >> 20;

    @Option(names = "--max-blob-size", paramLabel = "BYTES", description = "Skip larger blobs (default 100 MiB).")
    long maxBlobSize = 100L << 20;

    @Option(names = "--no-redact", description = "Write secrets in full in the output.")
    boolean noRedact;

    private final PrintWriter err;
    private final Map<String, String> env;

    SparkMain(PrintWriter err, Map<String, String> env) {
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.getenv()));
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintWriter err, Map<String, String> env) {
        CommandLine cl = new CommandLine(new SparkMain(err, env));
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, c, p) -> {
            err.println("keyward-spark: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        List<RepoSpec> specs;
        JobSettings settings;
        try {
            specs = repositories();
            if (specs.isEmpty()) {
                err.println("keyward-spark: no repositories: give clone URLs, --repos FILE or --github-org ORG");
                return 2;
            }
            String stage = staging != null ? staging
                    : Mirrors.defaultDir(env, System.getProperty("user.home")).getParent()
                    .resolve("spark-staging").toUri().toString();
            settings = new JobSettings(text(config), config == null ? null : config.toString(), text(baseline),
                    baseline == null ? null : baseline.toString(), maxBlobSize, pullRequests, stage, rangeMb << 20,
                    Instant.now(), false);
            settings.scanner(); // a bad config or baseline is a message here, not a failed task
        } catch (OrgException | RuleException | IllegalArgumentException e) {
            err.println("keyward-spark: " + e.getMessage());
            return 2;
        }
        SparkSession.Builder b = SparkSession.builder().appName("keyward");
        if (master != null) {
            b.master(master);
        } else if (System.getProperty("spark.master") == null) {
            b.master("local[*]");
        }
        SparkSession spark = b.getOrCreate();
        try {
            ParquetStateStore store = state == null ? null : ParquetStateStore.open(spark, state);
            KeywardJob.Result result;
            try {
                result = new KeywardJob(spark, settings).run(specs, store);
            } finally {
                if (store != null) {
                    store.close();
                }
            }
            JobOutput.write(spark, result, out, !noRedact, version());
            long findings = result.repos().stream().mapToLong(r -> r.findings().size()).sum();
            long errors = result.problems().stream().filter(Problem::error).count();
            err.printf("keyward-spark: %d repositories (%d unchanged), %d unique blobs, %d scanned in this run "
                    + "(%.1f MB in %d tasks), %d findings, %d errors; output in %s%n", result.repos().size(),
                    result.unchanged(), result.uniqueBlobs(), result.scannedBlobs(), result.scannedBytes() / 1e6,
                    result.ranges(), findings, errors, out);
            result.problems().stream().filter(Problem::error)
                    .forEach(p -> err.println("keyward-spark: error: " + p.repo() + ": " + p.message()));
            return findings > 0 ? 1 : errors > 0 ? 2 : 0;
        } catch (OrgException e) {
            err.println("keyward-spark: " + e.getMessage());
            return 2;
        } finally {
            spark.stop();
        }
    }

    private List<RepoSpec> repositories() {
        Map<String, RepoSpec> byKey = new LinkedHashMap<>();
        List<RepoSpec> all = new ArrayList<>(RepoList.arguments(repos));
        if (reposFile != null) {
            all.addAll(RepoList.read(reposFile));
        }
        if (githubOrg != null) {
            GitHubOrg.Options o = GitHubOrg.Options.defaults(env).withIncludeForks(includeForks)
                    .withIncludeArchived(includeArchived);
            if (githubApi != null) {
                o = o.withApi(githubApi);
            }
            all.addAll(GitHubOrg.create(o, m -> err.println("keyward-spark: " + m)).list(githubOrg));
        }
        all.forEach(r -> byKey.putIfAbsent(r.key(), r));
        return List.copyOf(byKey.values());
    }

    private static String text(Path p) {
        if (p == null) {
            return null;
        }
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(p + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage());
        }
    }

    private static String version() {
        String v = SparkMain.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
