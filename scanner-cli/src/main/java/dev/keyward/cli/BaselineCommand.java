package dev.keyward.cli;

import dev.keyward.ScanCollector;
import dev.keyward.Scanner;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.source.HistoryOptions;
import dev.keyward.source.ScanException;
import dev.keyward.suppress.Baseline;
import dev.keyward.suppress.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

/** {@code keyward baseline create|prune}: findings accepted on purpose, in a file that does not churn. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Records the current findings as accepted, so that scan, history and staged with "
                + "--baseline FILE report only new ones.",
            "An entry is the finding's fingerprint (SHA-256 of rule and secret) and its path relative to the "
                + "repository or scanned folder: no line numbers, no times, no secrets. The file is sorted JSON, "
                + "one entry per line."},
        subcommands = {BaselineCommand.Create.class, BaselineCommand.Prune.class},
        footer = {"", "Examples:",
            "  keyward baseline create . -o .keyward-baseline.json",
            "  keyward scan --baseline .keyward-baseline.json .",
            "  keyward baseline create --history . -o .keyward-baseline.json",
            "  keyward history --baseline .keyward-baseline.json .",
            "  keyward baseline prune --baseline .keyward-baseline.json ."})
final class BaselineCommand implements Runnable {

    @ParentCommand
    KeywardCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: create or prune");
    }

    /** What to scan: paths (default: the current folder); shared by create and prune. */
    static final class Inputs {
        @Parameters(paramLabel = "PATH", description = "Files or folders to scan, or '-' for standard input "
                + "(default: the current folder).")
        List<String> paths = new ArrayList<>();

        @Option(names = "--no-ignore", description = "Also scan files that Git ignores.")
        boolean noIgnore;

        @Option(names = "--history", paramLabel = "REPO",
                description = "Scan the whole history of this Git repository (as 'keyward history') instead of "
                        + "paths.")
        Path history;

        @Mixin
        ConfigMixin configs;

        /** Scans the inputs with the config (never a baseline); null when the input is unusable (already said). */
        ScanResult scan(Main.Io io) {
            if (history != null) {
                if (!paths.isEmpty()) {
                    io.err.println("keyward: give PATHs or --history REPO, not both");
                    return null;
                }
                if (!Files.isDirectory(history)) {
                    io.err.println("keyward: no such folder: " + history);
                    return null;
                }
                Scanner scanner = Scanner.builder().config(configs.load(List.of(history), io.err)).build();
                try {
                    HistoryResult h = scanner.scanHistory(history, HistoryOptions.defaults());
                    if (h.info().commits() == 0 && !h.result().errors().isEmpty()) {
                        // Nothing could be read at all (not a repository): no baseline from that.
                        h.result().errors().forEach(e -> io.err.println("keyward: " + e.path() + ": " + e.message()));
                        return null;
                    }
                    return h.result();
                } catch (ScanException e) {
                    io.err.println("keyward: " + e.getMessage());
                    return null;
                }
            }
            boolean stdin = false;
            List<Path> files = new ArrayList<>();
            for (String p : paths) {
                if (p.equals("-")) {
                    stdin = true;
                    continue;
                }
                Path path = Path.of(p);
                if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    io.err.println("keyward: no such file or folder: " + p);
                    return null;
                }
                files.add(path);
            }
            if (paths.isEmpty()) {
                files.add(Path.of(""));
            }
            Config config = configs.load(files, io.err);
            Scanner scanner = Scanner.builder().config(config).respectIgnoreFiles(!noIgnore).build();
            ScanCollector collector = new ScanCollector();
            if (stdin) {
                scanner.scan(io.in, new Provenance.Stream("<stdin>"), collector);
            }
            if (!files.isEmpty()) {
                scanner.scan(files, collector);
            }
            return collector.result();
        }

        /** The folders paths are recorded relative to: each input's repository root, else the input folder. */
        List<Path> bases() {
            List<Path> bases = new ArrayList<>();
            for (String p : paths.isEmpty() ? List.of("") : paths) {
                if (p.equals("-")) {
                    continue;
                }
                Path abs = Path.of(p).toAbsolutePath().normalize();
                Path dir = Files.isDirectory(abs) ? abs : abs.getParent();
                Path base = dir;
                for (Path d = dir; d != null; d = d.getParent()) {
                    if (Files.exists(d.resolve(".git"))) {
                        base = d;
                        break;
                    }
                }
                if (base != null) {
                    bases.add(base);
                }
            }
            return bases;
        }
    }

    /** A finding's path relative to the deepest base that holds it, with '/' separators. */
    static String relativePath(Finding f, List<Path> bases) {
        if (!(f.provenance() instanceof Provenance.File)) {
            return f.path();
        }
        try {
            Path abs = Path.of(f.path()).toAbsolutePath().normalize();
            Path best = null;
            for (Path b : bases) {
                if (abs.startsWith(b) && !abs.equals(b) && (best == null || b.getNameCount() > best.getNameCount())) {
                    best = b;
                }
            }
            Path rel = best == null ? Path.of(f.path()).normalize() : best.relativize(abs);
            return rel.toString().replace('\\', '/');
        } catch (InvalidPathException e) {
            return f.path();
        }
    }

    static boolean reportErrors(Main.Io io, ScanResult result) {
        for (ScanError e : result.errors()) {
            io.err.println("keyward: " + e.path() + ": " + e.message());
        }
        return !result.errors().isEmpty();
    }

    static int write(Main.Io io, String target, Baseline baseline) {
        try {
            ReportFile.write(target, io, false, w -> w.write(baseline.toJson()));
            return Main.EXIT_CLEAN;
        } catch (IOException | RuntimeException e) {
            io.err.println("keyward: cannot write the baseline to " + target + ": " + ReportFile.reason(e));
            return Main.EXIT_ERROR;
        }
    }

    /** {@code keyward baseline create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Scans and writes every finding to a baseline file as accepted.")
    static final class Create implements Callable<Integer> {

        @ParentCommand
        BaselineCommand parent;

        @Mixin
        Inputs inputs;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
                description = "The baseline file to write ('-': standard output).")
        String output;

        @Option(names = "--no-paths", description = "Record fingerprints only: accept each secret in any file.")
        boolean noPaths;

        @Override
        public Integer call() {
            Main.Io io = parent.parent.io;
            ScanResult result = inputs.scan(io);
            if (result == null) {
                return Main.EXIT_ERROR;
            }
            List<Path> bases = inputs.bases();
            Baseline baseline = Baseline.of(result.findings(), f -> noPaths ? null : relativePath(f, bases));
            int code = write(io, output, baseline);
            if (code != Main.EXIT_CLEAN) {
                return code;
            }
            io.err.println("keyward: accepted " + result.findings().size() + " finding(s) as "
                    + baseline.entries().size() + " baseline entr" + (baseline.entries().size() == 1 ? "y" : "ies")
                    + (output.equals("-") ? "" : " in " + output));
            if (reportErrors(io, result)) {
                io.err.println("keyward: some input could not be read; the baseline may be incomplete");
                return Main.EXIT_ERROR;
            }
            return Main.EXIT_CLEAN;
        }
    }

    /** {@code keyward baseline prune}. */
    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Scans again and drops the baseline entries that are no longer found. Scan the same "
                    + "input the baseline was made from.")
    static final class Prune implements Callable<Integer> {

        @ParentCommand
        BaselineCommand parent;

        @Mixin
        Inputs inputs;

        @Option(names = "--baseline", paramLabel = "FILE", required = true, description = "The baseline to prune.")
        Path baselineFile;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE",
                description = "Where to write the pruned baseline (default: over --baseline).")
        String output;

        @Override
        public Integer call() {
            Main.Io io = parent.parent.io;
            Baseline before = Baseline.read(baselineFile);
            ScanResult result = inputs.scan(io);
            if (result == null) {
                return Main.EXIT_ERROR;
            }
            if (reportErrors(io, result)) {
                io.err.println("keyward: some input could not be read; the baseline was not pruned");
                return Main.EXIT_ERROR;
            }
            Baseline after = before.retainFound(result.findings());
            String target = output == null ? baselineFile.toString() : output;
            int code = write(io, target, after);
            if (code == Main.EXIT_CLEAN) {
                int dropped = before.entries().size() - after.entries().size();
                io.err.println("keyward: kept " + after.entries().size() + " of " + before.entries().size()
                        + " baseline entries; dropped " + dropped + " no longer found");
            }
            return code;
        }
    }
}
