package dev.keyward.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.finding.Finding;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.Verification;
import java.io.IOException;

/** One JSON object per finding, one per line. */
public final class JsonLinesReporter implements Reporter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public void write(Report report, ReportOptions options, Appendable out) throws IOException {
        for (Finding f : report.result().findings()) {
            out.append(MAPPER.writeValueAsString(toJson(f, options.redact(), report.verification(f.fingerprint()),
                    report.accountTag(f.fingerprint())))).append('\n');
        }
    }

    /** A finding as the JSON object every machine-readable format shares. */
    public static ObjectNode toJson(Finding f, boolean redact) {
        return toJson(f, redact, null, null);
    }

    /**
     * A finding as the JSON object every machine-readable format shares, with its {@code verification} object
     * when {@code v} is not null (see {@link Report#verifications()}) and its {@code accountTag} ({@code own} or
     * {@code ignored}) when {@code accountTag} is not null.
     */
    public static ObjectNode toJson(Finding f, boolean redact, Verification v, String accountTag) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("ruleId", f.ruleId());
        o.put("kind", f.kind());
        o.put("severity", f.severity().id());
        o.put("path", f.path());
        o.put("line", f.location().line());
        o.put("column", f.location().column());
        o.put("offset", f.location().offset());
        o.put("secret", Redaction.shown(f, redact));
        o.put("fingerprint", f.fingerprint());
        o.put("accountId", f.accountId());
        PairRef p = f.pairedWith();
        if (p == null) {
            o.putNull("pairedWith");
        } else {
            ObjectNode po = o.putObject("pairedWith");
            po.put("ruleId", p.ruleId());
            po.put("line", p.line());
            po.put("column", p.column());
            po.put("fingerprint", p.fingerprint());
        }
        if (f.provenance() instanceof Provenance.GitBlob g) {
            o.put("commit", g.commit());
            o.put("author", g.author());
            o.put("email", g.email());
            o.put("date", g.date() == null ? null : g.date().toString());
            if (g.repository() != null) {
                o.put("repo", g.repository()); // only when a run scans several repositories
            }
        } else {
            o.putNull("commit");
            o.putNull("author");
            o.putNull("email");
            o.putNull("date");
        }
        if (accountTag != null) {
            o.put("accountTag", accountTag);
        }
        if (v != null) {
            o.set("verification", Verifications.json(v));
        }
        return o;
    }
}
