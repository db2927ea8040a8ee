package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.source.HistoryOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestration over our own seam's in-memory fake, with the real SQLite state store. */
class OrgScanTest {

    @TempDir
    Path tmp;

    private final Random random = new Random(12);
    private final Instant now = Instant.parse("2024-03-01T00:00:00Z");
    private final Instant jan1 = Instant.parse("2024-01-01T00:00:00Z");
    private final Instant jan11 = Instant.parse("2024-01-11T00:00:00Z");
    private final Path a = Path.of("/fake/a");
    private final Path b = Path.of("/fake/b");
    private final Path c = Path.of("/fake/c");
    private FakeHistory fake;
    private String k1;
    private String k2;
    private String vendored;
    private String onlyInC;

    @BeforeEach
    void model() {
        fake = new FakeHistory();
        k1 = Findings.newKey(random);
        k2 = Findings.newKey(random);
        // A vendored file holding k1 in two unrelated repositories; b had it ten days earlier.
        fake.repo(a).tips.put("refs/heads/main", "a1");
        fake.blob(a, "readme of a\n", "a0", "README.md", jan1, 1, true);
        vendored = fake.blob(a, "config\nkey = " + k1 + "\n", "a1", "vendor/lib/conf.ini", jan11, 3, true);
        fake.repo(b).tips.put("refs/heads/main", "b1");
        fake.repo(b).tips.put("refs/tags/v1", "b0");
        fake.blob(b, "config\nkey = " + k1 + "\n", "b0", "third_party/conf.ini", jan1, 1, false);
        fake.blob(b, "readme of b\n", "b1", "README.md", jan11, 1, true);
        fake.repo(c).tips.put("refs/heads/main", "c1");
        onlyInC = fake.blob(c, "AWS_ACCESS_KEY_ID=" + k2 + "\n", "c1", ".env", jan11, 1, true);
    }

    private OrgScan scan(StateStore store, String rulesHash, int batch) {
        HistoryOptions h = HistoryOptions.defaults().withClock(Clock.fixed(now, ZoneOffset.UTC));
        return new OrgScan(fake, store, new Mirrors(Mirrors.Options.defaults(Map.of()).withDir(tmp.resolve("m"))),
                OrgOptions.of(h, rulesHash).withBatchSize(batch));
    }

    private StateStore state() {
        return StateStore.open(tmp.resolve("state.db"), Duration.ZERO);
    }

    private List<RepoSpec> all() {
        return List.of(RepoSpec.local(a), RepoSpec.local(b), RepoSpec.local(c));
    }

    @Test
    void eachUniqueBlobIsScannedOnceAndItsFindingsNameEveryRepositoryHoldingIt() {
        OrgResult r;
        try (StateStore s = state()) {
            r = scan(s, "rules-1", 2).run(all(), new OrgListener() { });
        }

        assertThat(fake.scans.values()).containsOnly(1);
        assertThat(fake.scans).hasSize(4); // five blob places, four distinct blobs
        assertThat(r.stats()).isEqualTo(new OrgResult.Stats(3, 3, 0, 0, 5, 4, r.stats().bytesScanned()));
        assertThat(r.findings()).extracting(f -> f.repo() + " " + f.finding().path() + " " + f.finding().secret())
                .containsExactly(a + " vendor/lib/conf.ini " + k1, b + " third_party/conf.ini " + k1,
                        c + " .env " + k2);
        OrgFinding inA = r.findings().get(0);
        assertThat(inA.finding().location().line()).isEqualTo(2);
        assertThat(((dev.keyward.finding.Provenance.GitBlob) inA.finding().provenance()).otherOccurrences())
                .isEqualTo(2);

        OrgCredential shared = r.credentials().stream().filter(x -> x.first().secret().equals(k1)).findFirst()
                .orElseThrow();
        assertThat(shared.repos()).containsExactly(a.toString(), b.toString());
        assertThat(shared.firstRepo()).isEqualTo(b.toString());
        assertThat(shared.origin().commit()).isEqualTo("b0");
        assertThat(shared.origin().date()).isEqualTo(jan1);
        assertThat(shared.atTip()).containsExactly(a.toString()); // b only has it in an older commit
        assertThat(shared.daysExposed()).isEqualTo(60);
        assertThat(shared.reachable()).isTrue();
        assertThat(r.credentials()).hasSize(2);
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void aSecondRunWithNothingChangedWalksNothingAndStillReportsTheWholeAudit() {
        long firstRun;
        try (StateStore s = state()) {
            firstRun = scan(s, "rules-1", 100).run(all(), new OrgListener() { }).runId();
        }
        fake.scans.clear();
        fake.walks.clear();

        OrgResult r;
        try (StateStore s = state()) {
            r = scan(s, "rules-1", 100).run(all(), new OrgListener() { });
            assertThat(s.runs()).extracting(StateStore.Run::complete).containsExactly(true, true);
        }

        assertThat(fake.walks).isEmpty();
        assertThat(fake.scans).isEmpty();
        assertThat(r.stats().unchanged()).isEqualTo(3);
        assertThat(r.stats().blobsScanned()).isZero();
        assertThat(r.findings()).hasSize(3).allMatch(f -> f.runId() == firstRun);
        assertThat(r.credentials()).hasSize(2).allMatch(x -> x.firstRunId() == firstRun);
        assertThat(r.runId()).isNotEqualTo(firstRun);
    }

    @Test
    void aMovedTipWalksThatRepositoryAloneAndReadsOnlyItsNewBlobs() {
        try (StateStore s = state()) {
            scan(s, "rules-1", 100).run(all(), new OrgListener() { });
        }
        fake.scans.clear();
        fake.walks.clear();
        fake.repo(c).tips.put("refs/heads/main", "c2");
        List<OrgFinding> told = new ArrayList<>();
        String k3 = Findings.newKey(random);
        String added = fake.blob(c, "second=" + k3 + "\n", "c2", "more.env", now, 1, true);
        // And the vendored file arrives in c too: scanned already, so only attributed.
        fake.blob(c, "config\nkey = " + k1 + "\n", "c2", "vendor/conf.ini", now, 1, true);

        OrgResult r;
        try (StateStore s = state()) {
            r = scan(s, "rules-1", 100).run(all(), new OrgListener() {
                @Override
                public void finding(OrgFinding f) {
                    told.add(f);
                }
            });
        }

        assertThat(fake.walks).containsExactly(c);
        assertThat(fake.scans).containsOnlyKeys(added);
        // Told of c's three findings; the one found by the first run says so.
        assertThat(told).hasSize(3).filteredOn(f -> f.finding().secret().equals(k2)).singleElement()
                .satisfies(f -> assertThat(f.runId()).isLessThan(r.runId()));
        assertThat(r.stats().blobsScanned()).isEqualTo(1);
        assertThat(r.credentials()).hasSize(3);
        assertThat(r.credentials().stream().filter(x -> x.first().secret().equals(k1)).findFirst().orElseThrow()
                .repos()).containsExactly(a.toString(), b.toString(), c.toString());
    }

    @Test
    void newRulesRescanEverything() {
        try (StateStore s = state()) {
            scan(s, "rules-1", 100).run(all(), new OrgListener() { });
        }
        fake.scans.clear();
        OrgResult r;
        try (StateStore s = state()) {
            r = scan(s, "rules-2", 100).run(all(), new OrgListener() { });
        }
        assertThat(fake.scans).hasSize(4).containsOnlyKeys(fake.contents.keySet());
        assertThat(r.findings()).hasSize(3); // the new rules' findings, not the old ones twice
        assertThat(r.stats().walked()).isEqualTo(3);
    }

    @Test
    void aForcePushedAwayFindingStaysInTheAuditMarkedUnreachable() {
        long firstRun;
        try (StateStore s = state()) {
            firstRun = scan(s, "rules-1", 100).run(all(), new OrgListener() { }).runId();
        }
        fake.repo(c).tips.put("refs/heads/main", "c9"); // history rewritten: the .env blob is gone
        fake.removeBlob(c, onlyInC);
        fake.blob(c, "clean\n", "c9", "README.md", now, 1, true);

        OrgResult r;
        try (StateStore s = state()) {
            r = scan(s, "rules-1", 100).run(all(), new OrgListener() { });
        }

        OrgFinding gone = r.findings().stream().filter(f -> f.repo().equals(c.toString())).findFirst().orElseThrow();
        assertThat(gone.reachable()).isFalse();
        assertThat(gone.runId()).isEqualTo(firstRun);
        OrgCredential row = r.credentials().stream().filter(x -> x.first().secret().equals(k2)).findFirst()
                .orElseThrow();
        assertThat(row.reachable()).isFalse();
        assertThat(row.atTip()).isEmpty();
        assertThat(r.findings().stream().filter(f -> !f.repo().equals(c.toString()))).allMatch(OrgFinding::reachable);
    }

    @Test
    void aBrokenRepositoryIsAnErrorNamingItAndTheOthersAreScanned() {
        fake.repo(b).broken = new IllegalStateException("corrupt pack");
        List<String> errors = new ArrayList<>();
        OrgResult r;
        try (StateStore s = state()) {
            r = scan(s, "rules-1", 100).run(List.of(RepoSpec.local(a), RepoSpec.local(b), RepoSpec.local(c),
                    RepoSpec.local(Path.of("/fake/missing"))), new OrgListener() {
                        @Override
                        public void error(String repo, dev.keyward.finding.ScanError e) {
                            errors.add(e.message());
                        }
                    });
            assertThat(s.runs()).singleElement().satisfies(run -> assertThat(run.complete()).isFalse());
        }
        assertThat(errors).containsExactly("cannot read /fake/b: corrupt pack",
                "cannot read /fake/missing: /fake/missing is not a Git repository");
        assertThat(r.errors()).extracting(OrgResult.RepoProblem::repo).containsExactly("/fake/b", "/fake/missing");
        assertThat(r.stats().failed()).isEqualTo(2);
        assertThat(r.findings()).extracting(OrgFinding::repo).containsExactly(a.toString(), c.toString());
    }

    @Test
    void aRunStoppedHalfWayIsContinuedNotRedone() {
        fake.failAfter = 2; // the third blob read stops the run, as a kill would
        try (StateStore s = state()) {
            OrgResult r = scan(s, "rules-1", 1).run(List.of(RepoSpec.local(a), RepoSpec.local(b)),
                    new OrgListener() { });
            // a's two blobs were read; b's first is a's vendored blob, its second stopped the run.
            assertThat(r.stats().failed()).isEqualTo(1);
            assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.repo()).isEqualTo(b.toString()));
        }
        assertThat(fake.scans).hasSize(2);
        fake.failAfter = -1;

        OrgResult r;
        try (StateStore s = state()) {
            r = scan(s, "rules-1", 1).run(List.of(RepoSpec.local(a), RepoSpec.local(b)), new OrgListener() { });
        }
        assertThat(fake.scans.values()).containsOnly(1); // nothing scanned twice
        assertThat(fake.scans).hasSize(3);
        assertThat(r.stats().blobsScanned()).isEqualTo(1);
        assertThat(r.findings()).extracting(OrgFinding::repo).containsExactly(a.toString(), b.toString());
    }

    @Test
    void aBlobThatCouldNotBeReadIsReadAgainNextRun() {
        String bad = fake.blob(c, "UNREADABLE\n", "c1", "broken.bin", jan11, 1, true);
        OrgResult r1;
        try (StateStore s = state()) {
            r1 = scan(s, "rules-1", 100).run(all(), new OrgListener() { });
        }
        assertThat(r1.errors()).singleElement().satisfies(e -> {
            assertThat(e.repo()).isEqualTo(c.toString());
            assertThat(e.problem().message()).isEqualTo("corrupt object " + bad);
        });
        assertThat(r1.findings()).hasSize(3); // the batch's findings are kept all the same
        fake.scans.clear();
        fake.walks.clear();

        OrgResult r2;
        try (StateStore s = state()) {
            r2 = scan(s, "rules-1", 100).run(all(), new OrgListener() { });
        }
        assertThat(fake.walks).containsExactly(c);
        assertThat(fake.scans).containsOnlyKeys(bad, onlyInC);
        assertThat(r2.errors()).hasSize(1);
        assertThat(r2.findings()).hasSize(3);
    }

    @Test
    void aMirrorThatFailedIsAnErrorAndItsEarlierFindingsStay() {
        try (StateStore s = state()) {
            scan(s, "rules-1", 100).run(all(), new OrgListener() { });
        }
        RepoSpec gone = RepoSpec.local(c);
        Mirrors.Result mirrored = new Mirrors.Result(List.of(
                new Mirrors.Mirrored(RepoSpec.local(a), a, null, null, false),
                new Mirrors.Mirrored(RepoSpec.local(b), b, null, null, false)),
                List.of(new Mirrors.Failed(gone, "cannot fetch /fake/c: gone")));
        OrgResult r;
        try (StateStore s = state()) {
            r = scan(s, "rules-1", 100).run(mirrored, new OrgListener() { });
        }
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.problem().message())
                .isEqualTo("cannot fetch /fake/c: gone"));
        assertThat(r.findings()).extracting(OrgFinding::repo).contains(c.toString());
    }

    @Test
    void aMirroredRepositoryIsWalkedOverItsOwnRefsOnlyAndAnEmptyOneNotAtAll() {
        fake.repo(a).tips.put("refs/forks/x/heads/main", "zz");
        Mirrors.Result mirrored = new Mirrors.Result(List.of(
                new Mirrors.Mirrored(RepoSpec.local(a).withName("acme/a"), a, List.of("refs/heads/main"),
                        "refs/heads/main", true),
                new Mirrors.Mirrored(RepoSpec.local(b).withName("acme/empty"), b, List.of(), null, true)),
                List.of());
        OrgResult r;
        try (StateStore s = StateStore.inMemory()) {
            r = scan(s, "rules-1", 100).run(mirrored, new OrgListener() { });
        }
        assertThat(fake.walks).containsExactly(a);
        assertThat(fake.walkedRefs).containsExactly(List.of("refs/heads/main"));
        assertThat(r.findings()).extracting(OrgFinding::repo).containsExactly("acme/a");
        assertThat(r.stats().walked()).isEqualTo(2);
    }

    @Test
    void withoutAStateFileBlobsAreStillScannedOnceAcrossRepositories() {
        OrgResult r;
        try (StateStore s = StateStore.inMemory()) {
            r = scan(s, "rules-1", 1).run(all(), new OrgListener() { });
        }
        assertThat(fake.scans.values()).containsOnly(1);
        assertThat(r.findings()).hasSize(3);
        assertThat(r.credentials()).hasSize(2);
    }
}
