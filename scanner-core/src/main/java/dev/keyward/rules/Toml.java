package dev.keyward.rules;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reading values out of a TOML tree for rule and config files, each bad value a {@link RuleException} naming the
 * file, the rule and the field. The tree type stays inside this package. Stateless.
 */
final class Toml {

    private Toml() {
    }

    /** Parses TOML into a tree, turning syntax errors into a {@link RuleException} naming the file. */
    static JsonNode read(String toml, String origin) {
        try {
            return TomlTree.read(toml);
        } catch (JacksonException e) {
            throw new RuleException(origin, null, null, "not valid TOML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new RuleException(origin, null, null, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            // The TOML parser can fail in unplanned ways on hostile input; the caller still gets a clear error.
            throw new RuleException(origin, null, null, "not valid TOML: " + e);
        }
    }

    /** Compiles with RE2/J and returns the group count, or throws naming the field. */
    static int compile(String regex, String origin, String id, String field) {
        if (regex.isEmpty()) {
            return 0;
        }
        try {
            return Pattern.compile(regex).groupCount();
        } catch (PatternSyntaxException e) {
            throw new RuleException(origin, id, field, "invalid RE2 regex: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new RuleException(origin, id, field, "invalid RE2 regex: " + e);
        }
    }

    /** The value at {@code key}, or null when absent; one of another type is an error naming {@code shown}. */
    private static JsonNode value(JsonNode node, String key, String shown, String origin, String id,
                                  Predicate<JsonNode> ok, String problem) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!ok.test(v)) {
            throw new RuleException(origin, id, shown, problem);
        }
        return v;
    }

    /** A string value, or {@code dflt} when absent; errors name {@code shown} (the key's place in the file). */
    static String text(JsonNode node, String key, String shown, String origin, String id, String dflt) {
        JsonNode v = value(node, key, shown, origin, id, JsonNode::isTextual, "must be a string");
        return v == null ? dflt : v.asText();
    }

    static String text(JsonNode node, String key, String origin, String id, String dflt) {
        return text(node, key, key, origin, id, dflt);
    }

    static boolean bool(JsonNode node, String key, String origin, String id, boolean dflt) {
        JsonNode v = value(node, key, key, origin, id, JsonNode::isBoolean, "must be true or false");
        return v == null ? dflt : v.asBoolean();
    }

    static int integer(JsonNode node, String key, String origin, String id, int dflt) {
        JsonNode v = value(node, key, key, origin, id, n -> n.isIntegralNumber() && n.canConvertToInt()
                && n.asInt() >= 0, "must be a whole number, 0 or more");
        return v == null ? dflt : v.asInt();
    }

    static double number(JsonNode node, String key, String origin, String id) {
        JsonNode v = value(node, key, key, origin, id, n -> n.isNumber() && n.asDouble() >= 0 && n.asDouble() <= 8,
                "must be a number from 0 to 8 (bits per character)");
        return v == null ? 0 : v.asDouble();
    }

    /** Reads a string or an array of strings; anything else is an error naming the field. */
    static List<String> strings(JsonNode node, String field, String origin, String id) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            throw new RuleException(origin, id, field, "must be an array of strings");
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new RuleException(origin, id, field, "must be an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }
}
