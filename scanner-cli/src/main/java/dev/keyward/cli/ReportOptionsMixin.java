package dev.keyward.cli;

import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.report.ReportOptions;
import dev.keyward.report.Reporter;
import dev.keyward.report.TextReporter;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The report options every scanning command shares ({@code --format}, {@code --output}, {@code --no-redact},
 * {@code --color}, {@code --exit-code}, {@code --verbose}), and the one way to write a report and choose the exit
 * code. A command adds it with {@code @Mixin ReportOptionsMixin report;} and ends with
 * {@code return report.emit(io, result);}. Options are checked as they are parsed, so a bad {@code --format} fails
 * before any scanning starts.
 */
final class ReportOptionsMixin {

    /** When to colour the text report. */
    enum Color { auto, always, never }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    String format = "text";
    int findingsExitCode = Main.EXIT_FINDINGS;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE ('-': standard output, the default). A regular file is written "
                    + "beside it first and renamed into place, so it is never half-written.")
    String output;

    @Option(names = "--no-redact",
            description = "Show secrets whole (key IDs are always whole). Said on stderr; an --output file is "
                    + "then readable by its owner only.")
    boolean noRedact;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the text report: auto (only on a terminal), always or never "
                    + "(default: ${DEFAULT-VALUE}).")
    Color color = Color.auto;

    @Option(names = {"-v", "--verbose"}, description = "Show details of errors.")
    boolean verbose;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "Report format: text, json, jsonl or sarif (default: text).")
    void setFormat(String value) {
        if (!Reporter.FORMATS.contains(value)) {
            throw new ParameterException(spec.commandLine(), "unknown --format '" + value + "' (expected "
                    + String.join(", ", Reporter.FORMATS) + ")");
        }
        format = value;
    }

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

    /** Report options from the flags: redaction, colour (on a terminal, for stdout, unless told) and version. */
    ReportOptions reportOptions(Main.Io io) {
        boolean useColor = switch (color) {
            case always -> true;
            case never -> false;
            case auto -> io.terminal && toStdout() && System.getenv("NO_COLOR") == null;
        };
        return new ReportOptions(!noRedact, useColor, Version.get());
    }

    /** Writes the report in the chosen format and returns the exit code; see {@link #emit(Main.Io, ScanResult, ReportOptions, Reporter)}. */
    int emit(Main.Io io, ScanResult result) {
        return emit(io, result, reportOptions(io), Reporter.forFormat(format));
    }

    /**
     * Writes a report with these options and this reporter (for commands with extra report content), tells
     * stderr about {@code --no-redact} and about errors when the report itself does not show them to a person,
     * and returns the exit code: {@link #exitCode}, or 2 when the report could not be written.
     */
    int emit(Main.Io io, ScanResult result, ReportOptions options, Reporter reporter) {
        io.verbose |= verbose;
        if (!options.redact()) {
            io.err.println("keyward: --no-redact: secrets are shown in full"
                    + (toStdout() ? "" : " in " + output + " (readable by its owner only)"));
        }
        try {
            ReportFile.write(output, io, !options.redact(), w -> reporter.write(result, options, w));
        } catch (IOException | RuntimeException e) {
            io.err.println("keyward: cannot write the report to " + output + ": " + ReportFile.reason(e));
            if (io.verbose) {
                e.printStackTrace(io.err);
            }
            return Main.EXIT_ERROR;
        }
        if (!(format.equals("text") && toStdout())) {
            for (ScanError e : result.errors()) {
                io.err.println("keyward: " + dev.keyward.report.TextReporter.printable(e.path()) + ": " + e.message());
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
            io.err.println("keyward: " + TextReporter.summary(result) + " · report in " + output);
        }
        return exitCode(result);
    }

    /** {@code --exit-code} (default 1) when anything was found; else 0 if every input was read, 2 if not. */
    int exitCode(ScanResult result) {
        if (!result.findings().isEmpty()) {
            return findingsExitCode;
        }
        return result.complete() ? Main.EXIT_CLEAN : Main.EXIT_ERROR;
    }
}
