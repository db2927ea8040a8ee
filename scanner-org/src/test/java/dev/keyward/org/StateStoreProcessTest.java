package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store against another real process: killed half-way, and holding the file while we try to open it. */
class StateStoreProcessTest {

    @TempDir
    Path tmp;

    /** A child JVM running {@link StoreChild}, its output lines read in the background. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Child(String mode, Path file) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    StoreChild.class.getName(), mode, file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // The child died; the test sees the lines it got.
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String next() throws InterruptedException {
            String l = lines.poll(120, TimeUnit.SECONDS);
            assertThat(l).as("a line from the child process").isNotNull();
            return l;
        }

        void tell(String line) throws IOException {
            OutputStream o = process.getOutputStream();
            o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            o.flush();
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aRunKilledHalfWayLeavesExactlyTheCommittedBatches() throws Exception {
        Path file = tmp.resolve("state.db");
        List<String> said = new ArrayList<>();
        try (Child child = new Child("batches", file)) {
            for (String l; !(l = child.next()).equals("in-transaction"); ) {
                said.add(l);
            }
            child.process.destroyForcibly(); // SIGKILL, with the fourth batch written but not committed
            assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(said).containsExactly("committed 0", "committed 1", "committed 2");

        try (StateStore s = StateStore.open(file, Duration.ofSeconds(5))) {
            List<String> all = new ArrayList<>();
            IntStream.range(0, 5).forEach(b -> IntStream.range(0, 10).forEach(j -> all.add("blob-" + b + "-" + j)));
            assertThat(s.scanned(all, "h")).hasSize(30).allMatch(id -> id.matches("blob-[012]-\\d"));
            assertThat(s.findings()).hasSize(3).extracting(StateStore.StoredFinding::blobId)
                    .containsExactly("blob-0-0", "blob-1-0", "blob-2-0");
            assertThat(s.runs()).singleElement().satisfies(r -> {
                assertThat(r.complete()).isFalse();
                assertThat(r.ended()).isNull();
            });
            // And the next run goes on where it stopped.
            long next = s.startRun(java.time.Instant.now(), "h");
            s.commitBatch(next, "h", List.of("blob-3-0"), List.of());
            assertThat(s.scanned(all, "h")).hasSize(31);
        }
    }

    @Test
    void aSecondProcessIsRefusedWhileTheFirstHoldsTheFileAndWaitsUntilItLetsGo() throws Exception {
        Path file = tmp.resolve("state.db");
        try (Child child = new Child("hold", file)) {
            assertThat(child.next()).isEqualTo("locked");

            assertThatThrownBy(() -> StateStore.open(file, Duration.ofMillis(300)))
                    .isInstanceOf(OrgException.class)
                    .hasMessage("state file " + file + " is in use by another keyward run (pid "
                            + child.process.pid() + ")");

            child.tell("let go");
            try (StateStore s = StateStore.open(file, Duration.ofSeconds(60))) {
                assertThat(s.runs()).hasSize(1);
            }
            assertThat(child.next()).isEqualTo("closed");
        }
    }
}
