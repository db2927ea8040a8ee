package dev.keyward.org;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Location;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.Severity;
import java.time.Instant;

/**
 * A finding of a Git blob as JSON text for a state store (the SQLite one here, scanner-spark's Parquet tables), and
 * back; field by field, so the stored form is ours to keep. It holds the secret whole: stores are owner-only.
 * Stateless.
 */
public final class FindingJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FindingJson() {
    }

    /** The finding (its provenance must be a {@code Provenance.GitBlob}) as one line of JSON. */
    public static String write(Finding f) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ruleId", f.ruleId());
        n.put("kind", f.kind());
        n.put("severity", f.severity().name());
        ObjectNode loc = n.putObject("location");
        loc.put("path", f.location().path());
        loc.put("line", f.location().line());
        loc.put("column", f.location().column());
        loc.put("offset", f.location().offset());
        Provenance.GitBlob g = (Provenance.GitBlob) f.provenance();
        ObjectNode p = n.putObject("provenance");
        p.put("blobId", g.blobId());
        p.put("commit", g.commit());
        p.put("path", g.path());
        p.put("author", g.author());
        p.put("email", g.email());
        p.put("date", g.date() == null ? null : g.date().toString());
        p.put("otherOccurrences", g.otherOccurrences());
        p.put("repository", g.repository());
        n.put("secret", f.secret());
        n.put("fingerprint", f.fingerprint());
        n.put("accountId", f.accountId());
        if (f.pairedWith() != null) {
            ObjectNode pair = n.putObject("pairedWith");
            pair.put("ruleId", f.pairedWith().ruleId());
            pair.put("line", f.pairedWith().line());
            pair.put("column", f.pairedWith().column());
            pair.put("fingerprint", f.pairedWith().fingerprint());
        }
        return n.toString();
    }

    /** The finding {@link #write} wrote; an {@code IllegalArgumentException} when the text is not such JSON. */
    public static Finding read(String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a stored finding is not JSON", e);
        }
        JsonNode loc = n.path("location");
        JsonNode p = n.path("provenance");
        JsonNode pair = n.path("pairedWith");
        return new Finding(n.path("ruleId").asText(), n.path("kind").asText(), Severity.valueOf(n.path("severity")
                .asText()), new Location(loc.path("path").asText(), loc.path("line").asInt(),
                loc.path("column").asInt(), loc.path("offset").asLong()),
                new Provenance.GitBlob(p.path("blobId").asText(), p.path("commit").asText(), p.path("path").asText(),
                        text(p, "author"), text(p, "email"),
                        p.hasNonNull("date") ? Instant.parse(p.path("date").asText()) : null,
                        p.path("otherOccurrences").asInt(), text(p, "repository")),
                n.path("secret").asText(), text(n, "accountId"),
                pair.isObject() ? new PairRef(pair.path("ruleId").asText(), pair.path("line").asInt(),
                        pair.path("column").asInt(), pair.path("fingerprint").asText()) : null);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.path(field).asText() : null;
    }
}
