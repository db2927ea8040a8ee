package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
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
 * Real repositories built in a temp folder, mirrored over file:// URLs, walked through {@link JGitHistory} and
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

    private OrgResult run(JGitHistory parts, List<RepoSpec> repos, boolean pulls) {
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

        JGitHistory first = new JGitHistory();
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
        JGitHistory second = new JGitHistory();
        OrgResult r2 = run(second, repos, true);
        assertThat(r2.stats().walked()).isEqualTo(1);
        assertThat(r2.stats().unchanged()).isEqualTo(3);
        assertThat(second.scans).hasSize(1);
        assertThat(row(r2, prKey).repos()).containsExactly("acme/parent");
        assertThat(row(r2, vendoredKey).firstRunId()).isEqualTo(r1.runId());

        // Nothing changed: no walk, no blob read, the whole audit still there.
        JGitHistory third = new JGitHistory();
        OrgResult r3 = run(third, repos, true);
        assertThat(third.scans).isEmpty();
        assertThat(r3.stats().walked()).isZero();
        assertThat(r3.credentials()).hasSize(3);
    }
}
