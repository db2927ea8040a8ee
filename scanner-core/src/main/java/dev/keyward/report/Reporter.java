package dev.keyward.report;

import dev.keyward.finding.ScanResult;
import java.io.IOException;
import java.util.List;

/** Writes a {@link Report} in one format. Implementations are stateless and thread-safe. */
public interface Reporter {

    /** The format names {@link #forFormat} knows, default first. */
    List<String> FORMATS = List.of("text", "json", "jsonl", "sarif");

    /** Writes the whole report. */
    void write(Report report, ReportOptions options, Appendable out) throws IOException;

    /** Writes the report of a scan of files, folders or streams ({@link Report#files}). */
    default void write(ScanResult result, ReportOptions options, Appendable out) throws IOException {
        write(Report.files(result), options, out);
    }

    /**
     * The reporter for {@code text}, {@code json}, {@code jsonl} or {@code sarif}.
     *
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    static Reporter forFormat(String format) {
        return switch (format) {
            case "text" -> new TextReporter();
            case "json" -> new JsonReporter();
            case "jsonl" -> new JsonLinesReporter();
            case "sarif" -> new SarifReporter();
            default -> throw new IllegalArgumentException("unknown report format '" + format + "' (expected "
                    + String.join(", ", FORMATS) + ")");
        };
    }
}
