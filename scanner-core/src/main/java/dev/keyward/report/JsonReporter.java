package dev.keyward.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Skipped;
import java.io.IOException;

/**
 * One JSON document: {@code {"version", "findings", "errors", "skipped", "stats"}}. Each finding has exactly the
 * fields of {@link JsonLinesReporter#toJson}. Stateless and thread-safe.
 */
public final class JsonReporter implements Reporter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(ScanResult result, ReportOptions options, Appendable out) throws IOException {
        out.append(MAPPER.writeValueAsString(toJson(result, options))).append('\n');
    }

    /** The report as a tree, for callers that add fields of their own (such as a history summary). */
    public static ObjectNode toJson(ScanResult result, ReportOptions options) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", options.version());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : result.findings()) {
            findings.add(JsonLinesReporter.toJson(f, options.redact()));
        }
        ArrayNode errors = root.putArray("errors");
        for (ScanError e : result.errors()) {
            errors.addObject().put("path", e.path()).put("message", e.message());
        }
        ArrayNode skipped = root.putArray("skipped");
        for (Skipped s : result.skipped()) {
            skipped.addObject().put("path", s.path()).put("reason", s.reason());
        }
        ObjectNode stats = root.putObject("stats");
        stats.put("items", result.stats().items());
        stats.put("bytes", result.stats().bytes());
        stats.put("millis", result.stats().millis());
        stats.put("findings", result.findings().size());
        stats.put("errors", result.errors().size());
        stats.put("skipped", result.skipped().size());
        stats.put("baselined", result.stats().baselined());
        return root;
    }
}
