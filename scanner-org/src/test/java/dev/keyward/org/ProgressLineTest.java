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
}
