package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local server that answers in the shape GitHub's REST API documents. */
class GitHubOrgTest {

    record Reply(int status, Map<String, String> headers, String body) {
    }

    private HttpServer server;
    private String base;
    private final Map<String, Deque<Reply>> replies = new HashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notices = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private final Instant now = Instant.parse("2026-12-03T12:00:00Z");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        String key = ex.getRequestURI().toString();
        requests.add(key);
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        Deque<Reply> q = replies.get(key);
        Reply r = q == null || q.isEmpty() ? new Reply(404, Map.of(),
                "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}")
                : q.size() == 1 ? q.peek() : q.poll();
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(r.status(), body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private void serve(String path, Reply... rs) {
        replies.put(path, new ArrayDeque<>(List.of(rs)));
    }

    private static Reply ok(String body, Map<String, String> headers) {
        return new Reply(200, headers, body);
    }

    private static String repo(String full, boolean fork, boolean archived) {
        String name = full.substring(full.indexOf('/') + 1);
        return "{\"id\":1,\"name\":\"" + name + "\",\"full_name\":\"" + full + "\",\"private\":false,"
                + "\"clone_url\":\"https://github.com/" + full + ".git\",\"fork\":" + fork + ",\"archived\":"
                + archived + ",\"default_branch\":\"main\",\"owner\":{\"login\":\"acme\"}}";
    }

    private GitHubOrg lister(GitHubOrg.Options o) {
        return new GitHubOrg(HttpClient.newHttpClient(), o, Clock.fixed(now, ZoneOffset.UTC),
                sleeps::add, notices::add);
    }

    private GitHubOrg.Options options() {
        return GitHubOrg.Options.defaults(Map.of("GITHUB_TOKEN", "tok-123")).withApi(URI.create(base));
    }

    private void twoPages() {
        String first = "/orgs/acme/repos?per_page=100&type=all";
        String second = "/orgs/acme/repos?per_page=100&type=all&page=2";
        serve(first, ok("[" + repo("acme/parent", false, false) + "," + repo("acme/old", false, true) + "]",
                Map.of("Link", "<" + base + second + ">; rel=\"next\", <" + base + second + ">; rel=\"last\"")));
        serve(second, ok("[" + repo("acme/fork1", true, false) + "," + repo("acme/tool", false, false) + "]",
                Map.of("Link", "<" + base + first + ">; rel=\"prev\", <" + base + first + ">; rel=\"first\"")));
        serve("/repos/acme/fork1", ok("{\"full_name\":\"acme/fork1\",\"fork\":true,"
                + "\"parent\":{\"full_name\":\"acme/middle\"},\"source\":{\"full_name\":\"acme/parent\"}}", Map.of()));
    }

    @Test
    void forksGivenByUrlJoinTheirSourcesNetwork() {
        serve("/repos/acme/fork1", ok("{\"full_name\":\"acme/fork1\",\"fork\":true,"
                + "\"parent\":{\"full_name\":\"acme/middle\"},\"source\":{\"full_name\":\"acme/parent\"}}", Map.of()));
        serve("/repos/acme/fork2", ok("{\"full_name\":\"acme/fork2\",\"fork\":true,"
                + "\"parent\":{\"full_name\":\"other/lib\"}}", Map.of()));
        serve("/repos/Acme/Parent", ok("{\"full_name\":\"acme/parent\",\"fork\":false}", Map.of()));
        serve("/repos/acme/broken", new Reply(500, Map.of(), "{\"message\":\"Server Error\"}"));
        RepoSpec parent = RepoSpec.remote("https://github.com/Acme/Parent.git");
        RepoSpec fork1 = RepoSpec.remote("git@github.com:acme/fork1.git");
        RepoSpec fork2 = RepoSpec.remote("https://x-access-token:t@github.com/acme/fork2");
        RepoSpec broken = RepoSpec.remote("https://github.com/acme/broken");
        RepoSpec elsewhere = RepoSpec.remote("https://gitlab.example.com/acme/fork1.git");
        RepoSpec local = RepoSpec.local(java.nio.file.Path.of("/tmp/somewhere"));

        List<RepoSpec> out = lister(options()).withForkNetworks(
                List.of(parent, fork1, fork2, broken, elsewhere, local), java.util.Set.of("GitHub.com"));

        assertThat(out).containsExactly(parent, fork1.withNetwork(parent.key()),
                fork2.withNetwork("github.com/other/lib"), broken, elsewhere, local);
        assertThat(out.get(1).isNetworkRoot()).isFalse();
        assertThat(requests).containsExactlyInAnyOrder("/repos/Acme/Parent", "/repos/acme/fork1",
                "/repos/acme/fork2", "/repos/acme/broken");
        assertThat(authorizations).containsOnly("Bearer tok-123");
        assertThat(notices).singleElement().asString().contains("github.com/acme/broken").contains("HTTP 500")
                .contains("on its own");
    }

    @Test
    void aStateFileRemembersWhatEachRepositoryIsSoARerunAsksNothing(@org.junit.jupiter.api.io.TempDir
                                                                     java.nio.file.Path tmp) {
        serve("/repos/acme/fork1", ok("{\"full_name\":\"acme/fork1\",\"fork\":true,"
                + "\"source\":{\"full_name\":\"acme/parent\"}}", Map.of()));
        serve("/repos/acme/parent", ok("{\"full_name\":\"acme/parent\",\"fork\":false}", Map.of()));
        serve("/repos/acme/broken", new Reply(500, Map.of(), "{\"message\":\"Server Error\"}"));
        RepoSpec parent = RepoSpec.remote("https://github.com/acme/parent.git");
        RepoSpec fork1 = RepoSpec.remote("https://github.com/acme/fork1.git");
        RepoSpec broken = RepoSpec.remote("https://github.com/acme/broken");
        List<RepoSpec> given = List.of(parent, fork1, broken);
        java.util.Set<String> hosts = java.util.Set.of("github.com");
        java.nio.file.Path file = tmp.resolve("state.db");

        List<RepoSpec> first;
        try (StateStore state = StateStore.open(file, Duration.ZERO)) {
            first = lister(options()).rememberingIn(state).withForkNetworks(given, hosts);
        }
        assertThat(first).containsExactly(parent, fork1.withNetwork(parent.key()), broken);
        assertThat(requests).containsExactlyInAnyOrder("/repos/acme/parent", "/repos/acme/fork1",
                "/repos/acme/broken");

        requests.clear();
        List<RepoSpec> second;
        try (StateStore state = StateStore.open(file, Duration.ZERO)) {
            // Spelled otherwise: GitHub's names ignore case, and so does what is kept.
            second = lister(options()).rememberingIn(state).withForkNetworks(
                    List.of(parent, RepoSpec.remote("https://github.com/Acme/Fork1.git"), broken), hosts);
        }
        assertThat(second.get(1).network()).isEqualTo(parent.key());
        // A failed lookup is not remembered: only it is asked again.
        assertThat(requests).containsExactly("/repos/acme/broken");

        // The organisation's pages are always read; its forks are looked up once.
        twoPages();
        requests.clear();
        try (StateStore state = StateStore.open(file, Duration.ZERO)) {
            GitHubOrg gh = lister(options().withIncludeForks(true)).rememberingIn(state);
            assertThat(gh.list("acme")).extracting(RepoSpec::network).contains("github.com/acme/parent");
            assertThat(gh.list("acme")).extracting(RepoSpec::network).contains("github.com/acme/parent");
        }
        assertThat(requests).filteredOn(r -> r.startsWith("/repos/")).isEmpty();
        assertThat(requests).filteredOn(r -> r.startsWith("/orgs/")).hasSize(4);
    }

    @Test
    void everyPageIsReadAndForksAndArchivedAreLeftOutByDefault() {
        twoPages();
        List<RepoSpec> repos = lister(options()).list("acme");

        assertThat(repos).extracting(RepoSpec::name).containsExactly("acme/parent", "acme/tool");
        assertThat(repos.get(0).url()).isEqualTo("https://github.com/acme/parent.git");
        assertThat(requests).hasSize(2);
        assertThat(authorizations).containsOnly("Bearer tok-123");
    }

    @Test
    void forksJoinTheNetworkOfTheirSource() {
        twoPages();
        List<RepoSpec> repos = lister(options().withIncludeForks(true).withIncludeArchived(true)).list("acme");

        assertThat(repos).extracting(RepoSpec::name)
                .containsExactly("acme/parent", "acme/old", "acme/fork1", "acme/tool");
        RepoSpec fork = repos.get(2);
        assertThat(fork.network()).isEqualTo("github.com/acme/parent").isEqualTo(repos.get(0).key());
        assertThat(fork.isNetworkRoot()).isFalse();
        assertThat(repos.get(0).isNetworkRoot()).isTrue();
        assertThat(requests).contains("/repos/acme/fork1");
    }

    @Test
    void aRateLimitIsWaitedOutUntilTheReset() {
        long reset = now.getEpochSecond() + 90;
        serve("/orgs/acme/repos?per_page=100&type=all",
                new Reply(403, Map.of("x-ratelimit-limit", "5000", "x-ratelimit-remaining", "0",
                        "x-ratelimit-reset", Long.toString(reset)),
                        "{\"message\":\"API rate limit exceeded for user ID 1.\"}"),
                ok("[" + repo("acme/tool", false, false) + "]", Map.of()));

        List<RepoSpec> repos = lister(options()).list("acme");

        assertThat(repos).extracting(RepoSpec::name).containsExactly("acme/tool");
        assertThat(notices).containsExactly("rate limited until 12:01:30 UTC");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(90));
        assertThat(requests).hasSize(2);
    }

    @Test
    void aSecondaryLimitIsWaitedOutByRetryAfter() {
        serve("/orgs/acme/repos?per_page=100&type=all",
                new Reply(429, Map.of("retry-after", "30"), "{\"message\":\"You have exceeded a secondary rate limit.\"}"),
                ok("[]", Map.of()));

        assertThat(lister(options()).list("acme")).isEmpty();
        assertThat(notices).containsExactly("rate limited until 12:00:30 UTC");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void attemptsAreBounded() {
        serve("/orgs/acme/repos?per_page=100&type=all", new Reply(403, Map.of("x-ratelimit-remaining", "0",
                "x-ratelimit-reset", Long.toString(now.getEpochSecond() + 5)), "{\"message\":\"API rate limit exceeded\"}"));

        assertThatThrownBy(() -> lister(options().withMaxAttempts(3)).list("acme"))
                .isInstanceOf(OrgException.class)
                .hasMessageContaining("GitHub organisation acme: still rate limited after 3 attempts (HTTP 403");
        assertThat(requests).hasSize(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void aMissingOrganisationNamesTheOrgTheStatusAndGitHubsMessage() {
        assertThatThrownBy(() -> lister(options()).list("nope"))
                .isInstanceOf(OrgException.class)
                .hasMessageStartingWith("GitHub organisation nope: HTTP 404: Not Found");
    }

    @Test
    void aBadTokenAndAServerErrorAreClearToo() {
        serve("/orgs/acme/repos?per_page=100&type=all", new Reply(401, Map.of(),
                "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}"));
        assertThatThrownBy(() -> lister(options()).list("acme"))
                .hasMessage("GitHub organisation acme: HTTP 401: Bad credentials (check GITHUB_TOKEN)");

        serve("/orgs/acme/repos?per_page=100&type=all", new Reply(502, Map.of(), "<html>Bad gateway</html>"));
        assertThatThrownBy(() -> lister(options()).list("acme"))
                .hasMessage("GitHub organisation acme: HTTP 502: (no message)");
        // A 403 that is not a rate limit is not waited for.
        serve("/orgs/acme/repos?per_page=100&type=all", new Reply(403, Map.of("x-ratelimit-remaining", "4999"),
                "{\"message\":\"Resource protected by organization SAML enforcement.\"}"));
        assertThatThrownBy(() -> lister(options()).list("acme"))
                .hasMessageContaining("HTTP 403: Resource protected by organization SAML enforcement.");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aLoopingOrForeignNextLinkStops() {
        String first = "/orgs/acme/repos?per_page=100&type=all";
        serve(first, ok("[]", Map.of("Link", "<" + base + first + ">; rel=\"next\"")));
        assertThatThrownBy(() -> lister(options()).list("acme")).hasMessageContaining("loops back");

        serve(first, ok("[]", Map.of("Link", "<https://evil.example/steal>; rel=\"next\"")));
        assertThatThrownBy(() -> lister(options()).list("acme")).hasMessageContaining("another host (evil.example)");
    }

    @Test
    void pagesAreBounded() {
        for (int i = 1; i <= 5; i++) {
            String path = "/orgs/acme/repos?per_page=100&type=all" + (i == 1 ? "" : "&page=" + i);
            serve(path, ok("[]", Map.of("Link", "<" + base + "/orgs/acme/repos?per_page=100&type=all&page="
                    + (i + 1) + ">; rel=\"next\"")));
        }
        assertThatThrownBy(() -> lister(options().withMaxPages(3)).list("acme"))
                .hasMessageContaining("more than 3 pages");
        assertThat(requests).hasSize(3);
    }

    @Test
    void anUnusableRepositoryIsLeftOutWithANotice() {
        serve("/orgs/acme/repos?per_page=100&type=all", ok("[{\"full_name\":\"acme/x\",\"clone_url\":"
                + "\"ftp://h/x\"}," + repo("acme/ok", false, false) + "]", Map.of()));
        assertThat(lister(options()).list("acme")).extracting(RepoSpec::name).containsExactly("acme/ok");
        assertThat(notices).singleElement().asString().contains("left out a repository");
    }

    @Test
    void anOrganisationNameIsChecked() {
        assertThatThrownBy(() -> lister(options()).list("../x")).hasMessageContaining("not a GitHub organisation");
        assertThat(requests).isEmpty();
    }

    @Test
    void noTokenMeansNoAuthorization() {
        serve("/orgs/acme/repos?per_page=100&type=all", ok("[]", Map.of()));
        lister(GitHubOrg.Options.defaults(Map.of()).withApi(URI.create(base + "/"))).list("acme");
        assertThat(authorizations).containsExactly("null");
        assertThat(GitHubOrg.Options.defaults(Map.of("GITHUB_TOKEN", "tok-123")).toString()).doesNotContain("tok-123");
    }
}
