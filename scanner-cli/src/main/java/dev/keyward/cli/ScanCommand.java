package dev.keyward.cli;

import dev.keyward.ScanCollector;
import dev.keyward.Scanner;
import dev.keyward.finding.Provenance;
import dev.keyward.report.Report;
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

/** {@code keyward scan}: files, folders and standard input. */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scans files and folders (recursively) for AWS credentials. '-' reads standard input.",
            "Inside a Git work tree, files ignored by .gitignore, .git/info/exclude and the global excludes file "
                + "are not scanned (--no-ignore scans them); .git/ itself never is. Binary files, special files "
                + "and files over --max-file-size are skipped and listed with the reason."},
        footer = {"", "Exit codes: 0 nothing found, 1 findings (see --exit-code), 2 usage or fatal error, or "
                + "nothing found but some input could not be read, 3 (with --verify) a live credential was found.",
            "", "Examples:",
            "  keyward scan                            scan the current folder",
            "  keyward scan src/ deploy.sh             scan a folder and a file",
            "  cat app.log | keyward scan -            scan standard input",
            "  keyward scan -f sarif -o out.sarif .    a report for GitHub code scanning",
            "  keyward scan -f json --exit-code 0 .    report, without failing the build",
            "  keyward scan --report sarif=out.sarif --report json=out.json .   two reports from one scan",
            "  keyward scan --verify .                 also ask AWS STS whether each key pair is live"})
final class ScanCommand implements Callable<Integer> {

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

    @Parameters(paramLabel = "PATH", description = "Files or folders to scan, or '-' for standard input "
            + "(default: the current folder).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--no-ignore", description = "Also scan files that Git ignores (.gitignore and the like).")
    boolean noIgnore;

    @Option(names = {"-L", "--follow-symlinks"}, description = "Follow symbolic links (loops are detected).")
    boolean followSymlinks;

    long maxFileSize = 100L * 1024 * 1024;

    @Option(names = {"-j", "--threads"}, paramLabel = "N",
            description = "Files scanned in parallel (default: the number of cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-file-size", paramLabel = "SIZE",
            description = "Skip (and list) files larger than SIZE: bytes, or with K, M or G (default: 100M).")
    void setMaxFileSize(String value) {
        maxFileSize = Sizes.option(spec.commandLine(), "--max-file-size", value);
    }

    @Override
    public Integer call() {
        Main.Io io = report.begin(parent.io);
        verify.begin();
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, was " + threads);
        }
        boolean stdin = false;
        List<Path> files = new ArrayList<>();
        for (String p : paths) {
            if (p.equals("-")) {
                stdin = true;
            } else {
                // A missing path becomes an error in the result (named on stderr, exit 2 unless something is
                // found); the other paths are still scanned.
                files.add(Path.of(p));
            }
        }
        if (paths.isEmpty()) {
            files.add(Path.of("")); // the current folder, with paths shown as plain relative names
        }
        Scanner scanner = suppression.builder(files, io.err)
                .respectIgnoreFiles(!noIgnore)
                .followSymlinks(followSymlinks)
                .maxFileSize(maxFileSize)
                .threads(threads)
                .build();
        ScanCollector collector = new ScanCollector();
        if (stdin) {
            scanner.scan(io.in, new Provenance.Stream("<stdin>"), collector);
        }
        if (!files.isEmpty()) {
            scanner.scan(files, collector);
        }
        // The rules in force (defaults plus any from a config) describe themselves in SARIF.
        return report.emit(io, verify.apply(Report.files(collector.result()), suppression.config()),
                report.reportOptions(io).withRules(scanner.rules()));
    }
}
