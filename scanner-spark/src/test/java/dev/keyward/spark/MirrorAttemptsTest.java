package dev.keyward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.source.History;
import dev.keyward.source.HistoryBlob;
import dev.keyward.source.HistoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two attempts of one network's mirror task at once, as speculative execution or a retry beside a lost attempt
 * runs them: both fetch at the same moment (a barrier holds each until the other has made its folder), both
 * succeed with complete mirrors of their own, and committing either leaves one mirror that the next attempt starts
 * from without fetching again.
 */
class MirrorAttemptsTest {

    @TempDir
    Path tmp;

    @Test
    void twoConcurrentAttemptsOfOneNetworkBothSucceedAndTheCommitKeepsOne() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("repos"), false).build();
        // The parent and its two forks: one shared mirror.
        Network net = new Network(fx.specs.get(0).network(), fx.specs.subList(0, 3), Map.of());
        JobSettings settings = LocalJobTest.settings(tmp.resolve("staging"), false);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        NetworkResult a;
        NetworkResult b;
        try {
            Future<NetworkResult> fa = pool.submit(() -> NetworkTask.run(net, settings, () -> await(together)));
            Future<NetworkResult> fb = pool.submit(() -> NetworkTask.run(net, settings, () -> await(together)));
            a = fa.get(120, TimeUnit.SECONDS);
            b = fb.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(a.problems()).isEmpty();
        assertThat(b.problems()).isEmpty();
        assertThat(a.attempt()).isNotNull().isNotEqualTo(b.attempt());
        Set<String> want = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            History.enumerate(fx.sources.values().stream().toList().get(i), HistoryOptions.defaults()).blobs()
                    .forEach(x -> want.add(x.blobId()));
        }
        for (NetworkResult r : List.of(a, b)) {
            assertThat(r.repos()).hasSize(3).allMatch(ri -> !ri.unchanged() && ri.inventory() != null);
            assertThat(blobs(r)).isEqualTo(want);
            // Each attempt's mirror is whole on its own: walked again from its folder, the same blobs.
            Path gitDir = Path.of(r.repos().get(0).gitDir());
            assertThat(gitDir.toString()).contains(r.attempt());
            Set<String> again = History.enumerate(gitDir, HistoryOptions.defaults()).blobs().stream()
                    .map(HistoryBlob::blobId).collect(Collectors.toCollection(TreeSet::new));
            assertThat(again).isEqualTo(want);
        }

        // The driver keeps the attempt Spark kept (here b); a's folder goes.
        Path netDir = Staging.networkDir(settings.staging(), net.key());
        Staging.commit(settings.staging(), new Configuration(), net.key(), b.attempt());
        assertThat(Files.readString(netDir.resolve("current")).strip()).isEqualTo(b.attempt());
        try (Stream<Path> s = Files.list(netDir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("current", b.attempt());
        }

        // A later attempt starts from the committed mirror: its packs are links to the same files.
        Path[] seeded = new Path[1];
        NetworkResult c = NetworkTask.run(net, settings, () -> seeded[0] = firstPack(netDir));
        assertThat(c.problems()).isEmpty();
        assertThat(blobs(c)).isEqualTo(want);
        assertThat(seeded[0]).isNotNull();
        assertThat((Integer) Files.getAttribute(seeded[0], "unix:nlink")).isGreaterThanOrEqualTo(2);
        Staging.commit(settings.staging(), new Configuration(), net.key(), c.attempt());
        try (Stream<Path> s = Files.list(netDir)) {
            assertThat(s.count()).isEqualTo(2);
        }
    }

    private static Set<String> blobs(NetworkResult r) {
        Set<String> out = new TreeSet<>();
        r.repos().forEach(ri -> ri.inventory().blobs().forEach(b -> out.add(b.blobId())));
        return out;
    }

    /** A pack file of the newest attempt folder that is not the committed one. */
    private static Path firstPack(Path netDir) {
        try (Stream<Path> s = Files.walk(netDir)) {
            String current = Files.readString(netDir.resolve("current")).strip();
            return s.filter(p -> p.toString().endsWith(".pack") && !p.toString().contains("/" + current + "/"))
                    .findFirst().orElse(null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other attempt did not start", e);
        }
    }
}
