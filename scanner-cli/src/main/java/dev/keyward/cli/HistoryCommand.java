package dev.keyward.cli;

import dev.keyward.HistoryListener;
import dev.keyward.Scanner;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.HistoryResult;
import dev.keyward.report.Report;
import dev.keyward.report.ReportOptions;
import dev.keyward.source.HistoryOptions;
import dev.keyward.source.ScanException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code keyward history}: every unique blob of a Git repository's history, scanned once. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scans every blob reachable from every ref of a Git repository (branches, tags, "
                + "remote-tracking refs, every stash, notes, worktree HEADs), each unique blob once.",
            "Each finding names the commit that first introduced its blob (the oldest in history order), the path "
                + "there, the author and date, and how many other commit/path places hold the same blob. Binary "
                + "blobs, Git LFS pointers, blobs over --max-blob-size and submodule links are listed as skipped; "
                + "an unreadable object is named and the rest is still scanned."},
        footer = {"", "Exit codes: 0 nothing found, 1 findings (see --exit-code), 2 usage or fatal error (such as "
                + "not a repository), or nothing found but some object could not be read, 3 (with --verify) a live "
                + "credential was found.",
            "", "Examples:",
            "  keyward history                             the current folder's repository",
            "  keyward history --summary ../service        the audit table",
            "  keyward history --branch main --since v1.2  what main added since v1.2",
            "  keyward history --format sarif -o history.sarif .",
            "  keyward history --summary --report json=audit.json .   the table, and the JSON audit in a file",
            "  keyward history --summary --verify .        the table with a STATUS column, live keys first",
            "  keyward history ../api ../web https://github.com/acme/tools.git   several repositories, each blob once",
            "  keyward history --github-org acme --state acme.db --summary      an organisation, incrementally"})
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    KeywardCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ReportOptionsMixin report;

    @Mixin
    SuppressionMixin suppression;

    @Mixin
    VerifyMixin verify;

    @Parameters(paramLabel = "REPO", arity = "0..*", description = "The repository, or any folder inside its work "
            + "tree; bare repositories and linked worktrees too (default: the current folder). Several, or clone "
            + "URLs (https://, ssh://, git@host:path, file://), scan them all in one run, each unique blob once.")
    List<String> repos = new ArrayList<>();

    @Option(names = "--repos", paramLabel = "FILE", description = "Also scan the repositories listed in FILE, one a "
            + "line (a folder or a clone URL; blank lines and # comments ignored).")
    Path reposFile;

    @Option(names = "--github-org", paramLabel = "ORG", description = "Also scan the repositories of this GitHub "
            + "organisation (listed through the REST API with GITHUB_TOKEN from the environment).")
    String githubOrg;

    @Option(names = "--github-api", paramLabel = "URL", description = "The GitHub REST API (GitHub Enterprise: "
            + "https://HOST/api/v3; default: https://api.github.com).")
    String githubApi;

    @Option(names = "--include-forks", description = "With --github-org: forks too, read with their parent.")
    boolean includeForks;

    @Option(names = "--include-archived", description = "With --github-org: archived repositories too.")
    boolean includeArchived;

    @Option(names = "--mirror-dir", paramLabel = "DIR", description = "Where clone URLs are mirrored (bare; a later "
            + "run fetches into them; default: $XDG_CACHE_HOME/keyward/mirrors or ~/.cache/keyward/mirrors).")
    Path mirrorDir;

    @Option(names = "--pull-requests", description = "Mirror and scan refs/pull/* of clone URLs too.")
    boolean pullRequests;

    @Option(names = "--state", paramLabel = "FILE", description = "Incremental runs: remember ref tips, blobs "
            + "scanned and findings in this SQLite file (owner-only; it holds the secrets found), and read only what "
            + "is new the next time.")
    Path state;

    @Option(names = {"-b", "--branch"}, paramLabel = "REF",
            description = "Scan only what REF reaches (a branch, tag, remote-tracking branch or any revision); "
                    + "repeatable. Default: every ref.")
    List<String> branches = new ArrayList<>();

    @Option(names = "--since", paramLabel = "REV",
            description = "Leave out everything REV reaches: scan only the work added since.")
    String since;

    @Option(names = "--summary", description = "Text (on standard output or a --report file): the audit table, one "
            + "row per distinct credential, instead of one entry per finding. (The JSON report always has the "
            + "'summary' array; jsonl and sarif are unchanged.)")
    boolean summary;

    @Option(names = "--no-progress", description = "No progress line on stderr (it is shown only on a terminal).")
    boolean noProgress;

    @Option(names = {"-j", "--threads"}, paramLabel = "N",
            description = "Blobs scanned in parallel (default: the number of cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    long maxBlobSize = 100L * 1024 * 1024;

    @Option(names = "--max-blob-size", paramLabel = "SIZE",
            description = "Skip (and list) blobs larger than SIZE: bytes, or with K, M or G (default: 100M).")
    void setMaxBlobSize(String value) {
        maxBlobSize = Sizes.option(spec.commandLine(), "--max-blob-size", value);
    }

    @Override
    public Integer call() {
        Main.Io io = report.begin(parent.io);
        verify.begin();
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, was " + threads);
        }
        if (manyRepositories()) {
            return new OrgHistory(this, io).run();
        }
        String repo = repos.isEmpty() ? "." : repos.get(0);
        Path root = Path.of(repo);
        if (!Files.isDirectory(root)) {
            io.err.println("keyward: " + (Files.exists(root) ? "not a folder: " : "no such folder: ") + repo);
            return Main.EXIT_ERROR;
        }
        Scanner scanner = suppression.builder(List.of(root), io.err).threads(threads).build();
        HistoryOptions options = HistoryOptions.defaults()
                .withBranches(branches)
                .withSince(since)
                .withMaxBlobSize(maxBlobSize)
                .withThreads(threads)
                .withTunedGitCaches(true);
        Progress progress = new Progress(io.err, io.terminal && !noProgress);
        HistoryResult result;
        try {
            result = scanner.scanHistory(root, options, progress);
        } catch (ScanException e) {
            progress.clear();
            io.err.println("keyward: " + e.getMessage());
            if (io.verbose) {
                e.printStackTrace(io.err);
            }
            return Main.EXIT_ERROR;
        }
        progress.clear();
        Report history = verify.apply(Report.history(result), suppression.config());
        if (history.shallow() && !report.format().equals("text")) {
            io.err.println("keyward: note: shallow clone: only the history that is present was scanned");
        }
        ReportOptions ro = report.reportOptions(io).withRules(scanner.rules())
                .withRepositoryUri(root.toAbsolutePath().normalize().toUri().toString()).withAuditTable(summary);
        return report.emit(io, history, ro);
    }

    /** True unless one local folder (or none) and no option of a run over many repositories was given. */
    private boolean manyRepositories() {
        return repos.size() > 1 || reposFile != null || githubOrg != null || githubApi != null || includeForks
                || includeArchived || mirrorDir != null || pullRequests || state != null
                || repos.stream().anyMatch(OrgHistory::looksLikeUrl);
    }

    /** The progress line on stderr: objects done/total, MB/s, ETA; redrawn at most 5 times a second. */
    static final class Progress implements HistoryListener {
        private final PrintWriter err;
        private final boolean on;
        private final long start = System.nanoTime();
        private volatile long total = -1;
        private long lastDraw;
        private boolean drawn;

        Progress(PrintWriter err, boolean on) {
            this.err = err;
            this.on = on;
            if (on) {
                draw("keyward: walking the history…");
            }
        }

        @Override
        public void finding(Finding finding) {
        }

        @Override
        public void walked(HistoryInfo info) {
            total = info.blobs();
            if (on) {
                draw(String.format("keyward: %d commits, %d unique blobs to scan%s", info.commits(), info.blobs(),
                        info.shallow() ? " (shallow clone)" : ""));
            }
        }

        @Override
        public void progress(long done, long bytes) {
            if (!on) {
                return;
            }
            long now = System.nanoTime();
            synchronized (this) {
                if (now - lastDraw < 200_000_000L && done < total) {
                    return;
                }
                lastDraw = now;
                double secs = Math.max(1e-3, (now - start) / 1e9);
                double mbps = bytes / 1e6 / secs;
                long eta = done == 0 ? 0 : (long) (secs * (total - done) / done);
                draw(String.format("keyward: %d/%d objects · %.1f MB/s · ETA %d:%02d", done, total, mbps,
                        eta / 60, eta % 60));
            }
        }

        private synchronized void draw(String line) {
            err.print("\r\u001b[K" + line);
            err.flush();
            drawn = true;
        }

        synchronized void clear() {
            if (drawn) {
                err.print("\r\u001b[K");
                err.flush();
                drawn = false;
            }
        }
    }
}
