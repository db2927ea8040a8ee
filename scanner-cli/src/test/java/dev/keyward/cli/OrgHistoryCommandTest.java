package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keyward history} over many repositories, run in memory over real repositories in a temp folder, given as
 * file:// clone URLs, folders, a list file and a local stand-in of GitHub's REST API.
 */
class OrgHistoryCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final Random random = new Random(1313);

    private GitFixture cloneOf(GitFixture from, String name) {
        Path dir = tmp.resolve("up").resolve(name);
        GitFixture.exec(tmp, Map.of(), List.of("git", "clone", "-q", from.dir().toString(), dir.toString()));
        return GitFixture.at(dir);
    }

    private static String url(GitFixture f) {
        return f.dir().toUri().toString();
    }

    /** The distinct blobs the branches of the given repositories reach, as git counts them. */
    private static Set<String> blobs(Stream<Path> dirs) {
        Set<String> out = new HashSet<>();
        dirs.forEach(d -> {
            GitFixture.Run r = GitFixture.exec(d, Map.of(), List.of("sh", "-c",
                    "git rev-list --objects --branches | cut -d' ' -f1 | git cat-file --batch-check"));
            r.out().lines().filter(l -> l.contains(" blob ")).forEach(l -> out.add(l.substring(0, l.indexOf(' '))));
        });
        return out;
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<JsonNode> withSecret(JsonNode report, String keyId) {
        return list(report.get("findings")).stream().filter(f -> f.get("secret").asText().equals(keyId)).toList();
    }

    private static String suffix(String repo) {
        return repo.substring(repo.lastIndexOf('/') + 1);
    }

    @Test
    void forksVendoredFilesPullRequestsAndAVanishedRepositoryInOneRun() throws IOException {
        String vendoredKey = TestKeys.keyId(random, "AKIA");
        String forkKey = TestKeys.keyId(random, "AKIA");
        String prKey = TestKeys.keyId(random, "AKIA");
        String vendored = "# vendored\naws_access_key_id = " + vendoredKey + "\n";
        GitFixture parent = GitFixture.init(tmp.resolve("up").resolve("parent"));
        parent.write("README.md", "parent\n").commit("start");
        parent.write("vendor/aws.ini", vendored).commit("vendor a library");
        GitFixture fork1 = cloneOf(parent, "fork1");
        fork1.write("deploy.env", "KEY=" + forkKey + "\n").commit("fork's own key");
        GitFixture fork2 = cloneOf(parent, "fork2");
        fork2.write("fork2.txt", "fork two\n").commit("fork two");
        GitFixture other = GitFixture.init(tmp.resolve("up").resolve("other"));
        other.write("third_party/aws.ini", vendored).commit("the same file, elsewhere");
        parent.git("checkout", "-q", "-b", "pr");
        String prCommit = parent.write("pr.env", "K=" + prKey + "\n").commit("a pull request");
        parent.git("checkout", "-q", "main");
        parent.git("branch", "-D", "pr");
        parent.git("update-ref", "refs/pull/1/head", prCommit);
        GitFixture gone = GitFixture.init(tmp.resolve("up").resolve("gone"));
        gone.write("a.txt", "a\n").commit("a");
        Path list = tmp.resolve("repos.txt");
        Files.writeString(list, "# the organisation\n" + url(parent) + "\n" + url(fork1) + "\n\n" + url(fork2) + "\n"
                + url(other) + "\n" + url(gone) + "\n");
        GitFixture.exec(tmp, Map.of(), List.of("rm", "-rf", gone.dir().toString()));
        Path cache = tmp.resolve("cache");
        Path audit = tmp.resolve("audit.json");

        Path sarif = tmp.resolve("org.sarif");
        Cli run = Cli.run("history", "--repos", list.toString(), "--mirror-dir", cache.toString(), "--summary",
                "--report", "json=" + audit, "--report", "sarif=" + sarif, "--no-progress");

        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("gone");
        JsonNode r = JSON.readTree(audit.toFile());
        assertThat(list(r.get("errors"))).singleElement()
                .satisfies(e -> assertThat(e.get("message").asText()).contains("cannot clone").contains("gone"));
        // One finding of the vendored file per repository holding it...
        List<JsonNode> shared = withSecret(r, vendoredKey);
        assertThat(shared).extracting(f -> suffix(f.get("repo").asText()))
                .containsExactlyInAnyOrder("parent", "fork1", "fork2", "other");
        assertThat(shared).filteredOn(f -> f.get("repo").asText().endsWith("other")).singleElement()
                .satisfies(f -> assertThat(f.get("path").asText()).isEqualTo("third_party/aws.ini"));
        // ...and each blob read once across the run: as many as the mirrors hold, fewer than their sum.
        List<Path> upstream = Stream.of(parent, fork1, fork2, other).map(GitFixture::dir).toList();
        Set<String> unique = blobs(upstream.stream());
        long sum = upstream.stream().mapToLong(m -> blobs(Stream.of(m)).size()).sum();
        assertThat(r.get("stats").get("items").asLong()).isEqualTo(unique.size()).isLessThan(sum);
        assertThat(withSecret(r, forkKey)).extracting(f -> suffix(f.get("repo").asText())).containsExactly("fork1");
        assertThat(withSecret(r, prKey)).isEmpty();
        // The audit: one row per credential across repositories.
        JsonNode row = list(r.get("summary")).stream()
                .filter(s -> s.get("secret").asText().equals(vendoredKey)).findFirst().orElseThrow();
        assertThat(list(row.get("repos"))).extracting(n -> suffix(n.asText()))
                .containsExactly("fork1", "fork2", "other", "parent");
        assertThat(list(row.get("atTip"))).hasSize(4);
        assertThat(suffix(row.get("firstRepo").asText())).isEqualTo("other"); // its commit is the oldest
        assertThat(list(r.get("repositories"))).extracting(n -> n.get("status").asText())
                .containsExactlyInAnyOrder("scanned", "scanned", "scanned", "scanned", "failed");
        JsonNode results = JSON.readTree(sarif.toFile()).get("runs").get(0).get("results");
        assertThat(list(results)).filteredOn(x -> x.get("properties").get("secret").asText().equals(vendoredKey))
                .extracting(x -> suffix(x.get("properties").get("repo").asText()))
                .containsExactlyInAnyOrder("parent", "fork1", "fork2", "other");
        // The text audit on stdout names the repositories.
        assertThat(run.out()).contains("KEY ID / SECRET").contains("at the tip in");

        // The pull request's key only with --pull-requests; JSON Lines findings name their repository.
        Cli pulls = Cli.run("history", "--repos", list.toString(), "--mirror-dir", cache.toString(),
                "--pull-requests", "--format", "jsonl", "--no-progress");
        assertThat(pulls.code()).as(pulls.toString()).isEqualTo(1);
        List<JsonNode> lines = new ArrayList<>();
        for (String l : pulls.out().lines().toList()) {
            lines.add(JSON.readTree(l));
        }
        assertThat(lines).filteredOn(l -> l.get("secret").asText().equals(prKey)).singleElement()
                .satisfies(l -> {
                    assertThat(suffix(l.get("repo").asText())).isEqualTo("parent");
                    assertThat(l.get("reachable").asBoolean()).isTrue();
                });
        assertThat(pulls.err()).contains("gone");

        // The text report groups findings by repository.
        Cli text = Cli.run("history", "--repos", list.toString(), "--mirror-dir", cache.toString(), "--no-progress",
                "--color", "never");
        assertThat(text.out()).containsPattern("repository \\S*fork1").containsPattern("repository \\S*other")
                .contains("third_party/aws.ini");
    }

    @Test
    void withStateASecondRunReadsNothingAndANewCommitOnlyItsBlobs() throws IOException {
        String keyA = TestKeys.keyId(random, "AKIA");
        String keyB = TestKeys.keyId(random, "AKIA");
        GitFixture a = GitFixture.init(tmp.resolve("a"));
        a.write("a.env", "KEY=" + keyA + "\n").write("readme.txt", "a\n").commit("a");
        GitFixture b = GitFixture.init(tmp.resolve("b"));
        b.write("b.txt", "b\n").commit("b");
        Path state = tmp.resolve("state.db");
        String[] args = {"history", a.dir().toString(), b.dir().toString(), "--state", state.toString(), "--format",
            "json", "--no-progress"};

        Cli first = Cli.run(new java.io.ByteArrayInputStream(new byte[0]), true,
                java.util.Arrays.stream(args).filter(x -> !x.equals("--no-progress")).toArray(String[]::new));
        assertThat(first.code()).as(first.toString()).isEqualTo(1);
        JsonNode r1 = JSON.readTree(first.out());
        assertThat(r1.get("stats").get("items").asLong()).isEqualTo(3);
        long run1 = r1.get("run").get("runId").asLong();
        assertThat(first.err()).contains("repos 2/2").contains("blobs"); // the progress line, on a terminal

        Cli second = Cli.run(args);
        assertThat(second.code()).as(second.toString()).isEqualTo(1);
        JsonNode r2 = JSON.readTree(second.out());
        assertThat(r2.get("stats").get("items").asLong()).isZero();
        assertThat(withSecret(r2, keyA)).singleElement()
                .satisfies(f -> assertThat(f.get("runId").asLong()).isEqualTo(run1));
        assertThat(list(r2.get("repositories"))).extracting(n -> n.get("status").asText())
                .containsExactly("unchanged", "unchanged");

        b.write("b.env", "KEY=" + keyB + "\n").commit("b's key");
        Cli third = Cli.run(args);
        JsonNode r3 = JSON.readTree(third.out());
        assertThat(r3.get("stats").get("items").asLong()).isEqualTo(1);
        long run3 = r3.get("run").get("runId").asLong();
        assertThat(run3).isGreaterThan(run1);
        assertThat(withSecret(r3, keyB)).singleElement()
                .satisfies(f -> assertThat(f.get("runId").asLong()).isEqualTo(run3));
        assertThat(withSecret(r3, keyA)).singleElement()
                .satisfies(f -> assertThat(f.get("runId").asLong()).isEqualTo(run1));
        // Other rules (a config switching a rule off) mean a new rules hash: every blob is read again.
        Path config = tmp.resolve("keyward.toml");
        Files.writeString(config, "[extend]\nuseDefault = true\ndisabledRules = [\"aws-account-id\"]\n");
        List<String> withConfig = new ArrayList<>(List.of(args));
        withConfig.addAll(List.of("--config", config.toString()));
        Cli fourth = Cli.run(withConfig.toArray(String[]::new));
        assertThat(fourth.code()).as(fourth.toString()).isEqualTo(1);
        JsonNode r4 = JSON.readTree(fourth.out());
        assertThat(r4.get("stats").get("items").asLong()).isEqualTo(4);
        assertThat(withSecret(r4, keyA)).hasSize(1);
        assertThat(Files.getPosixFilePermissions(state)).noneMatch(p -> p.name().startsWith("GROUP")
                || p.name().startsWith("OTHERS"));
    }

    @Test
    void aDeletedBranchsFindingStaysInTheAuditMarkedUnreachable() throws IOException {
        String key = TestKeys.keyId(random, "AKIA");
        GitFixture a = GitFixture.init(tmp.resolve("a"));
        a.write("readme.txt", "a\n").commit("a");
        a.git("checkout", "-q", "-b", "feature");
        a.write("feature.env", "KEY=" + key + "\n").commit("a key on a branch");
        a.git("checkout", "-q", "main");
        GitFixture b = GitFixture.init(tmp.resolve("b"));
        b.write("b.txt", "b\n").commit("b");
        String[] args = {"history", a.dir().toString(), b.dir().toString(), "--state", tmp.resolve("s.db").toString(),
            "--format", "json", "--no-progress"};
        JsonNode before = JSON.readTree(Cli.run(args).out());
        assertThat(withSecret(before, key)).singleElement()
                .satisfies(f -> assertThat(f.get("reachable").asBoolean()).isTrue());

        a.git("branch", "-D", "feature");
        Cli after = Cli.run(args);

        assertThat(after.code()).as(after.toString()).isEqualTo(1);
        assertThat(withSecret(JSON.readTree(after.out()), key)).singleElement()
                .satisfies(f -> assertThat(f.get("reachable").asBoolean()).isFalse());
    }

    @Test
    void aGitHubOrganisationListedThroughTheRestApi() throws IOException {
        String key = TestKeys.keyId(random, "AKIA");
        GitFixture api = GitFixture.init(tmp.resolve("up").resolve("api"));
        api.write("prod.env", "AWS_ACCESS_KEY_ID=" + key + "\n").commit("oops");
        GitFixture web = GitFixture.init(tmp.resolve("up").resolve("web"));
        web.write("index.html", "<p>hi</p>\n").commit("page");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String first = "/orgs/acme/repos?per_page=100&type=all";
        String second = first + "&page=2";
        Map<String, String[]> pages = Map.of(
                first, new String[] {"[" + repo("acme/api", url(api)) + "]",
                    "<" + base + second + ">; rel=\"next\", <" + base + second + ">; rel=\"last\""},
                second, new String[] {"[" + repo("acme/web", url(web)) + "]", "<" + base + first + ">; rel=\"first\""});
        List<String> asked = new ArrayList<>();
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().toString();
            synchronized (asked) {
                asked.add(path);
            }
            String[] page = pages.get(path);
            byte[] body = (page == null ? "{\"message\":\"Not Found\"}" : page[0]).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            ex.getResponseHeaders().add("x-ratelimit-remaining", "4999");
            if (page != null) {
                ex.getResponseHeaders().add("Link", page[1]);
            }
            ex.sendResponseHeaders(page == null ? 404 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            Cli run = Cli.run("history", "--github-org", "acme", "--github-api", base, "--mirror-dir",
                    tmp.resolve("cache").toString(), "--format", "json", "--no-progress");

            assertThat(run.code()).as(run.toString()).isEqualTo(1);
            JsonNode r = JSON.readTree(run.out());
            assertThat(withSecret(r, key)).singleElement()
                    .satisfies(f -> assertThat(f.get("repo").asText()).isEqualTo("acme/api"));
            assertThat(list(r.get("repositories"))).extracting(n -> n.get("name").asText())
                    .containsExactly("acme/api", "acme/web");
            assertThat(asked).containsExactly(first, second);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withStateARerunDoesNotAskGitHubAgainWhatARepositoryIs() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        List<String> asked = new ArrayList<>();
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().toString();
            synchronized (asked) {
                asked.add(path);
            }
            boolean known = path.equals("/repos/acme/api");
            byte[] body = (known ? "{\"full_name\":\"acme/api\",\"fork\":false}" : "{\"message\":\"Not Found\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(known ? 200 : 404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            // The API's host is a GitHub host, so its clone URLs are looked up; nothing serves Git on port 1.
            List<String> args = List.of("history", "--github-api", base, "--state", tmp.resolve("s.db").toString(),
                    "--mirror-dir", tmp.resolve("cache").toString(), "--format", "json", "--no-progress",
                    "ssh://git@127.0.0.1:1/acme/api.git");
            Cli first = Cli.run(args.toArray(String[]::new));
            assertThat(first.code()).as(first.toString()).isEqualTo(2);
            synchronized (asked) {
                assertThat(asked).containsExactly("/repos/acme/api");
            }
            Cli second = Cli.run(args.toArray(String[]::new));
            assertThat(second.code()).as(second.toString()).isEqualTo(2);
            synchronized (asked) {
                assertThat(asked).containsExactly("/repos/acme/api");
            }
        } finally {
            server.stop(0);
        }
    }

    private static String repo(String full, String cloneUrl) {
        String name = full.substring(full.indexOf('/') + 1);
        return "{\"id\":1,\"name\":\"" + name + "\",\"full_name\":\"" + full + "\",\"private\":false,"
                + "\"clone_url\":\"" + cloneUrl + "\",\"fork\":false,\"archived\":false,"
                + "\"default_branch\":\"main\",\"owner\":{\"login\":\"acme\"}}";
    }

    @Test
    void anUnknownOrganisationFlagWithoutTheOrganisationIsAUsageError() {
        Cli run = Cli.run("history", "--include-forks", "a", "b");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--github-org");
    }
    @Test
    void manyRepositoriesCountTheBaselineAndSumUpEachOnesAudit() throws IOException {
        String accepted = TestKeys.keyId(random, "AKIA");
        String open = TestKeys.keyId(random, "AKIA");
        GitFixture a = GitFixture.init(tmp.resolve("a"));
        a.write("old.ini", "aws_access_key_id = " + accepted + "\n").commit("an accepted key");
        GitFixture b = GitFixture.init(tmp.resolve("b"));
        b.write("conf/keys.ini", "aws_access_key_id = " + open + "\n").commit("a key");
        b.write("copy/keys.ini", "aws_access_key_id = " + open + "\n").commit("the same file at a second path");
        b.write("README.md", "later\n").commit("the key still there");
        var found = dev.keyward.Scanner.builder().build()
                .scanHistory(a.dir(), dev.keyward.source.HistoryOptions.defaults()).result().findings();
        Path baseline = tmp.resolve("baseline.json");
        Files.writeString(baseline, dev.keyward.suppress.Baseline.of(found, f -> null).toJson());

        Cli run = Cli.run("history", "--baseline", baseline.toString(), "--format", "json", "--no-progress",
                a.dir().toString(), b.dir().toString());

        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        JsonNode r = JSON.readTree(run.out());
        assertThat(r.get("stats").get("baselined").asLong()).isEqualTo(found.size());
        assertThat(withSecret(r, accepted)).isEmpty();
        JsonNode row = list(r.get("summary")).stream()
                .filter(n -> n.get("firstIntroduced").get("path").asText().endsWith("keys.ini")).findFirst()
                .orElseThrow();
        assertThat(row.get("paths").asInt()).isEqualTo(2);
        assertThat(row.get("places").asLong()).isEqualTo(5); // 1 + 2 + 2 commit/path places
        assertThat(row.get("lastSeen").asText()).isNotEqualTo(row.get("firstIntroduced").get("date").asText());
    }
}
