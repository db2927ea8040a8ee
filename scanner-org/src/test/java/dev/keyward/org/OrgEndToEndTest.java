package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.finding.Provenance;
import dev.keyward.source.HistoryOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real repositories built in a temp folder, mirrored over file:// URLs, walked and scanned through the real {@link HistoryParts#of} adapter and
 * kept in a real state file: a parent and two forks, a vendored file shared by an unrelated repository, a key
 * reachable only from a pull-request ref, and a repository that disappears between listing and cloning.
 */
class OrgEndToEndTest {

    @TempDir
    Path tmp;

    private final Random random = new Random(2026);

    private static String url(GitFixture f) {
        return f.dir().toUri().toString();
    }

    private GitFixture cloneOf(GitFixture from, String name) {
        Path dir = tmp.resolve("up").resolve(name);
        GitFixture.exec(tmp, Map.of(), List.of("git", "clone", "-q", from.dir().toString(), dir.toString()));
        return GitFixture.at(dir);
    }

    private OrgResult run(CountingParts parts, List<RepoSpec> repos, boolean pulls) {
        HistoryOptions h = HistoryOptions.defaults()
                .withClock(Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC));
        Mirrors mirrors = new Mirrors(Mirrors.Options.defaults(Map.of()).withDir(tmp.resolve("cache"))
                .withPullRequests(pulls));
        try (StateStore state = StateStore.open(tmp.resolve("state.db"), Duration.ZERO)) {
            return new OrgScan(parts, state, mirrors, OrgOptions.of(h, "rules-1").withBatchSize(2))
                    .run(repos, new OrgListener() { });
        }
    }

    private static OrgCredential row(OrgResult r, String secret) {
        return r.credentials().stream().filter(c -> c.first().secret().equals(secret)).findFirst().orElseThrow();
    }

    @Test
    void anOrganisationInOneRunThenIncrementally() {
        String vendoredKey = Findings.newKey(random);
        String forkKey = Findings.newKey(random);
        String prKey = Findings.newKey(random);
        String vendored = "# vendored\naws_access_key_id = " + vendoredKey + "\n";

        GitFixture parent = GitFixture.init(tmp.resolve("up").resolve("parent"));
        parent.write("README.md", "parent\n").commit("start");
        parent.write("vendor/aws.ini", vendored).commit("vendor a library");
        GitFixture fork1 = cloneOf(parent, "fork1");
        fork1.write("deploy.env", "KEY=" + forkKey + "\n").commit("fork's own key");
        GitFixture fork2 = cloneOf(parent, "fork2");
        fork2.git("rm", "-q", "vendor/aws.ini");
        fork2.commitStaged("drop the vendored file");
        GitFixture other = GitFixture.init(tmp.resolve("up").resolve("other"));
        other.write("third_party/aws.ini", vendored).commit("the same file, elsewhere");
        parent.git("checkout", "-q", "-b", "pr");
        String prCommit = parent.write("pr.env", "K=" + prKey + "\n").commit("a pull request");
        parent.git("checkout", "-q", "main");
        parent.git("branch", "-D", "pr");
        parent.git("update-ref", "refs/pull/7/head", prCommit);
        GitFixture gone = GitFixture.init(tmp.resolve("up").resolve("gone"));
        gone.write("a.txt", "a\n").commit("a");

        RepoSpec p = RepoSpec.remote(url(parent)).withName("acme/parent");
        List<RepoSpec> repos = List.of(p,
                RepoSpec.remote(url(fork1)).withName("acme/fork1").withNetwork(p.key()),
                RepoSpec.remote(url(fork2)).withName("acme/fork2").withNetwork(p.key()),
                RepoSpec.remote(url(other)).withName("acme/other"),
                RepoSpec.remote(url(gone)).withName("acme/gone"));
        GitFixture.exec(tmp, Map.of(), List.of("rm", "-rf", gone.dir().toString()));

        CountingParts first = new CountingParts();
        OrgResult r1 = run(first, repos, false);

        assertThat(r1.errors()).singleElement().satisfies(e -> {
            assertThat(e.repo()).isEqualTo("acme/gone");
            assertThat(e.problem().message()).startsWith("cannot clone acme/gone");
        });
        assertThat(first.scans.values()).containsOnly(1);
        assertThat(r1.stats().blobsScanned()).isEqualTo(first.scans.size()).isLessThan(r1.stats().blobsListed());
        OrgCredential shared = row(r1, vendoredKey);
        assertThat(shared.repos()).containsExactly("acme/fork1", "acme/fork2", "acme/other", "acme/parent");
        assertThat(shared.atTip()).containsExactly("acme/fork1", "acme/other", "acme/parent");
        // other's only commit is dated a day before the parent's second one (each fixture starts on 2024-01-01).
        assertThat(shared.firstRepo()).isEqualTo("acme/other");
        assertThat(shared.origin().path()).isEqualTo("third_party/aws.ini");
        assertThat(shared.daysExposed()).isEqualTo(60);
        assertThat(row(r1, forkKey).repos()).containsExactly("acme/fork1");
        assertThat(r1.credentials()).noneMatch(c -> c.first().secret().equals(prKey));
        assertThat(r1.findings()).filteredOn(f -> f.repo().equals("acme/other")).singleElement()
                .satisfies(f -> assertThat(f.finding().path()).isEqualTo("third_party/aws.ini"));

        // With pull requests: only the parent's refs changed, only its new blob is read.
        CountingParts second = new CountingParts();
        OrgResult r2 = run(second, repos, true);
        assertThat(r2.stats().walked()).isEqualTo(1);
        assertThat(r2.stats().unchanged()).isEqualTo(3);
        assertThat(second.scans).hasSize(1);
        assertThat(row(r2, prKey).repos()).containsExactly("acme/parent");
        assertThat(row(r2, vendoredKey).firstRunId()).isEqualTo(r1.runId());

        // Nothing changed: no walk, no blob read, the whole audit still there.
        CountingParts third = new CountingParts();
        OrgResult r3 = run(third, repos, true);
        assertThat(third.scans).isEmpty();
        assertThat(r3.stats().walked()).isZero();
        assertThat(r3.credentials()).hasSize(3);
    }
    private OrgCredential only(List<RepoSpec> repos, StateStore store) {
        HistoryOptions h = HistoryOptions.defaults()
                .withClock(Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC));
        Mirrors mirrors = new Mirrors(Mirrors.Options.defaults(Map.of()).withDir(tmp.resolve("cache")));
        OrgResult r = new OrgScan(new CountingParts(), store, mirrors, OrgOptions.of(h, "rules-1"))
                .run(repos, new OrgListener() { });
        assertThat(r.credentials()).hasSize(1);
        return r.credentials().get(0);
    }

    @Test
    void theAuditOverSeveralRepositoriesAddsUpEachOnesOwnAndStaysWhenNothingChanged() {
        String key = Findings.newKey(random);
        String content = "aws_access_key_id = " + key + "\n";
        GitFixture a = GitFixture.init(tmp.resolve("a"));
        a.write("conf/keys.ini", content).commit("a key");
        a.write("backup/keys.ini", content).commit("a copy at a second path");
        a.write("README.md", "still there\n").commit("later, the key still in the tree");
        GitFixture b = GitFixture.init(tmp.resolve("b"));
        b.write("vendor/keys.ini", content).commit("the same file elsewhere");
        RepoSpec ra = RepoSpec.local(a.dir());
        RepoSpec rb = RepoSpec.local(b.dir());

        OrgCredential ofA = only(List.of(ra), StateStore.inMemory());
        OrgCredential ofB = only(List.of(rb), StateStore.inMemory());
        OrgCredential both;
        try (StateStore state = StateStore.open(tmp.resolve("audit.db"), Duration.ZERO)) {
            both = only(List.of(ra, rb), state);
        }
        OrgCredential again;
        try (StateStore state = StateStore.open(tmp.resolve("audit.db"), Duration.ZERO)) {
            again = only(List.of(ra, rb), state); // nothing changed: neither repository is walked
        }

        // One repository's row is the core's audit of it: both paths, every commit holding it, its last commit.
        assertThat(ofA.paths()).isEqualTo(2);
        assertThat(ofA.places()).isGreaterThan(ofA.paths());
        assertThat(ofA.lastSeen()).isAfter(ofA.origin().date());
        assertThat(ofA.exposures()).singleElement().satisfies(e -> {
            assertThat(e.paths()).containsExactly("backup/keys.ini", "conf/keys.ini");
            assertThat(e.repository()).isEqualTo(ra.name());
        });
        // Across both: one blob, each repository's paths and places added up, the newest date.
        assertThat(both.blobs()).isEqualTo(1);
        assertThat(both.paths()).isEqualTo(ofA.paths() + ofB.paths());
        assertThat(both.places()).isEqualTo(ofA.places() + ofB.places());
        assertThat(both.lastSeen()).isEqualTo(ofA.lastSeen().isAfter(ofB.lastSeen()) ? ofA.lastSeen() : ofB.lastSeen());
        assertThat(both.exposures()).extracting(dev.keyward.finding.Exposure::repository)
                .containsExactlyInAnyOrder(ra.name(), rb.name());
        assertThat(again.exposures()).isEqualTo(both.exposures());
        assertThat(again.places()).isEqualTo(both.places());
    }
    /** The real parts, remembering each walk: which commits it left out and how many it walked. */
    private static final class WalkLog extends java.util.concurrent.ConcurrentHashMap<Path, Long> {
    }

    private OrgResult networkRun(List<RepoSpec> repos, WalkLog walks, java.util.Set<String> knownAsked) {
        return networkRun(repos, walks, knownAsked, StateStore.inMemory());
    }

    private OrgResult networkRun(List<RepoSpec> repos, WalkLog walks, java.util.Set<String> knownAsked,
                                 StateStore store) {
        CountingParts counting = new CountingParts();
        HistoryParts logged = new HistoryParts() {
            @Override
            public Map<String, String> tips(Path gitDir, List<String> refs) {
                return counting.tips(gitDir, refs);
            }

            @Override
            public Inventory enumerate(Path gitDir, HistoryOptions options) {
                Inventory inv = counting.enumerate(gitDir, options);
                walks.put(gitDir, inv.info().commits());
                return inv;
            }

            @Override
            public Inventory enumerate(Path gitDir, HistoryOptions options, java.util.Collection<String> known) {
                Inventory inv = HistoryParts.of(dev.keyward.Scanner.builder().build()).enumerate(gitDir, options, known);
                walks.put(gitDir, inv.info().commits());
                knownAsked.addAll(known);
                return inv;
            }

            @Override
            public void scan(Path gitDir, java.util.Collection<Blob> which, HistoryOptions options,
                             dev.keyward.ScanListener listener) {
                counting.scan(gitDir, which, options, listener);
            }

            @Override
            public List<dev.keyward.finding.CredentialSummary> summarize(Path gitDir, Inventory inventory,
                    List<dev.keyward.finding.Finding> findings, Clock clock) {
                return counting.summarize(gitDir, inventory, findings, clock);
            }
        };
        HistoryOptions h = HistoryOptions.defaults()
                .withClock(Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC));
        Mirrors mirrors = new Mirrors(Mirrors.Options.defaults(Map.of()).withDir(tmp.resolve("cache")));
        OrgResult r = new OrgScan(logged, store, mirrors, OrgOptions.of(h, "rules-1"))
                .run(repos, new OrgListener() { });
        assertThat(counting.scans.values()).containsOnly(1);
        return r;
    }

    @Test
    void forksGivenAsFoldersOrFileUrlsWalkOnlyWhatTheParentDoesNotHold() {
        String sharedKey = Findings.newKey(random);
        String forkKey = Findings.newKey(random);
        GitFixture parent = GitFixture.init(tmp.resolve("up").resolve("parent"));
        parent.write("README.md", "parent\n").commit("start");
        parent.write("conf/aws.ini", "aws_access_key_id = " + sharedKey + "\n").commit("a key");
        for (int i = 0; i < 6; i++) {
            parent.write("src/f" + i + ".txt", "shared " + i + "\n").commit("shared history " + i);
        }
        GitFixture fork1 = cloneOf(parent, "fork1");
        fork1.write("deploy.env", "KEY=" + forkKey + "\n").commit("fork's own key");
        GitFixture fork2 = cloneOf(parent, "fork2");
        fork2.git("rm", "-q", "conf/aws.ini");
        fork2.commitStaged("drop the key");
        parent.write("later.txt", "the parent moves on\n").commit("after the forks");

        for (boolean urls : List.of(false, true)) {
            List<RepoSpec> repos = urls
                    ? List.of(RepoSpec.remote(url(parent)), RepoSpec.remote(url(fork1)), RepoSpec.remote(url(fork2)))
                    : List.of(RepoSpec.local(parent.dir()), RepoSpec.local(fork1.dir()), RepoSpec.local(fork2.dir()));
            WalkLog walks = new WalkLog();
            java.util.Set<String> known = new java.util.HashSet<>();

            OrgResult r = networkRun(repos, walks, known);

            assertThat(r.errors()).isEmpty();
            assertThat(walks).hasSize(3);
            // The parent's 9 commits are walked once; each fork walks its one own commit.
            assertThat(walks.values()).as(urls ? "file:// URLs" : "folders").containsExactlyInAnyOrder(9L, 1L, 1L);
            assertThat(known).isNotEmpty();
            OrgCredential shared = row(r, sharedKey);
            assertThat(shared.repos()).containsExactlyInAnyOrder(repos.get(0).name(), repos.get(1).name(),
                    repos.get(2).name());
            assertThat(shared.atTip()).containsExactlyInAnyOrder(repos.get(0).name(), repos.get(1).name());
            assertThat(r.findings()).filteredOn(f -> f.finding().secret().equals(sharedKey))
                    .allSatisfy(f -> assertThat(f.finding().path()).isEqualTo("conf/aws.ini"));
            assertThat(row(r, forkKey).repos()).containsExactly(repos.get(1).name());
        }
    }

    @Test
    void aBlobTheParentFirstHadOnABranchTheForkLacksIsTheForksAtItsOwnFirstSharedPlace() {
        String key = Findings.newKey(random);
        GitFixture parent = GitFixture.init(tmp.resolve("up").resolve("parent"));
        parent.write("README.md", "parent\n").commit("start");
        parent.git("checkout", "-q", "-b", "old");
        parent.write("conf/aws.ini", "aws_access_key_id = " + key + "\n").commit("the key, on a side branch");
        parent.git("checkout", "-q", "main");
        // The same file (the same blob) a day later on main, which the fork takes; the side branch it does not.
        parent.write("conf/aws.ini", "aws_access_key_id = " + key + "\n");
        String onMain = parent.commit("the key, on main");
        Path dir = tmp.resolve("up").resolve("fork");
        GitFixture.exec(tmp, Map.of(), List.of("git", "clone", "-q", "--single-branch", "-b", "main",
                parent.dir().toString(), dir.toString()));
        GitFixture fork = GitFixture.at(dir);
        assertThat(fork.run(Map.of(), "branch", "-a").out()).doesNotContain("old");

        for (boolean urls : List.of(false, true)) {
            List<RepoSpec> repos = urls ? List.of(RepoSpec.remote(url(parent)), RepoSpec.remote(url(fork)))
                    : List.of(RepoSpec.local(parent.dir()), RepoSpec.local(fork.dir()));
            java.util.Set<String> known = new java.util.HashSet<>();

            OrgResult r = networkRun(repos, new WalkLog(), known);

            assertThat(r.errors()).isEmpty();
            assertThat(known).as("the fork leans on the parent's walk").isNotEmpty();
            assertThat(row(r, key).repos()).as(urls ? "file:// URLs" : "folders")
                    .containsExactlyInAnyOrder(repos.get(0).name(), repos.get(1).name());
            assertThat(r.findings()).filteredOn(f -> f.repo().equals(repos.get(1).name()))
                    .extracting(f -> ((Provenance.GitBlob) f.finding().provenance()).commit()).isNotEmpty()
                    .containsOnly(onMain);
        }
    }

    @Test
    void aForkListedLaterLeansOnItsUnchangedParentByTheRootsTheStateKept() {
        String sharedKey = Findings.newKey(random);
        String forkKey = Findings.newKey(random);
        GitFixture parent = GitFixture.init(tmp.resolve("up").resolve("parent"));
        parent.write("README.md", "parent\n").commit("start");
        parent.write("conf/aws.ini", "aws_access_key_id = " + sharedKey + "\n").commit("a key");
        for (int i = 0; i < 4; i++) {
            parent.write("src/f" + i + ".txt", "shared " + i + "\n").commit("shared history " + i);
        }
        GitFixture fork = cloneOf(parent, "fork");
        fork.write("deploy.env", "KEY=" + forkKey + "\n").commit("fork's own key");
        GitFixture unrelated = GitFixture.init(tmp.resolve("up").resolve("unrelated"));
        unrelated.write("a.txt", "a\n").commit("its own start");
        RepoSpec p = RepoSpec.local(parent.dir());
        RepoSpec f = RepoSpec.local(fork.dir());
        RepoSpec u = RepoSpec.local(unrelated.dir());
        Path file = tmp.resolve("roots.db");

        WalkLog first = new WalkLog();
        try (StateStore state = StateStore.open(file, Duration.ZERO)) {
            networkRun(List.of(p), first, new java.util.HashSet<>(), state);
        }
        assertThat(first.values()).containsExactly(6L);

        // The parent rests (its tips did not move); the fork, new to the state, walks only its own commit.
        WalkLog second = new WalkLog();
        java.util.Set<String> known = new java.util.HashSet<>();
        OrgResult r;
        try (StateStore state = StateStore.open(file, Duration.ZERO)) {
            r = networkRun(List.of(p, f, u), second, known, state);
            assertThat(state.rootCommits(f.name())).isEqualTo(state.rootCommits(p.name())).hasSize(1);
        }
        assertThat(r.errors()).isEmpty();
        assertThat(r.stats().unchanged()).isEqualTo(1);
        assertThat(second).containsOnlyKeys(fork.dir(), unrelated.dir());
        assertThat(second.get(fork.dir())).isEqualTo(1L);
        assertThat(second.get(unrelated.dir())).isEqualTo(1L);
        assertThat(known).isNotEmpty();
        assertThat(row(r, sharedKey).repos()).containsExactlyInAnyOrder(p.name(), f.name());
        assertThat(row(r, forkKey).repos()).containsExactly(f.name());
    }
}
