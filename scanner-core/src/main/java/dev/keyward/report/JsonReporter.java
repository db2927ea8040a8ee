package dev.keyward.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Exposure;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Skipped;
import dev.keyward.finding.Verification;
import java.io.IOException;

/**
 * One JSON document: {@code {"version", "findings", "errors", "skipped", "stats"}}; a history report adds the
 * {@code history} object (the repository's facts; {@code repositories}, an array of them, when several were
 * scanned) and the {@code summary} array (one row per distinct credential; live ones first when verified). Each
 * finding has exactly the fields of {@link JsonLinesReporter#toJson}; a verified finding or row has its
 * {@code verification} object. Stateless and thread-safe.
 */
public final class JsonReporter implements Reporter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Streams the findings one at a time into the document (see {@link JsonStreams}). */
    @Override
    public void write(Report report, ReportOptions options, Appendable out) throws IOException {
        ObjectNode root = toJson(report, options, false);
        JsonStreams.write(MAPPER, root, root.get("findings"), g -> {
            for (Finding f : report.result().findings()) {
                MAPPER.writeTree(g, finding(report, options, f));
            }
        }, out);
    }

    /** The report as a tree, for callers that add fields of their own. */
    public static ObjectNode toJson(Report report, ReportOptions options) {
        return toJson(report, options, true);
    }

    private static ObjectNode finding(Report report, ReportOptions options, Finding f) {
        return JsonLinesReporter.toJson(f, options.redact(), report.verification(f.fingerprint()),
                report.accountTag(f.fingerprint()));
    }

    /** The report as a tree; its findings array left empty unless {@code withFindings}. */
    private static ObjectNode toJson(Report report, ReportOptions options, boolean withFindings) {
        ScanResult result = report.result();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", options.version());
        ArrayNode findings = root.putArray("findings");
        if (withFindings) {
            for (Finding f : result.findings()) {
                findings.add(finding(report, options, f));
            }
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
        if (report.kind() != Report.Kind.HISTORY) {
            return root;
        }
        if (report.repositories().size() == 1) {
            history(root.putObject("history"), report.repositories().get(0));
        } else {
            ArrayNode repos = root.putArray("repositories");
            report.repositories().forEach(i -> history(repos.addObject(), i));
        }
        ArrayNode rows = root.putArray("summary");
        for (CredentialSummary s : report.summary()) {
            String fp = s.first().fingerprint();
            rows.add(toJson(s, options.redact(), report.verification(fp), report.accountTag(fp)));
        }
        return root;
    }

    private static void history(ObjectNode o, HistoryInfo i) {
        o.put("gitDir", i.gitDir());
        o.put("bare", i.bare());
        o.put("shallow", i.shallow());
        o.put("head", i.head());
        o.put("headRef", i.headRef());
        o.put("refs", i.refs());
        o.put("commits", i.commits());
        o.put("trees", i.trees());
        o.put("blobs", i.blobs());
    }

    /** One row of the audit summary as JSON. */
    public static ObjectNode toJson(CredentialSummary s, boolean redact) {
        return toJson(s, redact, null, null);
    }

    /**
     * One row of the audit summary as JSON, with its {@code verification} object when {@code v} is not null and its
     * {@code accountTag} when {@code accountTag} is not null.
     */
    public static ObjectNode toJson(CredentialSummary s, boolean redact, Verification v, String accountTag) {
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
        if (accountTag != null) {
            o.put("accountTag", accountTag);
        }
        if (v != null) {
            o.set("verification", Verifications.json(v));
        }
        if (s.origin().repository() != null) {
            // A run over several repositories: each exposure names its repository.
            o.put("firstRepo", s.origin().repository());
            ArrayNode repos = o.putArray("repos");
            s.exposures().stream().map(Exposure::repository).filter(java.util.Objects::nonNull).distinct().sorted()
                    .forEach(repos::add);
            ArrayNode atTip = o.putArray("atTip");
            s.exposures().stream().filter(Exposure::atHead).map(Exposure::repository)
                    .filter(java.util.Objects::nonNull).distinct().sorted().forEach(atTip::add);
        }
        return o;
    }
}
