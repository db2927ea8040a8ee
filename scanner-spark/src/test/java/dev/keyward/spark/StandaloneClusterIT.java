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
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone cluster on this machine: a master and two workers as separate processes on 127.0.0.1. The
 * application jar is submitted to it the way {@code spark-submit} does it ({@code SparkSubmit} in its own JVM with
 * only Spark's class path, the executors getting the jar from the driver), and one worker is killed while the job
 * runs. The output must be the same bytes as a local run's. An integration test: it needs the packaged jar.
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
    void theApplicationJarUnderSparkSubmitSurvivesALostWorker() throws Exception {
        // The cluster's three JVMs start while this one makes the local run (workers retry until the master is up).
        int port = freePort();
        int ui = freePort();
        start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(ui)));
        String url = "spark://127.0.0.1:" + port;
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            workers.add(start("worker" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--webui-port", Integer.toString(freePort()), "--work-dir",
                    tmp.resolve("work" + i).toString(), url)));
        }

        // The local run (one SparkContext per JVM at a time).
        Path local = tmp.resolve("out-local");
        SparkSession spark = LocalJobTest.session("local[2,2]");
        try {
            KeywardJob.Result r = new KeywardJob(spark, LocalJobTest.settings(tmp.resolve("staging-local"), false))
                    .run(fx.specs, null);
            JobOutput.write(spark, r, local.toUri().toString(), true, "test");
        } finally {
            spark.stop();
        }
        String want = Files.readString(local.resolve("findings.jsonl"));
        assertThat(want.lines().count()).isGreaterThanOrEqualTo(5);

        waitFor(() -> accepts(port), 120, "the master to listen on " + port);
        waitFor(() -> aliveWorkers(ui) >= 2, 180, "two workers to register");

        // spark-submit: SparkSubmit as main with Spark's class path only; keyward comes in the application jar.
        // Scheduling waits for an executor on each worker; one worker (and its executor) is killed as soon as the
        // driver logs the first task start, so tasks and map outputs are lost and run again on the other.
        Path submitted = tmp.resolve("out-submit");
        List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", url,
                "--deploy-mode", "client", "--class", "dev.keyward.spark.SparkMain",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.cores.max=2",
                "--conf", "spark.executor.memory=512m", "--conf", "spark.sql.shuffle.partitions=4",
                "--conf", "spark.task.maxFailures=8",
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=180s",
                "--conf", "spark.executor.extraClassPath=" + SparkClasspath.of(classpath),
                "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", javaOptions()),
                SparkClasspath.applicationJar().toString(),
                "--out", submitted.toUri().toString(), "--staging", tmp.resolve("staging-submit").toUri().toString(),
                "--pull-requests", "--range-mb", Long.toString(LocalJobTest.RANGE >> 20)));
        fx.specs.forEach(s -> submit.add(s.url()));
        Process p = start("submit", SparkClasspath.of(classpath), submit);
        Path logFile = tmp.resolve("submit.log");
        waitFor(() -> !p.isAlive() || read(logFile).contains("Starting task"), 240, "the first task to start");
        assertThat(p.isAlive()).as("the job is still running when the worker is killed").isTrue();
        Process w = workers.get(0);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
        assertThat(w.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("spark-submit finished; see submit.log").isTrue();
        String log = read(logFile);
        assertThat(p.exitValue()).as(log).isEqualTo(1); // 1: findings
        assertThat(log).contains("keyward-spark: " + fx.specs.size() + " repositories");
        assertThat(log).as("the driver saw the executor go").containsPattern("(?i)lost executor|executor .* removed");
        assertThat(Files.readString(submitted.resolve("findings.jsonl"))).isEqualTo(want);
        // spark-submit counts days exposed up to the real now, the local run up to the tests' fixed one.
        assertThat(withoutDays(Files.readString(submitted.resolve("summary.json"))))
                .isEqualTo(withoutDays(Files.readString(local.resolve("summary.json"))));
    }

    private static String withoutDays(String summary) {
        assertThat(summary).contains("\"daysExposed\"");
        return summary.replaceAll("\"daysExposed\" : [0-9]+", "\"daysExposed\" : _");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
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
