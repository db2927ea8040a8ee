package dev.keyward.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.finding.Verification;
import java.util.List;

/**
 * How every report shows a {@link Verification}. Everything in one came from AWS (or from our own reasoning about a
 * found key), so the text form escapes it as it does paths.
 */
final class Verifications {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Verifications() {
    }

    /**
     * The {@code verification} object of JSON, JSONL and SARIF: {@code status} always; {@code arn}, {@code account},
     * {@code userId}, {@code partition} and {@code reason} when known; the deep fields ({@code policies},
     * {@code groups}, {@code lastUsed}, {@code unknown}) only when a deep look filled them. A field without a value
     * is left out, never written as null.
     */
    static ObjectNode json(Verification v) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("status", v.status());
        put(o, "arn", v.arn());
        put(o, "account", v.account());
        put(o, "userId", v.userId());
        put(o, "partition", v.partition());
        put(o, "reason", v.reason());
        list(o, "policies", v.policies());
        list(o, "groups", v.groups());
        put(o, "lastUsed", v.lastUsed());
        if (!v.unknown().isEmpty()) {
            list(o, "unknown", v.unknown());
        }
        return o;
    }

    private static void put(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void list(ObjectNode o, String name, List<String> values) {
        if (values != null) {
            ArrayNode a = o.putArray(name);
            values.forEach(a::add);
        }
    }

    /**
     * The text form, one line: {@code live ARN (partition)}, or the status and its reason in brackets; the deep
     * look adds lines of its own, each starting with {@code indent}.
     */
    static String text(Verification v, String indent) {
        StringBuilder sb = new StringBuilder(v.status());
        if (v.arn() != null) {
            sb.append(' ').append(TextReporter.printable(v.arn()));
        }
        String why = v.isLive() ? v.partition() : v.reason();
        if (why != null) {
            sb.append(" (").append(TextReporter.printable(why)).append(')');
        }
        if (v.policies() != null) {
            sb.append('\n').append(indent).append("may use: ").append(v.policies().isEmpty() ? "no policies"
                    : TextReporter.printable(String.join(", ", v.policies())));
        }
        if (v.groups() != null && !v.groups().isEmpty()) {
            sb.append('\n').append(indent).append("groups: ")
                    .append(TextReporter.printable(String.join(", ", v.groups())));
        }
        if (v.lastUsed() != null) {
            sb.append('\n').append(indent).append("last used: ").append(TextReporter.printable(v.lastUsed()));
        }
        if (!v.unknown().isEmpty()) {
            sb.append('\n').append(indent).append("unknown: ")
                    .append(TextReporter.printable(String.join("; ", v.unknown())));
        }
        return sb.toString();
    }

    /** The one word of the audit table's STATUS column. */
    static String status(Verification v) {
        return v == null ? "-" : v.status();
    }
}
