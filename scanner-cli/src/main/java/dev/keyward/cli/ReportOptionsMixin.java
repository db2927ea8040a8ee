package dev.keyward.cli;

import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.report.Report;
import dev.keyward.report.ReportOptions;
import dev.keyward.report.Reporter;
import dev.keyward.report.TextReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The report options every scanning command shares ({@code --format}, {@code --output}, {@code --report},
 * {@code --no-redact}, {@code --color}, {@code --exit-code}, {@code --verbose}), and the one way to write the
 * reports and choose the exit code. A command adds it with {@code @Mixin ReportOptionsMixin report;}, starts with
 * {@code Main.Io io = report.begin(parent.io);} and ends with {@code return report.emit(io, report, options);}. A
 * bad {@code --format} fails as it is parsed and a bad {@code --report} in {@link #begin}: both before any
 * scanning.
 */
final class ReportOptionsMixin {

    /** When to colour the text report. */
    enum Color { auto, always, never }

    /** One {@code --report FORMAT=FILE}. */
    record Target(String format, String file) {
    }

    /** The format names, for picocli's {@code ${COMPLETION-CANDIDATES}} in the help. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Formats.names().iterator();
        }
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    String format = "text";
    int findingsExitCode = Main.EXIT_FINDINGS;
    private final List<Target> reports = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE ('-': standard output, the default). A regular file is written "
                    + "beside it first and renamed into place, so it is never half-written.")
    String output;

    @Option(names = "--no-redact",
            description = "Show secrets whole (key IDs are always whole). Said on stderr; report files are "
                    + "then readable by their owner only.")
    boolean noRedact;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the text report: auto (only on a terminal), always or never "
                    + "(default: ${DEFAULT-VALUE}).")
    Color color = Color.auto;

    @Option(names = {"-v", "--verbose"}, description = "Show details of errors.")
    boolean verbose;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", completionCandidates = FormatNames.class,
            description = "Report format: ${COMPLETION-CANDIDATES} (default: text).")
    void setFormat(String value) {
        if (!Formats.known(value)) {
            throw new ParameterException(spec.commandLine(), "unknown --format '" + value + "' (expected "
                    + String.join(", ", Formats.names()) + ")");
        }
        format = value;
    }

    @Option(names = "--report", paramLabel = "FORMAT=FILE", completionCandidates = FormatNames.class,
            description = "Also write the report in FORMAT (${COMPLETION-CANDIDATES}) to FILE, whole or not at "
                    + "all, as --output does; repeatable, one file per report. Colour only with --color always.")
    List<String> reportArgs = new ArrayList<>();

    @Option(names = "--exit-code", paramLabel = "N",
            description = "Exit code when anything is found (default: 1).")
    void setExitCode(int value) {
        if (value < 0 || value > 125) {
            throw new ParameterException(spec.commandLine(), "--exit-code must be between 0 and 125, was " + value);
        }
        findingsExitCode = value;
    }

    /** The chosen format's name. */
    String format() {
        return format;
    }

    /** True when the report goes to standard output. */
    boolean toStdout() {
        return output == null || output.equals("-");
    }

    /** Applies {@code --verbose} and {@link #check()}s the reports asked for; call it before scanning. */
    Main.Io begin(Main.Io io) {
        io.verbose |= verbose;
        check();
        return io;
    }

    /**
     * Checks the reports asked for, before any scanning: each {@code --report} is a known FORMAT and a FILE, and
     * no two reports ({@code --output} and each {@code --report}) go to the same file.
     *
     * @throws ParameterException naming both options
     */
    private void check() {
        reports.clear();
        for (String value : reportArgs) {
            reports.add(target(value));
        }
        Map<String, String> seen = new HashMap<>();
        if (!toStdout()) {
            seen.put(sameFileKey(output), "--output " + output);
        }
        for (Target t : reports) {
            String other = seen.putIfAbsent(sameFileKey(t.file()), "--report " + t.format() + "=" + t.file());
            if (other != null) {
                throw new ParameterException(spec.commandLine(), "two reports to the same file: " + other
                        + " and --report " + t.format() + "=" + t.file());
            }
        }
    }

    private Target target(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new ParameterException(spec.commandLine(), "--report needs FORMAT=FILE, such as "
                    + "sarif=keyward.sarif (was '" + value + "')");
        }
        String name = value.substring(0, eq);
        String file = value.substring(eq + 1);
        if (!Formats.known(name)) {
            throw new ParameterException(spec.commandLine(), "unknown --report format '" + name + "' (expected "
                    + String.join(", ", Formats.names()) + ")");
        }
        if (file.isEmpty() || file.equals("-")) {
            throw new ParameterException(spec.commandLine(), "--report " + value + ": name a file after '=' "
                    + "(standard output gets the --format report)");
        }
        return new Target(name, file);
    }

    /** The file a name means, following links, so that {@code a.json} and {@code ./a.json} are one file. */
    private static String sameFileKey(String file) {
        try {
            Path p = Path.of(file).toAbsolutePath().normalize();
            return (Files.exists(p) ? p.toRealPath() : p).toString();
        } catch (IOException | RuntimeException e) {
            return file;
        }
    }

    /** Report options from the flags: redaction, colour (on a terminal, for stdout, unless told) and version. */
    ReportOptions reportOptions(Main.Io io) {
        boolean useColor = switch (color) {
            case always -> true;
            case never -> false;
            case auto -> io.terminal && toStdout() && System.getenv("NO_COLOR") == null;
        };
        return new ReportOptions(!noRedact, useColor, Version.get());
    }

    /**
     * Writes the report in the chosen format (standard output or {@code --output}) and in each {@code --report}
     * format to its file, tells stderr about {@code --no-redact} and about errors when the standard report does
     * not show them to a person, and returns the exit code: 2 when a report could not be written (the others are
     * still written), else 3 when verification found a live credential, else {@link #exitCode}.
     */
    int emit(Main.Io io, Report report, ReportOptions options) {
        return emit(io, report, options, Formats::writer);
    }

    /** {@link #emit(Main.Io, Report, ReportOptions)} with another writer for some formats. */
    int emit(Main.Io io, Report report, ReportOptions options, Function<String, Reporter> writers) {
        io.verbose |= verbose;
        ScanResult result = report.result();
        List<String> files = new ArrayList<>();
        if (!toStdout()) {
            files.add(output);
        }
        reports.forEach(t -> files.add(t.file()));
        if (!options.redact()) {
            io.err.println("keyward: --no-redact: secrets are shown in full" + (files.isEmpty() ? ""
                    : " in " + String.join(", ", files) + (files.size() == 1 ? " (readable by its owner only)"
                            : " (each readable by its owner only)")));
        }
        boolean written = write(io, toStdout() ? null : output, writers.apply(format), report, options);
        for (Target t : reports) {
            written &= write(io, t.file(), writers.apply(t.format()), report,
                    options.withColor(color == Color.always));
        }
        if (!written) {
            return Main.EXIT_ERROR;
        }
        if (!(format.equals("text") && toStdout())) {
            for (ScanError e : result.errors()) {
                io.err.println("keyward: " + TextReporter.printable(e.path()) + ": " + e.message());
            }
        } else if (!result.errors().isEmpty()) {
            // The text report lists the errors; stderr still says why the exit code is not 0 or 1.
            List<String> names = result.errors().stream().limit(5)
                    .map(e -> TextReporter.printable(e.path())).toList();
            io.err.println("keyward: could not scan " + String.join(", ", names)
                    + (result.errors().size() > 5 ? " and " + (result.errors().size() - 5) + " more" : "")
                    + " (see the report)");
        }
        if (!toStdout()) {
            io.err.println("keyward: " + TextReporter.summary(result) + " · report" + (files.size() == 1 ? "" : "s")
                    + " in " + String.join(", ", files));
        }
        return report.anyLive() ? Main.EXIT_LIVE : exitCode(result);
    }

    /** Writes one report whole to {@code target} (null: standard output); false, said on stderr, if it failed. */
    private static boolean write(Main.Io io, String target, Reporter writer, Report report, ReportOptions options) {
        try {
            ReportFile.write(target, io, !options.redact(), w -> writer.write(report, options, w));
            return true;
        } catch (IOException | RuntimeException e) {
            io.err.println("keyward: cannot write the report to "
                    + (target == null ? "standard output" : target) + ": " + ReportFile.reason(e));
            if (io.verbose) {
                e.printStackTrace(io.err);
            }
            return false;
        }
    }

    /** {@code --exit-code} (default 1) when anything was found; else 0 if every input was read, 2 if not. */
    int exitCode(ScanResult result) {
        if (!result.findings().isEmpty()) {
            return findingsExitCode;
        }
        return result.complete() ? Main.EXIT_CLEAN : Main.EXIT_ERROR;
    }
}
