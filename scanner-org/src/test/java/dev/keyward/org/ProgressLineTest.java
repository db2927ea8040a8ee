package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    /** A clock the test moves. */
    static final class Manual extends Clock {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void countsRateEstimateAndTheRepositoryInProgress() {
        Manual clock = new Manual();
        ProgressLine p = new ProgressLine(clock);
        RepoSpec a = RepoSpec.local(Path.of("/r/a")).withName("acme/a");
        RepoSpec b = RepoSpec.local(Path.of("/r/b")).withName("acme/\u001b[2Jb");
        p.repoStarted(a, 1, 4);
        p.scanned("x", 3_000_000);
        p.scanned("y", 1_000_000);
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        p.repoDone(a, OrgListener.Outcome.SCANNED);
        p.repoStarted(b, 2, 4);

        assertThat(p.line()).isEqualTo("repos 1/4 · 2 blobs · 2.0 MB/s · ETA 0:06 · acme/?[2Jb");
        p.repoDone(b, OrgListener.Outcome.UNCHANGED);
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        assertThat(p.line()).isEqualTo("repos 2/4 · 2 blobs · 1.0 MB/s · ETA 0:04");
    }
    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    @Test
    void aCloneShowsItsTransferBeforeAnyRepositoryIsRead() {
        dev.keyward.GitFixture up = dev.keyward.GitFixture.init(tmp.resolve("up").resolve("api"));
        for (int i = 0; i < 5; i++) {
            up.write("f" + i + ".txt", "content " + i + "\n").commit("c" + i);
        }
        RepoSpec spec = RepoSpec.remote(up.dir().toUri().toString()).withName("acme/api");
        ProgressLine p = new ProgressLine(new Manual());
        java.util.List<String> lines = new java.util.ArrayList<>();
        OrgListener shown = new OrgListener() {
            @Override
            public void mirroring(RepoSpec repo, int index, int total) {
                p.mirroring(repo, index, total);
                lines.add(p.line());
            }

            @Override
            public void transfer(RepoSpec repo, String task, long done, long total) {
                p.transfer(repo, task, done, total);
                lines.add(p.line());
            }
        };

        Mirrors.Result r = new Mirrors(Mirrors.Options.defaults(java.util.Map.of()).withDir(tmp.resolve("cache")))
                .mirrorAll(java.util.List.of(spec), s -> false, shown);

        assertThat(r.failed()).isEmpty();
        assertThat(lines.get(0)).isEqualTo("mirroring 1/1 · acme/api");
        assertThat(lines).anyMatch(l -> l.matches("mirroring 1/1 · [A-Z][a-z]+ objects \\d+% · acme/api"));
        assertThat(lines).contains("mirroring 1/1 · Receiving objects 100% · acme/api");
        p.repoStarted(spec, 1, 1);
        assertThat(p.line()).startsWith("repos 0/1 · 0 blobs");
    }
}
