package dev.keyward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.ScanListener;
import dev.keyward.Scanner;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Exposure;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.ScanStats;
import dev.keyward.finding.Skipped;
import dev.keyward.org.GitHubOrg;
import dev.keyward.org.HistoryParts;
import dev.keyward.org.Mirrors;
import dev.keyward.org.OrgCredential;
import dev.keyward.org.OrgException;
import dev.keyward.org.OrgFinding;
import dev.keyward.org.OrgListener;
import dev.keyward.org.OrgOptions;
import dev.keyward.org.OrgResult;
import dev.keyward.org.OrgScan;
import dev.keyward.org.ProgressLine;
import dev.keyward.org.RepoList;
import dev.keyward.org.RepoSpec;
import dev.keyward.org.RulesHash;
import dev.keyward.org.StateStore;
import dev.keyward.report.JsonLinesReporter;
import dev.keyward.report.JsonReporter;
import dev.keyward.report.Report;
import dev.keyward.report.ReportOptions;
import dev.keyward.report.Reporter;
import dev.keyward.source.HistoryOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ParameterException;

/**
 * {@code keyward history} over many repositories (several REPOs, clone URLs, {@code --repos}, {@code --github-org}):
 * one {@link OrgScan} with the real history parts, its result as one history report. The JSON and JSON Lines
 * findings gain {@code runId} and {@code reachable}, and the JSON document a {@code repositories} array naming each
 * repository and how it went.
 */
final class OrgHistory {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINES = new ObjectMapper();

    private final HistoryCommand cmd;
    private final Main.Io io;

    OrgHistory(HistoryCommand cmd, Main.Io io) {
        this.cmd = cmd;
        this.io = io;
    }

    /** Whether a REPO argument is a clone URL rather than a folder. */
    static boolean looksLikeUrl(String arg) {
        try {
            return RepoList.arguments(List.of(arg)).get(0).isRemote();
        } catch (RuntimeException e) {
            return false; // reported when the arguments are read for real
        }
    }

    int run() {
        if ((cmd.includeForks || cmd.includeArchived) && cmd.githubOrg == null) {
            throw new ParameterException(cmd.spec.commandLine(),
                    "--include-forks and --include-archived go with --github-org");
        }
        // Opened first: it also keeps what GitHub said of each repository, so a rerun need not ask again.
        StateStore state;
        try {
            state = cmd.state == null ? StateStore.inMemory() : StateStore.open(cmd.state, Duration.ofSeconds(10));
        } catch (OrgException e) {
            io.err.println("keyward: " + e.getMessage());
            return Main.EXIT_ERROR;
        }
        try (StateStore store = state) {
            return run(store);
        }
    }

    private int run(StateStore store) {
        Map<String, String> env = System.getenv();
        List<RepoSpec> specs;
        URI api = null;
        try {
            if (cmd.githubApi != null) {
                api = URI.create(cmd.githubApi);
            }
            specs = repositories(env, api, githubHosts(api), store);
        } catch (OrgException | IllegalArgumentException e) {
            io.err.println("keyward: " + e.getMessage());
            return Main.EXIT_ERROR;
        }
        if (specs.isEmpty()) {
            io.err.println("keyward: no repositories to scan");
            return Main.EXIT_ERROR;
        }
        List<Path> roots = specs.stream().filter(s -> !s.isRemote()).map(RepoSpec::localPath).toList();
        Scanner scanner = cmd.suppression.builder(roots, io.err).threads(cmd.threads).build();
        String hash;
        try {
            hash = RulesHash.of(scanner, Version.get(), suppressionFiles(roots));
        } catch (IOException e) {
            io.err.println("keyward: cannot read the config or baseline: " + e.getMessage());
            return Main.EXIT_ERROR;
        }
        HistoryOptions options = HistoryOptions.defaults().withBranches(cmd.branches).withSince(cmd.since)
                .withMaxBlobSize(cmd.maxBlobSize).withThreads(cmd.threads).withTunedGitCaches(true);
        Mirrors.Options mo = Mirrors.Options.defaults(env).withPullRequests(cmd.pullRequests)
                .withGithubHosts(githubHosts(api));
        if (cmd.mirrorDir != null) {
            mo = mo.withDir(cmd.mirrorDir);
        }
        Infos parts = new Infos(HistoryParts.of(scanner));
        Listener listener = new Listener(io, io.terminal && !cmd.noProgress, parts);
        long start = System.nanoTime();
        OrgResult result;
        try {
            result = new OrgScan(parts, store, new Mirrors(mo), OrgOptions.of(options, hash)).run(specs, listener);
        } catch (OrgException e) {
            listener.clear();
            io.err.println("keyward: " + e.getMessage());
            return Main.EXIT_ERROR;
        }
        listener.clear();
        long millis = (System.nanoTime() - start) / 1_000_000;
        Built built = build(specs, result, parts, listener, millis);
        Report report = verified(built.report);
        ReportOptions ro = cmd.report.reportOptions(io).withRules(scanner.rules()).withAuditTable(cmd.summary);
        return cmd.report.emit(io, report, ro, format -> switch (format) {
            case "json" -> (r, o, out) -> out.append(MAPPER.writeValueAsString(json(built, r, o))).append('\n');
            case "jsonl" -> (r, o, out) -> {
                for (Finding f : r.result().findings()) {
                    out.append(LINES.writeValueAsString(marked(JsonLinesReporter.toJson(f, o.redact(),
                            r.verification(f.fingerprint()), r.accountTag(f.fingerprint())), built.origin.get(f))))
                            .append('\n');
                }
            };
            default -> Formats.writer(format, built.specs);
        });
    }

    /**
     * With {@code --verify}, the report with each credential pair verified once for the whole run (a pair found in
     * several repositories is one request) and tagged with the config's {@code [accounts]}, as single-repository
     * history does. The findings stay the same objects, so {@code origin} still finds them.
     */
    private Report verified(Report report) {
        return cmd.verify.apply(report, cmd.suppression.config());
    }

    private List<RepoSpec> repositories(Map<String, String> env, URI api, Set<String> githubHosts,
                                        StateStore store) {
        Map<String, RepoSpec> out = new LinkedHashMap<>();
        RepoList.arguments(cmd.repos).forEach(s -> out.putIfAbsent(s.key(), s));
        if (cmd.reposFile != null) {
            RepoList.read(cmd.reposFile).forEach(s -> out.putIfAbsent(s.key(), s));
        }
        GitHubOrg.Options go = GitHubOrg.Options.defaults(env).withIncludeForks(cmd.includeForks)
                .withIncludeArchived(cmd.includeArchived);
        if (api != null) {
            go = go.withApi(api);
        }
        GitHubOrg github = GitHubOrg.create(go, m -> io.err.println("keyward: " + m)).rememberingIn(store);
        List<RepoSpec> given = List.copyOf(out.values());
        if (given.stream().anyMatch(RepoSpec::isRemote)) {
            // A fork given by URL joins its parent's network, as the organisation's listing does for its forks.
            out.clear();
            github.withForkNetworks(given, githubHosts).forEach(s -> out.put(s.key(), s));
        }
        if (cmd.githubOrg != null) {
            github.list(cmd.githubOrg).forEach(s -> out.putIfAbsent(s.key(), s));
        }
        return List.copyOf(out.values());
    }

    /** github.com and the Enterprise host of {@code --github-api}, lower-case. */
    private static Set<String> githubHosts(URI api) {
        Set<String> hosts = new HashSet<>(Set.of("github.com"));
        if (api != null && api.getHost() != null) {
            hosts.add(api.getHost().toLowerCase(java.util.Locale.ROOT));
        }
        return hosts;
    }

    private List<byte[]> suppressionFiles(List<Path> roots) throws IOException {
        List<byte[]> files = new ArrayList<>();
        var config = cmd.suppression.configs.file(roots);
        files.add(config.isPresent() ? Files.readAllBytes(config.get()) : new byte[0]);
        files.add(cmd.suppression.baseline != null ? Files.readAllBytes(cmd.suppression.baseline) : new byte[0]);
        return files;
    }

    /** The run's report and, per finding shown, the stored finding it came from. */
    private record Built(Report report, Map<Finding, OrgFinding> origin, List<RepoSpec> specs,
                         Map<String, String> outcomes, Map<String, HistoryInfo> infos, OrgResult result) {
    }

    private static Built build(List<RepoSpec> specs, OrgResult r, Infos parts, Listener listener, long millis) {
        Map<Finding, OrgFinding> origin = new IdentityHashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (OrgFinding f : r.findings()) {
            Finding here = inRepository(f.finding(), f.repo());
            origin.put(here, f);
            findings.add(here);
        }
        List<ScanError> errors = r.errors().stream().map(p -> new ScanError(place(p.repo(), p.problem().path()),
                p.problem().message())).toList();
        List<Skipped> skipped = r.skipped().stream().map(p -> new Skipped(place(p.repo(), p.problem().path()),
                p.problem().reason())).toList();
        ScanResult result = new ScanResult(findings, errors, skipped,
                new ScanStats(r.stats().blobsScanned(), r.stats().bytesScanned(), millis, r.stats().baselined()));
        List<HistoryInfo> infos = new ArrayList<>();
        for (RepoSpec s : specs) {
            HistoryInfo i = parts.infos.get(s.name());
            infos.add(i != null ? i : new HistoryInfo(s.name(), true, false, null, null, 0, 0, 0, 0));
        }
        List<CredentialSummary> summary = new ArrayList<>();
        for (OrgCredential c : r.credentials()) {
            summary.add(summary(c));
        }
        Report report = new Report(Report.Kind.HISTORY, result, infos, summary, Map.of());
        return new Built(report, origin, specs, listener.outcomes, parts.infos, r);
    }

    private static Finding inRepository(Finding f, String repo) {
        Provenance.GitBlob g = (Provenance.GitBlob) f.provenance();
        return f.withOrigin(f.location(), g.inRepository(repo));
    }

    // A problem's path inside its repository, or the repository itself.
    private static String place(String repo, String path) {
        return path == null || path.equals(repo) ? repo : repo + ":" + path;
    }

    /**
     * An audit row across repositories: its exposures one per repository and blob, as each repository's walk
     * summarised them (every path, last commit date, places), combined.
     */
    private static CredentialSummary summary(OrgCredential c) {
        Finding first = inRepository(c.first(), c.firstRepo());
        List<Exposure> list = c.exposures();
        if (list.isEmpty()) {
            Provenance.GitBlob g = (Provenance.GitBlob) first.provenance();
            list = List.of(new Exposure(g.blobId(), g.commit(), g.date(), List.of(g.path()),
                    g.date() == null ? Instant.EPOCH : g.date(), false, 1, c.firstRepo()));
        }
        return new CredentialSummary(first, c.paired(), !c.atTip().isEmpty(), c.blobs(), c.paths(), c.places(),
                c.lastSeen(), c.daysExposed(), list);
    }

    private static ObjectNode marked(ObjectNode finding, OrgFinding from) {
        if (from != null) {
            finding.put("runId", from.runId());
            finding.put("reachable", from.reachable());
        }
        return finding;
    }

    private static ObjectNode json(Built b, Report r, ReportOptions o) {
        ObjectNode root = JsonReporter.toJson(r, o);
        ArrayNode findings = (ArrayNode) root.get("findings");
        for (int i = 0; i < r.result().findings().size(); i++) {
            marked((ObjectNode) findings.get(i), b.origin.get(r.result().findings().get(i)));
        }
        root.remove("history");
        ArrayNode repos = root.putArray("repositories");
        for (RepoSpec s : b.specs) {
            ObjectNode n = repos.addObject();
            n.put("name", s.name());
            n.put("status", b.outcomes.getOrDefault(s.name(), "failed"));
            HistoryInfo i = b.infos.get(s.name());
            if (i != null) {
                n.put("head", i.head());
                n.put("headRef", i.headRef());
                n.put("refs", i.refs());
                n.put("commits", i.commits());
                n.put("blobs", i.blobs());
            }
        }
        OrgResult.Stats st = b.result.stats();
        ObjectNode run = root.putObject("run");
        run.put("runId", b.result.runId());
        run.put("repos", st.repos());
        run.put("walked", st.walked());
        run.put("unchanged", st.unchanged());
        run.put("failed", st.failed());
        run.put("blobsListed", st.blobsListed());
        run.put("blobsScanned", st.blobsScanned());
        return root;
    }

    /** The real parts, remembering each walked repository's facts (the run walks one repository at a time). */
    private static final class Infos implements HistoryParts {
        final HistoryParts real;
        final Map<String, HistoryInfo> infos = new java.util.concurrent.ConcurrentHashMap<>();
        volatile String current;

        Infos(HistoryParts real) {
            this.real = real;
        }

        @Override
        public Map<String, String> tips(Path gitDir, List<String> refs) {
            return real.tips(gitDir, refs);
        }

        @Override
        public Inventory enumerate(Path gitDir, HistoryOptions options) {
            Inventory inv = real.enumerate(gitDir, options);
            String name = current;
            if (name != null) {
                infos.put(name, inv.info());
            }
            return inv;
        }

        @Override
        public Inventory enumerate(Path gitDir, HistoryOptions options, Collection<String> known) {
            Inventory inv = real.enumerate(gitDir, options, known);
            String name = current;
            if (name != null) {
                infos.put(name, inv.info());
            }
            return inv;
        }

        @Override
        public void scan(Path gitDir, Collection<Blob> which, HistoryOptions options, ScanListener listener) {
            real.scan(gitDir, which, options, listener);
        }

        @Override
        public List<CredentialSummary> summarize(Path gitDir, Inventory inventory, List<Finding> findings,
                                                 Clock clock) {
            return real.summarize(gitDir, inventory, findings, clock);
        }
    }

    /** Notices on stderr, the progress line on a terminal, and how each repository went. */
    private static final class Listener implements OrgListener {
        private final Main.Io io;
        private final boolean on;
        private final Infos parts;
        private final ProgressLine line = new ProgressLine(Clock.systemUTC());
        final Map<String, String> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        private long lastDraw;
        private boolean drawn;

        Listener(Main.Io io, boolean on, Infos parts) {
            this.io = io;
            this.on = on;
            this.parts = parts;
        }

        @Override
        public void mirroring(RepoSpec repo, int index, int total) {
            line.mirroring(repo, index, total);
            draw(true);
        }

        @Override
        public void transfer(RepoSpec repo, String task, long done, long total) {
            if (on) {
                line.transfer(repo, task, done, total);
                draw(false);
            }
        }

        @Override
        public void repoStarted(RepoSpec repo, int index, int total) {
            parts.current = repo.name();
            line.repoStarted(repo, index, total);
            draw(true);
        }

        @Override
        public void repoDone(RepoSpec repo, Outcome outcome) {
            outcomes.put(repo.name(), outcome.name().toLowerCase(java.util.Locale.ROOT));
            line.repoDone(repo, outcome);
            draw(true);
        }

        @Override
        public void scanned(String path, long bytes) {
            line.scanned(path, bytes);
            draw(false);
        }

        @Override
        public void notice(String message) {
            clear();
            io.err.println("keyward: " + message);
        }

        private synchronized void draw(boolean force) {
            if (!on) {
                return;
            }
            long now = System.nanoTime();
            if (!force && now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            io.err.print("\r\u001b[K" + "keyward: " + line.line());
            io.err.flush();
            drawn = true;
        }

        synchronized void clear() {
            if (drawn) {
                io.err.print("\r\u001b[K");
                io.err.flush();
                drawn = false;
            }
        }
    }
}
