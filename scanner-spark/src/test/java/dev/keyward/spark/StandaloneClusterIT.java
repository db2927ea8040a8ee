package dev.keyward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone cluster on this machine: a master and two workers as separate processes on 127.0.0.1. The
 * application jar is submitted to it the way {@code spark-submit} does it ({@code SparkSubmit} in its own JVM with
 * only Spark's class path, the executors getting the jar from the driver); then the job is submitted from this
 * JVM's driver and one worker is killed while it runs. Both outputs must be the same bytes as a local run's.
 * An integration test: it needs the packaged jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {

    @TempDir
    static Path tmp;
    final List<Process> started = new ArrayList<>();
    Fixtures fx;
    String classpath;

    @BeforeAll
    void build() throws Exception {
        fx = new Fixtures(tmp.resolve("repos"), false).build();
        String cp = System.getProperty("surefire.test.class.path");
        classpath = cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    @AfterAll
    void killCluster() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : started) {
            try {
                p.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void theApplicationJarUnderSparkSubmitAndAJobThatSurvivesALostWorker() throws Exception {
        // The local run first: one SparkContext per JVM at a time.
        Path local = tmp.resolve("out-local");
        SparkSession spark = LocalJobTest.session("local[2,2]");
        try {
            KeywardJob.Result r = new KeywardJob(spark, LocalJobTest.settings(tmp.resolve("staging-local"), false))
                    .run(fx.specs, null);
            JobOutput.write(spark, r, local.toUri().toString(), true, "test");
        } finally {
            spark.stop();
        }

        int port = freePort();
        int ui = freePort();
        start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(ui)));
        waitFor(() -> accepts(port), 90, "the master to listen on " + port);
        String url = "spark://127.0.0.1:" + port;
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            workers.add(start("worker" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--webui-port", Integer.toString(freePort()), "--work-dir",
                    tmp.resolve("work" + i).toString(), url)));
        }
        waitFor(() -> aliveWorkers(ui) >= 2, 120, "two workers to register");
        String want = Files.readString(local.resolve("findings.jsonl"));
        assertThat(want.lines().count()).isGreaterThanOrEqualTo(5);

        // spark-submit: SparkSubmit as main with Spark's class path only; keyward comes in the application jar.
        Path submitted = tmp.resolve("out-submit");
        List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", url,
                "--deploy-mode", "client", "--class", "dev.keyward.spark.SparkMain",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.cores.max=2",
                "--conf", "spark.executor.memory=512m", "--conf", "spark.sql.shuffle.partitions=4",
                "--conf", "spark.executor.extraClassPath=" + SparkClasspath.of(classpath),
                "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", javaOptions()),
                SparkClasspath.applicationJar().toString(),
                "--out", submitted.toUri().toString(), "--staging", tmp.resolve("staging-submit").toUri().toString(),
                "--pull-requests", "--range-mb", Long.toString(LocalJobTest.RANGE >> 20)));
        fx.specs.forEach(s -> submit.add(s.url()));
        Process p = start("submit", SparkClasspath.of(classpath), submit);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("spark-submit finished; see submit.log").isTrue();
        String log = Files.readString(tmp.resolve("submit.log"));
        assertThat(p.exitValue()).as(log).isEqualTo(1); // 1: findings
        assertThat(log).contains("keyward-spark: " + fx.specs.size() + " repositories");
        assertThat(Files.readString(submitted.resolve("findings.jsonl"))).isEqualTo(want);

        Path cluster = tmp.resolve("out-cluster");
        SparkSession cs = SparkSession.builder().appName("keyward-cluster-test").master(url)
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.executor.memory", "512m").config("spark.cores.max", "2")
                .config("spark.task.maxFailures", "8")
                .config("spark.executor.extraClassPath", classpath)
                .config("spark.executor.extraJavaOptions", String.join(" ", javaOptions()))
                .getOrCreate();
        try {
            waitFor(() -> cs.sparkContext().statusTracker().getExecutorInfos().length >= 3, 120,
                    "an executor on each worker");
            AtomicBoolean killed = new AtomicBoolean();
            cs.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onTaskStart(SparkListenerTaskStart start) {
                    if (killed.compareAndSet(false, true)) {
                        Process w = workers.get(0);
                        w.descendants().forEach(ProcessHandle::destroyForcibly);
                        w.destroyForcibly();
                    }
                }
            });
            CompletableFuture<KeywardJob.Result> job = CompletableFuture.supplyAsync(() ->
                    new KeywardJob(cs, LocalJobTest.settings(tmp.resolve("staging-cluster"), false))
                            .run(fx.specs, null));
            KeywardJob.Result r = job.get(240, TimeUnit.SECONDS);
            assertThat(killed).isTrue();
            assertThat(workers.get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();
            JobOutput.write(cs, r, cluster.toUri().toString(), true, "test");
        } finally {
            cs.stop();
        }
        assertThat(Files.readString(cluster.resolve("findings.jsonl"))).isEqualTo(want);
        assertThat(Files.readString(cluster.resolve("summary.json")))
                .isEqualTo(Files.readString(local.resolve("summary.json")));
    }

    private List<String> javaOptions() {
        List<String> o = new ArrayList<>();
        for (String s : System.getProperty("keyward.test.sparkOpens", "").split(" ")) {
            if (!s.isBlank()) {
                o.add(s);
            }
        }
        o.add("-Djdk.lang.Process.launchMechanism=VFORK");
        return o;
    }

    private Process start(String name, List<String> args) throws IOException {
        return start(name, classpath, args);
    }

    private Process start(String name, String cp, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(javaOptions());
        cmd.add("-cp");
        cmd.add(cp);
        cmd.addAll(args);
        Path home = Files.createDirectories(tmp.resolve("spark-home"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_HOME", home.toString());
        if (!name.equals("submit")) {
            // A worker builds its executors' classpath from SPARK_HOME/jars unless testing; the app gives it instead.
            env.put("SPARK_TESTING", "1");
        }
        env.put("SPARK_SCALA_VERSION", "2.13");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int aliveWorkers(int ui) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui + "/json/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("aliveworkers").asInt();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void waitFor(java.util.function.BooleanSupplier ok, int seconds, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                StringBuilder logs = new StringBuilder();
                try (var s = Files.list(tmp)) {
                    for (Path p : s.filter(f -> f.toString().endsWith(".log")).toList()) {
                        List<String> lines = Files.readAllLines(p);
                        logs.append("\n--- ").append(p.getFileName()).append('\n').append(String.join("\n",
                                lines.subList(Math.max(0, lines.size() - 15), lines.size())));
                    }
                }
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what + logs);
            }
            Thread.sleep(500);
        }
    }
}
