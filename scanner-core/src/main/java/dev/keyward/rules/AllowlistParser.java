package dev.keyward.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one reader of allowlist tables, for a config's {@code [allowlist]} and {@code [[allowlists]]} and for a
 * rule's {@code [rules.allowlist]} and {@code [[rules.allowlists]]} alike (in a rule or config file). Stateless.
 */
final class AllowlistParser {

    private static final Set<String> KEYS = Set.of("description", "paths", "globs", "regexes", "regexTarget",
            "stopwords", "commits", "condition", "targetRules");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,64}");

    private AllowlistParser() {
    }

    /**
     * A rule's {@code allowlist} table and {@code allowlists} array of tables (either may be absent), each made to
     * target the rule.
     */
    static List<Allowlist> ofRule(JsonNode one, JsonNode many, String origin, String ruleId, List<String> warnings) {
        List<Allowlist> out = new ArrayList<>();
        if (one != null && !one.isNull()) {
            out.add(parse(one, origin, ruleId, "allowlist", warnings));
        }
        if (many != null && !many.isNull()) {
            if (!many.isArray()) {
                throw new RuleException(origin, ruleId, "allowlists", "must be an array of tables"
                        + " ([[rules.allowlists]])");
            }
            int k = 0;
            for (JsonNode a : many) {
                k++;
                out.add(parse(a, origin, ruleId, "allowlists[" + k + "]", warnings));
            }
        }
        return out;
    }

    /**
     * Reads one allowlist table.
     *
     * @param ruleId the rule it belongs to (it then targets that rule, and {@code targetRules} is not a key of
     *               it), or null for a top-level allowlist
     * @param field  its place in the file, for messages
     */
    static Allowlist parse(JsonNode node, String origin, String ruleId, String field, List<String> warnings) {
        if (!node.isObject()) {
            throw new RuleException(origin, ruleId, field, "must be a table");
        }
        boolean topLevel = ruleId == null;
        String where = origin + (topLevel ? "" : ": rule '" + ruleId + "'");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key) || (key.equals("targetRules") && !topLevel)) {
                warnings.add(where + ": key '" + field + "." + key + "' is not supported and was ignored");
            }
        }
        String description = Toml.text(node, "description", field + ".description", origin, ruleId, "");
        List<String> paths = Toml.strings(node, "paths", origin, ruleId);
        for (String p : paths) {
            Toml.compile(p, origin, ruleId, field + ".paths");
        }
        List<String> globs = Toml.strings(node, "globs", origin, ruleId);
        for (String g : globs) {
            try {
                Globs.compile(g);
            } catch (IllegalArgumentException e) {
                throw new RuleException(origin, ruleId, field + ".globs", "invalid glob '" + g + "': "
                        + e.getMessage());
            }
        }
        List<String> regexes = Toml.strings(node, "regexes", origin, ruleId);
        for (String r : regexes) {
            Toml.compile(r, origin, ruleId, field + ".regexes");
        }
        String target = Toml.text(node, "regexTarget", field + ".regexTarget", origin, ruleId, "secret");
        if (!Allowlist.TARGETS.contains(target)) {
            throw new RuleException(origin, ruleId, field + ".regexTarget", "must be secret, match or line");
        }
        List<String> stopwords = Toml.strings(node, "stopwords", origin, ruleId);
        List<String> commits = Toml.strings(node, "commits", origin, ruleId);
        for (String c : commits) {
            if (!COMMIT.matcher(c).matches()) {
                throw new RuleException(origin, ruleId, field + ".commits",
                        "'" + c + "' is not a commit id (7 to 64 hex digits)");
            }
        }
        String condition = Toml.text(node, "condition", field + ".condition", origin, ruleId, "OR")
                .toUpperCase(Locale.ROOT);
        if (!condition.equals("OR") && !condition.equals("AND")) {
            throw new RuleException(origin, ruleId, field + ".condition", "must be OR or AND");
        }
        List<String> targets = topLevel ? Toml.strings(node, "targetRules", origin, null) : List.of(ruleId);
        Allowlist a = new Allowlist(description, paths, globs, regexes, target, stopwords, commits,
                condition.equals("AND"), targets);
        if (a.isEmpty()) {
            warnings.add(where + ": '" + field + "' has no paths, globs, regexes, stopwords or commits; it allows"
                    + " nothing");
        }
        return a;
    }
}
