package dev.keyward.org;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists a GitHub organisation's repositories through the REST API ({@code GET /orgs/{org}/repos}, every page by
 * the {@code Link} header), waits out rate limits, and puts each fork in its parent's fork network
 * ({@code GET /repos/{owner}/{repo}}, its {@code source}). Works with GitHub Enterprise through another API URL.
 * Every loop is bounded: pages by {@link Options#maxPages}, attempts per request by {@link Options#maxAttempts}.
 * The token is sent only to the API's own host. Thread-safe when its callbacks are.
 */
public final class GitHubOrg {

    /** How a rate-limit wait is spent; tests pass one that does not really sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * What to list and how.
     *
     * @param api             the REST API root, {@code https://api.github.com} or an Enterprise one such as
     *                        {@code https://ghe.example.com/api/v3}
     * @param token           a token for {@code Authorization: Bearer}, or null to ask anonymously
     * @param includeForks    whether forks are listed (in their parent's network)
     * @param includeArchived whether archived repositories are listed
     * @param maxAttempts     tries of one request when rate limited, at least 1
     * @param maxPages        pages of 100 read at most, at least 1
     * @param timeout         of one request
     */
    public record Options(URI api, String token, boolean includeForks, boolean includeArchived, int maxAttempts,
                          int maxPages, Duration timeout) {
        public Options {
            Objects.requireNonNull(api, "api");
            String s = api.getScheme();
            if (s == null || !(s.equals("https") || s.equals("http")) || api.getHost() == null) {
                throw new IllegalArgumentException("the GitHub API URL must be an http(s) URL with a host, was "
                        + api);
            }
            if (token != null && token.isBlank()) {
                token = null;
            }
            if (maxAttempts < 1 || maxPages < 1) {
                throw new IllegalArgumentException("maxAttempts and maxPages must be at least 1");
            }
            Objects.requireNonNull(timeout, "timeout");
        }

        /** api.github.com, the token in {@code GITHUB_TOKEN} of {@code env}, no forks, no archived. */
        public static Options defaults(Map<String, String> env) {
            return new Options(URI.create("https://api.github.com"), env.get("GITHUB_TOKEN"), false, false, 5,
                    1000, Duration.ofSeconds(60));
        }

        public Options withApi(URI u) {
            return new Options(u, token, includeForks, includeArchived, maxAttempts, maxPages, timeout);
        }

        public Options withIncludeForks(boolean on) {
            return new Options(api, token, on, includeArchived, maxAttempts, maxPages, timeout);
        }

        public Options withIncludeArchived(boolean on) {
            return new Options(api, token, includeForks, on, maxAttempts, maxPages, timeout);
        }

        public Options withMaxAttempts(int n) {
            return new Options(api, token, includeForks, includeArchived, n, maxPages, timeout);
        }

        public Options withMaxPages(int n) {
            return new Options(api, token, includeForks, includeArchived, maxAttempts, n, timeout);
        }

        /** Hides the token. */
        @Override
        public String toString() {
            return "Options[api=" + api + ", token=" + (token == null ? "none" : "***") + ", includeForks="
                    + includeForks + ", includeArchived=" + includeArchived + "]";
        }
    }

    private static final String FULL_NAME = "[A-Za-z0-9._-]+/[A-Za-z0-9._-]+";
    private static final Pattern ORG = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Options options;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> notices;
    private final StateStore known;

    /**
     * @param notices told what a user should see while it works: "rate limited until HH:MM:SS UTC" and
     *                repositories left out because GitHub's answer for them was unusable
     */
    public GitHubOrg(HttpClient http, Options options, Clock clock, Sleeper sleeper, Consumer<String> notices) {
        this(http, options, clock, sleeper, notices, null);
    }

    private GitHubOrg(HttpClient http, Options options, Clock clock, Sleeper sleeper, Consumer<String> notices,
                      StateStore known) {
        this.http = Objects.requireNonNull(http, "http");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.known = known;
    }

    /**
     * The same client, keeping what {@code GET /repos/{owner}/{repo}} said of each repository in {@code store}
     * ({@link StateStore#forkRoot}) and asking only of repositories it does not know: a repository does not
     * become or stop being a fork (GitHub's "detach" aside, which a new state file picks up). The listing's
     * pages are always asked again. {@code store} is used from the calling thread only.
     */
    public GitHubOrg rememberingIn(StateStore store) {
        return new GitHubOrg(http, options, clock, sleeper, notices, Objects.requireNonNull(store, "store"));
    }

    /** With the JDK's client, the system clock and real sleeping. */
    public static GitHubOrg create(Options options, Consumer<String> notices) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new GitHubOrg(http, options, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), notices);
    }

    /**
     * The organisation's repositories, in GitHub's order; forks (when included) in the network of their root.
     *
     * @throws OrgException naming the organisation, the HTTP status and GitHub's message
     */
    public List<RepoSpec> list(String org) {
        if (org == null || !ORG.matcher(org).matches()) {
            throw new OrgException("'" + org + "' is not a GitHub organisation name");
        }
        String base = options.api().toString().replaceAll("/+$", "");
        URI next = URI.create(base + "/orgs/" + org + "/repos?per_page=100&type=all");
        List<RepoSpec> out = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        int pages = 0;
        while (next != null) {
            if (++pages > options.maxPages()) {
                throw new OrgException("GitHub organisation " + org + ": more than " + options.maxPages()
                        + " pages of repositories; stopped");
            }
            if (!seen.add(next)) {
                throw new OrgException("GitHub organisation " + org + ": the API's next page loops back to " + next);
            }
            HttpResponse<String> page = get(next, "GitHub organisation " + org);
            JsonNode repos = parse(page, "GitHub organisation " + org);
            if (!repos.isArray()) {
                throw new OrgException("GitHub organisation " + org + ": the API did not answer with a list");
            }
            for (JsonNode r : repos) {
                spec(org, r).ifPresent(out::add);
            }
            next = nextPage(page, org);
        }
        return List.copyOf(out);
    }

    /**
     * Puts the forks among repositories given by URL into their parent's fork network: each clone URL on one of
     * {@code hosts} (github.com, an Enterprise host) that names {@code owner/name} is looked up
     * ({@code GET /repos/{owner}/{repo}}), and one GitHub calls a fork joins the network of its {@code source}
     * (else its {@code parent}), spelled as the list spells that repository when it is in the list. Repositories
     * already in another network, local folders and other hosts are left as they are; a lookup that fails is a
     * notice and leaves that repository in its own network. Rate limits are waited out as for {@link #list}.
     */
    public List<RepoSpec> withForkNetworks(List<RepoSpec> repos, Set<String> hosts) {
        Map<String, String> keys = new java.util.HashMap<>();
        repos.forEach(r -> keys.putIfAbsent(r.key().toLowerCase(java.util.Locale.ROOT), r.key()));
        List<RepoSpec> out = new ArrayList<>(repos.size());
        for (RepoSpec r : repos) {
            out.add(inNetwork(r, hosts, keys));
        }
        return List.copyOf(out);
    }

    private RepoSpec inNetwork(RepoSpec r, Set<String> hosts, Map<String, String> keys) {
        if (!r.isRemote() || !r.isNetworkRoot()) {
            return r;
        }
        CloneUrl u = CloneUrl.parse(r.url());
        String full = u.pathKey();
        if (u.scheme().equals("file") || hosts.stream().noneMatch(h -> h.equalsIgnoreCase(u.host())) || !full.matches(FULL_NAME)) {
            return r;
        }
        String root;
        try {
            root = forkRoot(full);
        } catch (OrgException e) {
            notices.accept("cannot ask GitHub whether " + r.name() + " is a fork (" + e.getMessage()
                    + "); scanned on its own");
            return r;
        }
        if (root == null || root.equalsIgnoreCase(full)) {
            return r;
        }
        String network = u.hostKey() + "/" + root;
        return r.withNetwork(keys.getOrDefault(network.toLowerCase(java.util.Locale.ROOT), network));
    }

    private Optional<RepoSpec> spec(String org, JsonNode r) {
        String fullName = r.path("full_name").asText("");
        String cloneUrl = r.path("clone_url").asText("");
        boolean fork = r.path("fork").asBoolean(false);
        if (r.path("archived").asBoolean(false) && !options.includeArchived()
                || fork && !options.includeForks()) {
            return Optional.empty();
        }
        RepoSpec spec;
        try {
            if (!fullName.matches(FULL_NAME)) {
                throw new IllegalArgumentException("no usable full_name");
            }
            spec = RepoSpec.remote(cloneUrl).withName(fullName);
        } catch (IllegalArgumentException e) {
            notices.accept("GitHub organisation " + org + ": left out a repository whose clone_url or full_name is "
                    + "unusable (" + e.getMessage() + ")");
            return Optional.empty();
        }
        if (fork) {
            String root = forkRoot(fullName);
            if (root != null) {
                spec = spec.withNetwork(CloneUrl.parse(cloneUrl).hostKey() + "/" + root);
            }
        }
        return Optional.of(spec);
    }

    /** The full name of the fork network's root: the fork's {@code source}, else its {@code parent}. */
    private String forkRoot(String fullName) {
        String base = options.api().toString().replaceAll("/+$", "");
        // GitHub's names ignore case.
        String key = base + " " + fullName.toLowerCase(java.util.Locale.ROOT);
        String was = known == null ? null : known.forkRoot(key);
        if (was != null) {
            return was.isEmpty() ? null : was;
        }
        String root = askForkRoot(base, fullName);
        if (known != null) {
            known.saveForkRoot(key, root == null ? "" : root);
        }
        return root;
    }

    private String askForkRoot(String base, String fullName) {
        HttpResponse<String> res = get(URI.create(base + "/repos/" + fullName), "GitHub repository " + fullName);
        JsonNode repo = parse(res, "GitHub repository " + fullName);
        for (String field : List.of("source", "parent")) {
            String name = repo.path(field).path("full_name").asText("");
            if (name.matches(FULL_NAME)) {
                return name;
            }
        }
        return null;
    }

    private HttpResponse<String> get(URI uri, String what) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(options.timeout()).GET()
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .header("User-Agent", "keyward");
            if (options.token() != null && sameHost(uri)) {
                req.header("Authorization", "Bearer " + options.token());
            }
            HttpResponse<String> res;
            try {
                res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new OrgException(what + ": cannot reach " + options.api() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrgException(what + ": interrupted");
            }
            int status = res.statusCode();
            if (status / 100 == 2) {
                return res;
            }
            Optional<Instant> until = (status == 403 || status == 429) ? rateLimitedUntil(res) : Optional.empty();
            if (until.isEmpty()) {
                throw new OrgException(what + ": HTTP " + status + ": " + message(res) + hint(status));
            }
            if (attempt >= options.maxAttempts()) {
                throw new OrgException(what + ": still rate limited after " + attempt + " attempts (HTTP "
                        + status + ": " + message(res) + ")");
            }
            notices.accept("rate limited until " + HMS.format(until.get()) + " UTC");
            Duration wait = Duration.between(clock.instant(), until.get());
            try {
                sleeper.sleep(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrgException(what + ": interrupted while waiting for the rate limit");
            }
        }
    }

    /** When a 403/429 is a rate limit: until the reset when none remain, else after {@code retry-after}. */
    private Optional<Instant> rateLimitedUntil(HttpResponse<String> res) {
        Optional<String> remaining = res.headers().firstValue("x-ratelimit-remaining");
        Optional<String> reset = res.headers().firstValue("x-ratelimit-reset");
        Optional<String> retryAfter = res.headers().firstValue("retry-after");
        try {
            if (retryAfter.isPresent()) {
                return Optional.of(clock.instant().plusSeconds(Math.max(1, Long.parseLong(retryAfter.get().trim()))));
            }
            if (remaining.isPresent() && remaining.get().trim().equals("0") && reset.isPresent()) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(reset.get().trim())));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private URI nextPage(HttpResponse<String> page, String org) {
        for (String link : page.headers().allValues("link")) {
            for (String part : link.split(",")) {
                Matcher m = NEXT.matcher(part.trim());
                if (m.matches() || m.find()) {
                    URI u;
                    try {
                        u = URI.create(m.group(1).trim());
                    } catch (IllegalArgumentException e) {
                        throw new OrgException("GitHub organisation " + org + ": the API's next page is not a URL");
                    }
                    if (!sameHost(u)) {
                        // Following it would send the token elsewhere.
                        throw new OrgException("GitHub organisation " + org + ": the API's next page is on another "
                                + "host (" + u.getHost() + ")");
                    }
                    return u;
                }
            }
        }
        return null;
    }

    private boolean sameHost(URI u) {
        return options.api().getHost().equalsIgnoreCase(u.getHost()) && options.api().getPort() == u.getPort()
                && Objects.equals(options.api().getScheme(), u.getScheme());
    }

    private static JsonNode parse(HttpResponse<String> res, String what) {
        try {
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new OrgException(what + ": the API answered with something that is not JSON");
        }
    }

    /** GitHub's {@code message} field, cleaned: it is the server's text, shown to a user. */
    private static String message(HttpResponse<String> res) {
        String m;
        try {
            m = JSON.readTree(res.body()).path("message").asText("");
        } catch (IOException | RuntimeException e) {
            m = "";
        }
        m = m.replaceAll("\\p{Cntrl}", " ").strip();
        if (m.isEmpty()) {
            return "(no message)";
        }
        return m.length() > 200 ? m.substring(0, 197) + "..." : m;
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> " (check GITHUB_TOKEN)";
            case 404 -> " (no such organisation, or the token cannot see it)";
            default -> "";
        };
    }
}
