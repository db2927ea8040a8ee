package dev.keyward.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.finding.Finding;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Severity;
import dev.keyward.finding.Skipped;
import dev.keyward.finding.Verification;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * SARIF 2.1.0, shaped for GitHub code scanning: one {@code reportingDescriptor} per rule that found something,
 * with the remediation as its help; one result per finding with a physical location (a relative URI under
 * {@code %SRCROOT%} when the path is relative), the fingerprint in {@code partialFingerprints}, the severity as
 * {@code level} and as {@code security-severity}. History findings carry their commit in the result's properties.
 * Errors and skipped inputs become tool execution notifications. Stateless and thread-safe.
 */
public final class SarifReporter implements Reporter {

    /** The key under {@code partialFingerprints}; bump the suffix if the fingerprint's recipe ever changes. */
    public static final String FINGERPRINT_KEY = "keyward/v1";

    static final String SCHEMA =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    static final String SRCROOT = "%SRCROOT%";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(Report report, ReportOptions options, Appendable out) throws IOException {
        // Results streamed one at a time (see JsonStreams).
        Map<String, Integer> index = new LinkedHashMap<>();
        ObjectNode log = toJson(report, options, index, false);
        JsonNode results = log.get("runs").get(0).get("results");
        JsonStreams.write(MAPPER, log, results, g -> {
            for (Finding f : report.result().findings()) {
                MAPPER.writeTree(g, result(report, options, index, f));
            }
        }, out);
    }

    /** The SARIF log of a scan without verification, as a tree. */
    public static ObjectNode toJson(ScanResult result, ReportOptions options) {
        return toJson(Report.files(result), options);
    }

    /** The SARIF log as a tree; a verified finding has {@code properties.verification}. */
    public static ObjectNode toJson(Report report, ReportOptions options) {
        return toJson(report, options, new LinkedHashMap<>(), true);
    }

    /** The tree; {@code index} gets each rule's place in the rules array; results only {@code withResults}. */
    private static ObjectNode toJson(Report report, ReportOptions options, Map<String, Integer> index,
                                     boolean withResults) {
        ScanResult result = report.result();
        RuleSet rules = options.rules() != null ? options.rules() : RuleSet.defaults();
        // Rules in id order, each at the highest severity any of its findings has, so GitHub ranks the alert
        // by its worst case (a key ID in a pair is critical).
        Map<String, Severity> worst = new TreeMap<>();
        for (Finding f : result.findings()) {
            worst.merge(f.ruleId(), f.severity(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        ObjectNode log = MAPPER.createObjectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "keyward");
        driver.put("version", options.version());
        ArrayNode descriptors = driver.putArray("rules");
        for (Map.Entry<String, Severity> e : worst.entrySet()) {
            index.put(e.getKey(), index.size());
            descriptors.add(descriptor(e.getKey(), rules.rule(e.getKey()), e.getValue()));
        }
        if (options.repositoryUri() != null) {
            run.putArray("versionControlProvenance").addObject().put("repositoryUri", options.repositoryUri());
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", result.complete());
        ArrayNode notes = MAPPER.createArrayNode();
        for (ScanError e : result.errors()) {
            notes.add(notification("error", e.path(), e.message()));
        }
        for (Skipped s : result.skipped()) {
            notes.add(notification("note", s.path(), "skipped: " + s.reason()));
        }
        if (!notes.isEmpty()) {
            invocation.set("toolExecutionNotifications", notes);
        }
        run.put("columnKind", "unicodeCodePoints"); // the engine counts code points (UTF-8 lead bytes)
        ArrayNode results = run.putArray("results");
        if (withResults) {
            for (Finding f : result.findings()) {
                results.add(result(report, options, index, f));
            }
        }
        return log;
    }

    private static ObjectNode result(Report report, ReportOptions options, Map<String, Integer> index, Finding f) {
        return result(f, index.get(f.ruleId()), options.redact(), report.verification(f.fingerprint()),
                report.accountTag(f.fingerprint()));
    }

    private static ObjectNode descriptor(String id, Optional<Rule> rule, Severity worst) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("id", id);
        d.put("name", pascal(id));
        String description = rule.map(Rule::description).filter(s -> !s.isBlank()).orElse(id);
        d.putObject("shortDescription").put("text", description);
        d.putObject("fullDescription").put("text", description);
        ObjectNode help = d.putObject("help");
        help.put("text", Remediation.text());
        help.put("markdown", "**What to do**\n\n" + Remediation.markdown());
        d.putObject("defaultConfiguration").put("level", level(worst));
        ObjectNode props = d.putObject("properties");
        props.putArray("tags").add("security").add("secret").add("aws");
        props.put("precision", "high");
        props.put("security-severity", securitySeverity(worst));
        return d;
    }

    private static ObjectNode result(Finding f, int ruleIndex, boolean redact, Verification v, String accountTag) {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("ruleId", f.ruleId());
        r.put("ruleIndex", ruleIndex);
        r.put("kind", "fail");
        r.put("level", level(f.severity()));
        r.putObject("message").put("text", message(f, redact));
        ObjectNode loc = r.putArray("locations").addObject();
        ObjectNode phys = loc.putObject("physicalLocation");
        artifact(phys, f.path());
        ObjectNode region = phys.putObject("region");
        region.put("startLine", f.location().line());
        region.put("startColumn", f.location().column());
        PairRef p = f.pairedWith();
        if (p != null) {
            ObjectNode rel = r.putArray("relatedLocations").addObject();
            rel.put("id", 1);
            ObjectNode rp = rel.putObject("physicalLocation");
            artifact(rp, f.path());
            rp.putObject("region").put("startLine", p.line()).put("startColumn", p.column());
            rel.putObject("message").put("text", "the other half of the pair (" + p.ruleId() + ")");
        }
        r.putObject("partialFingerprints").put(FINGERPRINT_KEY, f.fingerprint());
        ObjectNode props = r.putObject("properties");
        props.put("kind", f.kind());
        props.put("severity", f.severity().id());
        props.put("security-severity", securitySeverity(f.severity()));
        props.put("secret", Redaction.shown(f, redact));
        if (f.accountId() != null) {
            props.put("accountId", f.accountId());
        }
        if (p != null) {
            props.put("pairedWith", p.fingerprint());
        }
        if (f.provenance() instanceof Provenance.GitBlob g) {
            props.put("commit", g.commit());
            props.put("blob", g.blobId());
            props.put("author", g.author());
            props.put("email", g.email());
            props.put("date", g.date() == null ? null : g.date().toString());
            props.put("otherOccurrences", g.otherOccurrences());
            if (g.repository() != null) {
                props.put("repo", g.repository()); // a run over several repositories
            }
        }
        if (accountTag != null) {
            props.put("accountTag", accountTag);
        }
        if (v != null) {
            props.set("verification", Verifications.json(v));
        }
        return r;
    }

    private static String message(Finding f, boolean redact) {
        StringBuilder sb = new StringBuilder(label(f.kind())).append(' ').append(Redaction.shown(f, redact));
        if (f.accountId() != null) {
            sb.append(" (AWS account ").append(f.accountId()).append(')');
        }
        if (f.pairedWith() != null) {
            sb.append(", paired with the ").append(label(f.pairedWith().ruleId())).append(" at line ")
                    .append(f.pairedWith().line());
        }
        if (f.provenance() instanceof Provenance.GitBlob g) {
            sb.append(", introduced in commit ").append(g.commit());
        }
        return sb.append('.').toString();
    }

    /** A readable name for a kind or rule id, such as "AWS access key ID". */
    static String label(String kind) {
        return switch (kind) {
            case "aws-access-key-id" -> "AWS access key ID";
            case "aws-secret-access-key" -> "AWS secret access key";
            case "aws-session-token" -> "AWS session token";
            case "aws-bedrock-api-key" -> "AWS Bedrock API key";
            case "aws-mws-auth-token" -> "Amazon MWS auth token";
            case "aws-account-id" -> "AWS account ID";
            case "aws-iam-unique-id" -> "AWS IAM unique ID";
            case "aws-a3t-key-id" -> "AWS A3T key ID";
            case "aws-appsync-api-key" -> "AWS AppSync API key";
            case "gcs-hmac-access-id" -> "Google Cloud Storage HMAC key (not AWS)";
            case "s3-compatible-access-key" -> "S3-compatible access key (not AWS)";
            default -> kind;
        };
    }

    private static ObjectNode notification(String level, String path, String text) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("level", level);
        n.putObject("message").put("text", path + ": " + text);
        artifact(n.putArray("locations").addObject().putObject("physicalLocation"), path);
        return n;
    }

    private static void artifact(ObjectNode physicalLocation, String path) {
        ObjectNode a = physicalLocation.putObject("artifactLocation");
        String p = path.replace('\\', '/');
        if (p.startsWith("/")) {
            a.put("uri", "file://" + encode(p));
            return;
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        a.put("uri", encode(p));
        a.put("uriBaseId", SRCROOT);
    }

    /** Percent-encodes everything but unreserved characters and '/', byte by byte of the UTF-8 form. */
    static String encode(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** SARIF's level: what GitHub shows as error, warning or note. */
    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "note";
        };
    }

    /** GitHub's security-severity score: critical above 9, high 7 to 8.9, medium 4 to 6.9, low below 4. */
    static String securitySeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
        };
    }

    private static String pascal(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.length() == 0 ? "Rule" : sb.toString();
    }
}
