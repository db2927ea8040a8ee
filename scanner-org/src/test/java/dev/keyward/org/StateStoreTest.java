package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.finding.Finding;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path tmp;

    private final Random random = new Random(13);
    private final Instant t0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void everythingWrittenIsThereAfterReopening() throws Exception {
        Path file = tmp.resolve("state").resolve("keyward.db");
        String key = Findings.newKey(random);
        Finding f = Findings.keyId(key, "b1", "c1", "conf/app.env", t0, 3)
                .withPair(Severity.CRITICAL, new PairRef("aws-secret-access-key", 4, 1, "ff"))
                .withAccountId("123456789012");
        long run;
        try (StateStore s = StateStore.open(file, Duration.ZERO)) {
            run = s.startRun(t0, "rules-1");
            s.saveRefTips("acme/api", Map.of("refs/heads/main", "c1", "refs/tags/v1", "c0"));
            s.commitBatch(run, "rules-1", List.of("b1", "b2"),
                    List.of(new StateStore.StoredFinding("acme/api", f, "rules-1", run, true, true)));
            s.endRun(run, t0.plusSeconds(60), true);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        try (StateStore s = StateStore.open(file, Duration.ZERO)) {
            assertThat(s.runs()).containsExactly(new StateStore.Run(run, t0, t0.plusSeconds(60), true, "rules-1"));
            assertThat(s.refTips("acme/api")).containsExactly(Map.entry("refs/heads/main", "c1"),
                    Map.entry("refs/tags/v1", "c0"));
            assertThat(s.refTips("acme/other")).isEmpty();
            assertThat(s.scanned(List.of("b1", "b2", "b3"), "rules-1")).containsExactlyInAnyOrder("b1", "b2");
            assertThat(s.scanned(List.of("b1", "b2"), "rules-2")).isEmpty();
            assertThat(s.findings()).containsExactly(new StateStore.StoredFinding("acme/api", f, "rules-1", run,
                    true, true));
        }
    }

    @ParameterizedTest(name = "sqlite={0}")
    @ValueSource(booleans = {true, false})
    void aFindingKeepsTheRunThatFirstFoundItAndMarksAreUpdated(boolean sqlite) {
        Path file = tmp.resolve("s.db");
        Finding a = Findings.keyId(Findings.newKey(random), "b1", "c1", "a.txt", t0, 1);
        Finding b = Findings.keyId(Findings.newKey(random), "b2", "c2", "b.txt", t0, 1);
        try (StateStore s = sqlite ? StateStore.open(file, Duration.ZERO) : StateStore.inMemory()) {
            long r1 = s.startRun(t0, "h");
            s.commitBatch(r1, "h", List.of("b1", "b2"), List.of(
                    new StateStore.StoredFinding("x", a, "h", r1, true, true),
                    new StateStore.StoredFinding("x", b, "h", r1, true, false)));
            long r2 = s.startRun(t0.plusSeconds(5), "h");
            s.commitBatch(r2, "h", List.of(), List.of(new StateStore.StoredFinding("x", a, "h", r2, true, true),
                    new StateStore.StoredFinding("y", a, "h", r2, true, false)));
            s.markRepository("x", Set.of("b1"), Set.of(b.fingerprint()));

            assertThat(s.findings()).containsExactly(
                    new StateStore.StoredFinding("x", a, "h", r1, true, false),
                    new StateStore.StoredFinding("x", b, "h", r1, false, true),
                    new StateStore.StoredFinding("y", a, "h", r2, true, false));
            assertThat(s.runs()).extracting(StateStore.Run::complete).containsExactly(false, false);
            assertThat(s.runs().get(1).ended()).isNull();
        }
    }

    @Test
    void aSecondStoreOnTheSameFileInOneProcessIsRefused() {
        Path file = tmp.resolve("s.db");
        try (StateStore first = StateStore.open(file, Duration.ZERO)) {
            assertThatThrownBy(() -> StateStore.open(file, Duration.ofMillis(200)))
                    .isInstanceOf(OrgException.class)
                    .hasMessage("state file " + file + " is in use by another keyward run (pid "
                            + ProcessHandle.current().pid() + ")");
            first.startRun(t0, "h");
        }
        try (StateStore again = StateStore.open(file, Duration.ZERO)) {
            assertThat(again.runs()).hasSize(1);
        }
    }

    @Test
    void aFileThatIsNotAStateDatabaseIsAClearError() throws Exception {
        Path file = tmp.resolve("notes.txt");
        Files.writeString(file, "these are my notes, not a database\n".repeat(200));
        assertThatThrownBy(() -> StateStore.open(file, Duration.ZERO))
                .isInstanceOf(OrgException.class)
                .hasMessageStartingWith("state file " + file + " is not a keyward state database");
        assertThat(Files.readString(file)).startsWith("these are my notes");
        // The lock was let go: the next open is refused for the content, not as "in use".
        assertThatThrownBy(() -> StateStore.open(file, Duration.ZERO)).hasMessageNotContaining("in use");
    }
}
