package dev.keyward.cli;

import dev.keyward.ScanCollector;
import dev.keyward.Scanner;
import dev.keyward.report.Report;
import dev.keyward.source.StagedOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keyward staged}: what the next commit would add, read from the Git index. What the pre-commit hook runs. */
@Command(name = "staged", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scans what is about to be committed: the content in the Git index (never the work tree), "
                + "by default only the lines the commit adds (--all-lines: whole staged files). Findings carry the "
                + "staged file's line numbers. A new secret beside an unchanged key ID is reported with it.",
            "Handles the first commit, renames (compared with the old content), deletions, binary files (skipped), "
                + "a merge in progress (a line counts as added only if no merged commit has it) and large files "
                + "(over 8 MiB: scanned whole). Honours GIT_INDEX_FILE and GIT_DIR as Git sets them for hooks."},
        footer = {"", "Exit codes: 0 nothing found, 1 findings (the commit is blocked), 2 the check could not be "
                + "completed (the commit is blocked too; 'git commit --no-verify' skips the check), "
                + "3 (with --verify, blocked too) a live credential was found.",
            "", "Examples:",
            "  keyward staged                                what the hook checks",
            "  keyward staged --all-lines                    whole staged files",
            "  keyward staged --baseline .keyward-baseline.json",
            "  keyward staged --report sarif=staged.sarif    the hook's message, and SARIF for a CI check",
            "  keyward staged --verify                       also ask AWS STS (the hook itself never does)"})
final class StagedCommand implements Callable<Integer> {

    @ParentCommand
    KeywardCommand parent;

    @Mixin
    ReportOptionsMixin report;

    @Mixin
    SuppressionMixin suppression;

    @Mixin
    VerifyMixin verify;

    @Option(names = "--all-lines", description = "Scan whole staged files, not only the lines the commit adds.")
    boolean allLines;

    @Parameters(arity = "0..1", paramLabel = "REPO",
            description = "A folder in the repository (default: the current folder).")
    Path repo;

    @Override
    public Integer call() {
        Main.Io io = report.begin(parent.io);
        verify.begin();
        Path dir = repo != null ? repo : Path.of("");
        Path target = dir;
        StagedOptions options = StagedOptions.defaults().withAllLines(allLines);
        if (repo == null) {
            // Inside a hook Git names the repository and the index it is about to commit.
            String gitDir = System.getenv("GIT_DIR");
            if (gitDir != null && !gitDir.isEmpty()) {
                target = Path.of(gitDir);
            }
            String index = System.getenv("GIT_INDEX_FILE");
            if (index != null && !index.isEmpty()) {
                options = options.withIndexFile(Path.of(index));
            }
        }
        Scanner scanner = suppression.builder(List.of(dir), io.err).build();
        ScanCollector collector = new ScanCollector();
        scanner.scanStaged(target, options, collector);
        Report staged = verify.apply(Report.staged(collector.result()), suppression.config());
        int code = report.emit(io, staged, report.reportOptions(io));
        if (code == Main.EXIT_ERROR) {
            io.err.println("keyward: the staged changes could not be fully checked, so a commit would be blocked; "
                    + "fix the problem above, or commit without the check: git commit --no-verify");
        }
        return code;
    }
}
