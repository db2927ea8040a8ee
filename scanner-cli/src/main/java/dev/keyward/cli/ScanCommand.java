package dev.keyward.cli;

import dev.keyward.Scanner;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.ScanStats;
import dev.keyward.report.ReportOptions;
import dev.keyward.report.Reporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keyward scan}: files, folders and standard input. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Scans files and folders (recursively) for AWS credentials. '-' reads standard input.",
        footer = {"", "Examples:", "  keyward scan .", "  keyward scan --format jsonl config/ deploy.sh",
            "  cat app.log | keyward scan -"})
final class ScanCommand implements Callable<Integer> {

    @ParentCommand
    KeywardCommand parent;

    @Parameters(paramLabel = "PATH", description = "Files or folders to scan, or '-' for standard input (default: .)")
    List<String> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or jsonl (default: ${DEFAULT-VALUE})",
            defaultValue = "text")
    String format;

    @Option(names = "--no-redact", description = "Print secrets whole (key IDs are always shown whole).")
    boolean noRedact;

    @Option(names = "--verbose", description = "Show details of errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        Main.Io io = parent.io;
        io.verbose = verbose;
        if (!List.of("text", "jsonl").contains(format)) {
            io.err.println("keyward: unknown --format '" + format + "' (expected text or jsonl)");
            return Main.EXIT_ERROR;
        }
        if (paths.isEmpty()) {
            paths.add(".");
        }
        Scanner scanner = Scanner.builder().build();
        List<ScanResult> parts = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String p : paths) {
            if (p.equals("-")) {
                parts.add(scanner.scan(io.in, "<stdin>"));
            } else {
                files.add(Path.of(p));
            }
        }
        if (!files.isEmpty()) {
            parts.add(scanner.scan(files));
        }
        ScanResult result = merge(parts);
        if (noRedact) {
            io.err.println("keyward: --no-redact: secrets are printed in full");
        }
        Reporter.forFormat(format).write(result, new ReportOptions(!noRedact, false, Version.get()), io.out);
        io.out.flush();
        for (ScanError e : result.errors()) {
            io.err.println("keyward: " + e.path() + ": " + e.message());
        }
        if (!result.findings().isEmpty()) {
            return Main.EXIT_FINDINGS;
        }
        return result.complete() ? Main.EXIT_CLEAN : Main.EXIT_ERROR;
    }

    static ScanResult merge(List<ScanResult> parts) {
        List<dev.keyward.finding.Finding> f = new ArrayList<>();
        List<ScanError> e = new ArrayList<>();
        List<dev.keyward.finding.Skipped> s = new ArrayList<>();
        long items = 0;
        long bytes = 0;
        long millis = 0;
        for (ScanResult r : parts) {
            f.addAll(r.findings());
            e.addAll(r.errors());
            s.addAll(r.skipped());
            items += r.stats().items();
            bytes += r.stats().bytes();
            millis += r.stats().millis();
        }
        return new ScanResult(f, e, s, new ScanStats(items, bytes, millis));
    }
}
