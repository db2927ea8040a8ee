package dev.keyward.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports of a history scan in every format: the findings as {@code keyward scan} reports them, plus what only
 * history has: a {@code history} object (repository facts) and the {@code summary} array (one row per distinct
 * credential) in JSON, and the audit table in text. Stateless and thread-safe.
 */
public final class HistoryReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HistoryReport() {
    }

    /**
     * A reporter for {@code format} that writes {@code history} (the result it is given is ignored in favour of
     * the history's own).
     *
     * @param summary text only: the audit table instead of one entry per finding
     * @throws IllegalArgumentException for an unknown format
     */
    public static Reporter forFormat(String format, HistoryResult history, boolean summary) {
        return switch (format) {
            case "text" -> (r, o, out) -> text(history, summary, o, out);
            case "json" -> (r, o, out) -> out.append(MAPPER.writeValueAsString(toJson(history, o))).append('\n');
            default -> {
                Reporter plain = Reporter.forFormat(format);
                yield (r, o, out) -> plain.write(history.result(), o, out);
            }
        };
    }

    /** The JSON report of {@link JsonReporter} with {@code history} and {@code summary} added. */
    public static ObjectNode toJson(HistoryResult h, ReportOptions o) {
        ObjectNode root = JsonReporter.toJson(h.result(), o);
        HistoryInfo i = h.info();
        ObjectNode info = root.putObject("history");
        info.put("gitDir", i.gitDir());
        info.put("bare", i.bare());
        info.put("shallow", i.shallow());
        info.put("head", i.head());
        info.put("headRef", i.headRef());
        info.put("refs", i.refs());
        info.put("commits", i.commits());
        info.put("trees", i.trees());
        info.put("blobs", i.blobs());
        ArrayNode rows = root.putArray("summary");
        for (CredentialSummary s : h.summary()) {
            rows.add(toJson(s, o.redact()));
        }
        return root;
    }

    /** One summary row as JSON. */
    public static ObjectNode toJson(CredentialSummary s, boolean redact) {
        Provenance.GitBlob g = s.origin();
        ObjectNode o = MAPPER.createObjectNode();
        o.put("fingerprint", s.first().fingerprint());
        o.put("ruleId", s.first().ruleId());
        o.put("kind", s.first().kind());
        o.put("severity", s.first().severity().id());
        o.put("secret", Redaction.shown(s.first(), redact));
        o.put("accountId", s.first().accountId());
        o.put("paired", s.paired());
        ObjectNode first = o.putObject("firstIntroduced");
        first.put("commit", g.commit());
        first.put("date", g.date() == null ? null : g.date().toString());
        first.put("author", g.author());
        first.put("email", g.email());
        first.put("path", g.path());
        first.put("line", s.first().location().line());
        o.put("atHead", s.atHead());
        o.put("blobs", s.blobs());
        o.put("paths", s.paths());
        o.put("places", s.places());
        o.put("lastSeen", s.lastSeen().toString());
        o.put("daysExposed", s.daysExposed());
        return o;
    }

    private static void text(HistoryResult h, boolean summary, ReportOptions o, Appendable out) throws IOException {
        if (h.info().shallow()) {
            out.append("note: shallow clone: older history is not here, so \"introduced\" may name the oldest commit "
                    + "present\n\n");
        }
        if (!summary) {
            new TextReporter().write(h.result(), o, out);
            return;
        }
        if (h.summary().isEmpty()) {
            out.append("No credentials in the history.\n");
        } else {
            table(h.summary(), o, out);
        }
        out.append('\n');
        int n = 0;
        for (Skipped s : h.result().skipped()) {
            if (++n > TextReporter.SKIPPED_SHOWN) {
                out.append("skipped: ").append(String.valueOf(h.result().skipped().size() - TextReporter.SKIPPED_SHOWN))
                        .append(" more (the JSON report lists them all)\n");
                break;
            }
            out.append("skipped ").append(TextReporter.printable(s.path())).append(": ").append(s.reason())
                    .append('\n');
        }
        for (ScanError e : h.result().errors()) {
            out.append("error ").append(TextReporter.printable(e.path())).append(": ").append(e.message())
                    .append('\n');
        }
        out.append(TextReporter.summary(h.result())).append('\n');
        if (!h.result().findings().isEmpty()) {
            out.append('\n').append(Remediation.text());
        }
    }

    /** The audit table: one row per credential, columns padded to their widest cell. */
    public static void table(List<CredentialSummary> rows, ReportOptions o, Appendable out) throws IOException {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"KIND", "KEY ID / SECRET", "ACCOUNT", "PAIRED", "INTRODUCED", "DATE", "AUTHOR",
            "PATH", "AT HEAD", "BLOBS", "PATHS", "DAYS"});
        for (CredentialSummary s : rows) {
            Provenance.GitBlob g = s.origin();
            cells.add(new String[] {
                s.first().kind(),
                Redaction.shown(s.first(), o.redact()),
                s.first().accountId() == null ? "-" : s.first().accountId(),
                s.paired() ? "yes" : "no",
                g.commit().substring(0, Math.min(12, g.commit().length())),
                g.date() == null ? "-" : g.date().atZone(ZoneOffset.UTC).toLocalDate().toString(),
                g.author() == null || g.author().isEmpty() ? "-" : g.author(),
                TextReporter.printable(g.path()) + ":" + s.first().location().line(),
                s.atHead() ? "yes" : "no",
                String.valueOf(s.blobs()),
                String.valueOf(s.paths()),
                String.valueOf(s.daysExposed())});
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (int r = 0; r < cells.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                String v = cells.get(r)[c];
                boolean number = c >= 9;
                String padded = number ? " ".repeat(width[c] - v.length()) + v : v + " ".repeat(width[c] - v.length());
                line.append(c == 0 ? "" : "  ").append(padded);
            }
            String l = line.toString().stripTrailing();
            out.append(r == 0 && o.color() ? "\u001b[1m" + l + "\u001b[0m" : l).append('\n');
        }
    }
}
