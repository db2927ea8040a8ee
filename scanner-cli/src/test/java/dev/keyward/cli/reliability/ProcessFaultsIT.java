package dev.keyward.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.TestKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults that need a real process: the real {@code ./keyward} launcher (and so the shaded jar and the JVM flags it
 * passes) fed by a generator process through a pipe, a closed standard input, and a SIGKILL in the middle of
 * writing a report. Runs in the {@code integration-test} phase, after {@code package}.
 *
 * <p>The stream test sends {@value #DEFAULT_STREAM_MIB} MiB (1 GiB, about 20 s on two cores);
 * {@code -Dkeyward.streamMiB=N} changes the size, for a slower machine or a longer run.
 */
class ProcessFaultsIT {

    static final Path LAUNCHER = Path.of("..", "keyward").toAbsolutePath().normalize();
    static final long DEFAULT_STREAM_MIB = 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void jarIsFresh() throws IOException {
        assertThat(LAUNCHER).isExecutable();
        Path jar = LAUNCHER.resolveSibling("scanner-cli/target/keyward.jar");
        assertThat(jar).as("built by package").exists();
        // As in LauncherIT: an unchanged shaded jar keeps its old time, which the launcher would take for stale.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
    }

    ProcessBuilder keyward(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        return pb;
    }

    String out() throws IOException {
        return Files.readString(dir.resolve("stdout"));
    }

    String err() throws IOException {
        return Files.readString(dir.resolve("stderr"));
    }

    // ---- streams ---------------------------------------------------------------------------------------------

    @Test
    void aLongStreamThroughA64MegabyteHeapFindsTheKeyAtItsEnd() throws Exception {
        long mib = Long.getLong("keyward.streamMiB", DEFAULT_STREAM_MIB);
        String id = TestKeys.keyId(new Random(64), "AKIA");
        Process p = keyward(Map.of("JAVA_OPTS", "-Xmx64m"), "scan", "--format", "jsonl", "-").start();
        // The generator: log-like lines, never a key, then one key on the last line.
        byte[] line = "2026-11-28T23:00:00Z INFO GET /api/v1/items?page=2 user=alice status=200 bytes=512 ms=12\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[line.length * 12_000];
        for (int i = 0; i < 12_000; i++) {
            System.arraycopy(line, 0, block, i * line.length, line.length);
        }
        long total = mib * 1024 * 1024;
        long lines = 0;
        try (OutputStream stdin = p.getOutputStream()) {
            long sent = 0;
            while (sent + block.length <= total) {
                stdin.write(block);
                sent += block.length;
                lines += 12_000;
            }
            stdin.write(("aws_access_key_id = " + id + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        long lastLine = lines + 1;
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("keyward finished").isTrue();
        assertThat(p.exitValue()).as(err()).isEqualTo(1);
        List<String> findings = out().lines().toList();
        assertThat(findings).singleElement().satisfies(f -> {
            JsonNode n = JSON.readTree(f);
            assertThat(n.get("secret").asText()).isEqualTo(id);
            assertThat(n.get("path").asText()).isEqualTo("<stdin>");
            assertThat(n.get("line").asLong()).isEqualTo(lastLine);
        });
        assertThat(err()).doesNotContain("OutOfMemory").doesNotContain("Exception");
    }

    @Test
    void aDenseLogsJsonAndSarifReportsFitA64MegabyteHeap() throws Exception {
        // 10,000 presigned-URL lines, an ASIA key ID and a 600-character session token on each: 20,000 findings.
        // Built as one tree and then one string, either report took more than 64 MiB; streamed, it fits.
        Random r = new Random(10_000);
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            String token = TestKeys.sessionToken(r, 600).replace("/", "%2F").replace("+", "%2B");
            log.append("10.0.0.").append(i % 250).append(" - - [03/Dec/2026:10:40:53 +0000] \"GET https://b.s3.amazonaws")
                    .append(".com/o").append(i).append("?X-Amz-Credential=").append(TestKeys.keyId(r, "ASIA"))
                    .append("%2F20261203%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=").append(token)
                    .append("&X-Amz-Signature=abc HTTP/1.1\" 200 512\n");
        }
        Files.writeString(dir.resolve("access.log"), log.toString());
        for (String format : List.of("json", "sarif")) {
            Process p = keyward(Map.of("JAVA_OPTS", "-Xmx64m"), "scan", "--format", format, "-o", "report." + format,
                    "access.log").start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("keyward finished").isTrue();
            assertThat(err()).as(format).doesNotContain("OutOfMemory").doesNotContain("Exception");
            assertThat(p.exitValue()).as(err()).isEqualTo(1);
            JsonNode report = JSON.readTree(dir.resolve("report." + format).toFile());
            JsonNode results = format.equals("json") ? report.get("findings") : report.get("runs").get(0).get("results");
            Map<String, Long> byRule = new java.util.TreeMap<>();
            results.forEach(f -> byRule.merge(f.get("ruleId").asText(), 1L, Long::sum));
            assertThat(byRule).as(format).containsEntry("aws-access-key-id", 10_000L)
                    .containsEntry("aws-session-token", 10_000L);
        }
    }

    @Test
    void aClosedStandardInputIsAnErrorNotAHangOrACleanResult() throws Exception {
        // '<&-' closes file descriptor 0: reading it fails, which must not pass for "nothing found".
        Process p = new ProcessBuilder("bash", "-c", "exec \"$0\" scan - <&-", LAUNCHER.toString())
                .directory(dir.toFile()).redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out() + err()).isEqualTo(2);
        assertThat(out() + err()).contains("<stdin>").doesNotContain("\tat ");
    }

    @Test
    void aProducerThatDiesMidStreamLeavesWhatItSentScanned() throws Exception {
        String id = TestKeys.keyId(new Random(3), "AKIA");
        Process p = keyward(Map.of(), "scan", "--format", "jsonl", "-").start();
        OutputStream stdin = p.getOutputStream();
        stdin.write(("aws_access_key_id = " + id + "\npartial line, no newline, and then the producer is gone")
                .getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        stdin.close();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(err()).isEqualTo(1);
        assertThat(out()).contains(id);
    }

    // ---- interrupted report writes ---------------------------------------------------------------------------

    @Test
    void aRunKilledWhileWritingItsReportLeavesThePreviousReportWhole() throws Exception {
        Path report = dir.resolve("report.json");
        Path input = dir.resolve("keys.txt");
        Random r = new Random(9);
        Files.writeString(input, "aws_access_key_id = " + TestKeys.keyId(r, "AKIA") + "\n");
        Process first = keyward(Map.of(), "scan", "--format", "json", "--output", report.toString(),
                input.toString()).start();
        assertThat(first.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(first.exitValue()).as(err()).isEqualTo(1);
        byte[] previous = Files.readAllBytes(report);
        JSON.readTree(previous);

        // Many findings make the report big enough to be caught while it is being written.
        boolean caught = false;
        for (int attempt = 0; attempt < 3 && !caught; attempt++) {
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 20_000 << attempt; i++) {
                many.append("aws_access_key_id = ").append(TestKeys.keyId(r, "AKIA")).append('\n');
            }
            Files.writeString(input, many);
            Process p = keyward(Map.of(), "scan", "--format", "json", "--output", report.toString(),
                    input.toString()).start();
            caught = killWhenTemporaryFileGrows(p, dir, "report.json");
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            if (!caught) {
                previous = Files.readAllBytes(report); // it finished first: that report is now the previous one
            }
            assertThat(Files.readAllBytes(report)).as("the report after a SIGKILL mid-write")
                    .isEqualTo(previous);
        }
        assertThat(caught).as("the process was killed while the report was being written").isTrue();
        JSON.readTree(Files.readAllBytes(report));
    }

    /** Polls for keyward's temporary report file and SIGKILLs {@code p} once it holds data; false if too late. */
    static boolean killWhenTemporaryFileGrows(Process p, Path folder, String target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (p.isAlive() && System.nanoTime() < deadline) {
            try (Stream<Path> s = Files.list(folder)) {
                List<Path> tmp = s.filter(f -> f.getFileName().toString().startsWith("." + target + "."))
                        .filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
                for (Path t : tmp) {
                    if (Files.size(t) > 0) {
                        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
                        p.waitFor(30, TimeUnit.SECONDS);
                        return p.exitValue() != 0 && p.exitValue() != 1; // else it had finished after all
                    }
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // renamed between listing and sizing: too late this time
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
