package dev.keyward.report;

import dev.keyward.finding.ScanResult;
import java.io.IOException;

/** Writes a scan result in one format. Implementations are stateless and thread-safe. */
public interface Reporter {

    /** Writes the whole report. */
    void write(ScanResult result, ReportOptions options, Appendable out) throws IOException;

    /** The reporter for {@code text}, {@code json}, {@code jsonl} or {@code sarif}. */
    static Reporter forFormat(String format) {
        return switch (format) {
            case "text" -> new TextReporter();
            case "jsonl" -> new JsonLinesReporter();
            default -> throw new IllegalArgumentException("unknown report format '" + format + "'");
        };
    }
}
