package dev.keyward.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.finding.Severity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code [[rules]]} tables, for rule files and config files. Stateless. */
final class RuleParser {

    private static final Set<String> RULE_KEYS = Set.of("id", "description", "kind", "severity", "enabled", "regex",
            "secretGroup", "keywords", "entropy", "validate", "pairing", "allowlist", "allowlists", "examples",
            "negativeExamples", "tags");
    private static final Set<String> PAIRING_KEYS = Set.of("near", "nearKeywords", "lines", "regex");

    private RuleParser() {
    }

    /**
     * Reads an array of rule tables (the value of a {@code rules} key). Unknown keys become warnings.
     *
     * @throws RuleException naming the rule and field on any invalid value
     */
    static List<Rule> parseRules(JsonNode array, String origin, List<String> warnings) {
        List<Rule> rules = new ArrayList<>();
        if (array == null || array.isNull()) {
            return rules;
        }
        if (!array.isArray()) {
            throw new RuleException(origin, null, "rules", "must be an array of tables ([[rules]])");
        }
        int index = 0;
        for (JsonNode node : array) {
            index++;
            rules.add(parseRule(node, origin, index, warnings));
        }
        checkUnique(rules, origin);
        return rules;
    }

    static void checkUnique(List<Rule> rules, String origin) {
        Map<String, Rule> seen = new LinkedHashMap<>();
        for (Rule r : rules) {
            if (seen.put(r.id(), r) != null) {
                throw new RuleException(origin, r.id(), "id", "duplicate rule id");
            }
        }
    }

    private static Rule parseRule(JsonNode node, String origin, int index, List<String> warnings) {
        if (!node.isObject()) {
            throw new RuleException(origin, "#" + index, null, "a rule must be a table");
        }
        String id = Toml.text(node, "id", origin, "#" + index, null);
        if (id == null || id.isBlank()) {
            throw new RuleException(origin, "#" + index, "id", "missing or empty");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!RULE_KEYS.contains(key)) {
                warnings.add(origin + ": rule '" + id + "': key '" + key + "' is not supported and was ignored");
            }
        }
        String description = Toml.text(node, "description", origin, id, "");
        String kind = Toml.text(node, "kind", origin, id, id);
        Severity severity;
        try {
            severity = Severity.parse(Toml.text(node, "severity", origin, id, "high"));
        } catch (IllegalArgumentException e) {
            throw new RuleException(origin, id, "severity", e.getMessage());
        }
        boolean enabled = Toml.bool(node, "enabled", origin, id, true);
        String regex = Toml.text(node, "regex", origin, id, "");
        int groups = Toml.compile(regex, origin, id, "regex");
        int secretGroup = Toml.integer(node, "secretGroup", origin, id, 0);
        if (secretGroup > groups) {
            throw new RuleException(origin, id, "secretGroup",
                    "is " + secretGroup + " but the regex has only " + groups + " group(s)");
        }
        List<String> keywords = Toml.strings(node, "keywords", origin, id);
        double entropy = Toml.number(node, "entropy", origin, id);
        String validate = Toml.text(node, "validate", origin, id, "none");
        if (!RuleSet.VALIDATORS.contains(validate)) {
            throw new RuleException(origin, id, "validate", "unknown check '" + validate + "' (one of "
                    + String.join(", ", RuleSet.VALIDATORS.stream().sorted().toList()) + ")");
        }
        Rule.Pairing pairing = pairing(node.get("pairing"), origin, id, warnings);
        if (regex.isEmpty() && pairing == null) {
            throw new RuleException(origin, id, "regex", "missing: a rule needs a regex or a [rules.pairing]");
        }
        List<Allowlist> allowlists = AllowlistParser.ofRule(node.get("allowlist"), node.get("allowlists"), origin,
                id, warnings);
        List<String> examples = Toml.strings(node, "examples", origin, id);
        List<String> negative = Toml.strings(node, "negativeExamples", origin, id);
        try {
            return new Rule(id, description, kind, severity, enabled, regex, secretGroup, keywords, entropy,
                    validate, pairing, allowlists, examples, negative);
        } catch (IllegalArgumentException e) {
            throw new RuleException(origin, id, null, e.getMessage());
        }
    }

    private static Rule.Pairing pairing(JsonNode node, String origin, String id, List<String> warnings) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new RuleException(origin, id, "pairing", "must be a table ([rules.pairing])");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!PAIRING_KEYS.contains(key)) {
                warnings.add(origin + ": rule '" + id + "': key 'pairing." + key + "' is not supported and was ignored");
            }
        }
        String near = Toml.text(node, "near", origin, id, null);
        String regex = Toml.text(node, "regex", origin, id, null);
        if (near == null || near.isEmpty()) {
            throw new RuleException(origin, id, "pairing.near", "missing");
        }
        if (regex == null || regex.isEmpty()) {
            throw new RuleException(origin, id, "pairing.regex", "missing");
        }
        Toml.compile(near, origin, id, "pairing.near");
        Toml.compile(regex, origin, id, "pairing.regex");
        List<String> nearKeywords = Toml.strings(node, "nearKeywords", origin, id);
        if (nearKeywords.isEmpty()) {
            throw new RuleException(origin, id, "pairing.nearKeywords", "missing: name the literals near starts with");
        }
        int lines = Toml.integer(node, "lines", origin, id, 5);
        if (lines < 0 || lines > 50) {
            throw new RuleException(origin, id, "pairing.lines", "must be between 0 and 50");
        }
        return new Rule.Pairing(near, nearKeywords, lines, regex);
    }
}
