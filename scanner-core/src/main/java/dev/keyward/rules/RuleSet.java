package dev.keyward.rules;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.keyward.finding.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An ordered, immutable set of {@link Rule}s, read from TOML. {@link #defaults()} is the AWS rule pack shipped in
 * this jar ({@code rules/aws.toml} in the source tree). Parsing either returns a rule set or throws a
 * {@link RuleException} that names the file, the rule and the field; keys keyward does not know are kept as
 * {@link #warnings()}, never silently dropped.
 */
public final class RuleSet {

    /** The built-in checks a rule may name in {@code validate}. */
    public static final Set<String> VALIDATORS =
            Set.of("none", "aws-key-id", "aws-secret-key", "aws-session-token", "aws-account-id", "whole-token");

    private static final String DEFAULT_RESOURCE = "/dev/keyward/rules/aws.toml";
    private static final Set<String> RULE_KEYS = Set.of("id", "description", "kind", "severity", "enabled", "regex",
            "secretGroup", "keywords", "entropy", "validate", "pairing", "allowlist", "examples",
            "negativeExamples", "tags");
    private static final Set<String> ALLOWLIST_KEYS =
            Set.of("description", "regexes", "regexTarget", "stopwords", "paths");
    private static final Set<String> PAIRING_KEYS = Set.of("near", "nearKeywords", "lines", "regex");

    private static volatile RuleSet defaults;

    private final List<Rule> rules;
    private final List<String> warnings;

    private RuleSet(List<Rule> rules, List<String> warnings) {
        this.rules = List.copyOf(rules);
        this.warnings = List.copyOf(warnings);
    }

    /** A rule set of exactly these rules. Ids must be unique. */
    public static RuleSet of(List<Rule> rules) {
        checkUnique(rules, "rules");
        return new RuleSet(rules, List.of());
    }

    /** The default AWS rule pack. Loaded once; the result is shared and immutable. */
    public static RuleSet defaults() {
        RuleSet d = defaults;
        if (d == null) {
            try (InputStream in = RuleSet.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("default rule pack missing from the jar: " + DEFAULT_RESOURCE);
                }
                d = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "aws.toml (built in)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defaults = d;
        }
        return d;
    }

    /**
     * Reads the {@code [[rules]]} of a TOML document. Other top-level keys are not rules and are reported as
     * warnings, except {@code title}, which is ignored.
     *
     * @param toml   the document
     * @param origin the file name to put in messages
     * @throws RuleException if the document or a rule is invalid
     */
    public static RuleSet parse(String toml, String origin) {
        JsonNode root = readToml(toml, origin);
        List<String> warnings = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("rules") && !key.equals("title")) {
                warnings.add(origin + ": key '" + key + "' is not a rule key and was ignored");
            }
        }
        List<Rule> rules = parseRules(root.get("rules"), origin, warnings);
        return new RuleSet(rules, warnings);
    }

    /** Parses TOML into a tree, turning syntax errors into a {@link RuleException} naming the file. */
    public static JsonNode readToml(String toml, String origin) {
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

    /**
     * Reads an array of rule tables (the value of a {@code rules} key). Unknown keys become warnings.
     *
     * @throws RuleException naming the rule and field on any invalid value
     */
    public static List<Rule> parseRules(JsonNode array, String origin, List<String> warnings) {
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

    private static void checkUnique(List<Rule> rules, String origin) {
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
        String id = text(node, "id", origin, "#" + index, null);
        if (id == null || id.isBlank()) {
            throw new RuleException(origin, "#" + index, "id", "missing or empty");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!RULE_KEYS.contains(key)) {
                warnings.add(origin + ": rule '" + id + "': key '" + key + "' is not supported and was ignored");
            }
        }
        String description = text(node, "description", origin, id, "");
        String kind = text(node, "kind", origin, id, id);
        Severity severity;
        try {
            severity = Severity.parse(text(node, "severity", origin, id, "high"));
        } catch (IllegalArgumentException e) {
            throw new RuleException(origin, id, "severity", e.getMessage());
        }
        boolean enabled = bool(node, "enabled", origin, id, true);
        String regex = text(node, "regex", origin, id, "");
        int groups = compile(regex, origin, id, "regex");
        int secretGroup = integer(node, "secretGroup", origin, id, 0);
        if (secretGroup > groups) {
            throw new RuleException(origin, id, "secretGroup",
                    "is " + secretGroup + " but the regex has only " + groups + " group(s)");
        }
        List<String> keywords = strings(node, "keywords", origin, id);
        double entropy = number(node, "entropy", origin, id);
        String validate = text(node, "validate", origin, id, "none");
        if (!VALIDATORS.contains(validate)) {
            throw new RuleException(origin, id, "validate", "unknown check '" + validate + "' (one of "
                    + String.join(", ", VALIDATORS.stream().sorted().toList()) + ")");
        }
        Rule.Pairing pairing = pairing(node.get("pairing"), origin, id, warnings);
        if (regex.isEmpty() && pairing == null) {
            throw new RuleException(origin, id, "regex", "missing: a rule needs a regex or a [rules.pairing]");
        }
        Rule.RuleAllowlist allowlist = allowlist(node.get("allowlist"), origin, id, "allowlist", warnings);
        List<String> examples = strings(node, "examples", origin, id);
        List<String> negative = strings(node, "negativeExamples", origin, id);
        try {
            return new Rule(id, description, kind, severity, enabled, regex, secretGroup, keywords, entropy,
                    validate, pairing, allowlist, examples, negative);
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
        String near = text(node, "near", origin, id, null);
        String regex = text(node, "regex", origin, id, null);
        if (near == null || near.isEmpty()) {
            throw new RuleException(origin, id, "pairing.near", "missing");
        }
        if (regex == null || regex.isEmpty()) {
            throw new RuleException(origin, id, "pairing.regex", "missing");
        }
        compile(near, origin, id, "pairing.near");
        compile(regex, origin, id, "pairing.regex");
        List<String> nearKeywords = strings(node, "nearKeywords", origin, id);
        if (nearKeywords.isEmpty()) {
            throw new RuleException(origin, id, "pairing.nearKeywords", "missing: name the literals near starts with");
        }
        int lines = integer(node, "lines", origin, id, 5);
        if (lines < 0 || lines > 50) {
            throw new RuleException(origin, id, "pairing.lines", "must be between 0 and 50");
        }
        return new Rule.Pairing(near, nearKeywords, lines, regex);
    }

    /** Reads a gitleaks-style allowlist table; shared with config files. */
    public static Rule.RuleAllowlist allowlist(JsonNode node, String origin, String id, String field,
                                               List<String> warnings) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new RuleException(origin, id, field, "must be a table");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!ALLOWLIST_KEYS.contains(key)) {
                warnings.add(origin + (id == null ? "" : ": rule '" + id + "'") + ": key '" + field + "." + key
                        + "' is not supported and was ignored");
            }
        }
        List<String> regexes = strings(node, "regexes", origin, id);
        for (String r : regexes) {
            compile(r, origin, id, field + ".regexes");
        }
        String target = text(node, "regexTarget", origin, id, "secret");
        if (!Set.of("secret", "match", "line").contains(target)) {
            throw new RuleException(origin, id, field + ".regexTarget", "must be secret, match or line");
        }
        List<String> paths = strings(node, "paths", origin, id);
        for (String p : paths) {
            compile(p, origin, id, field + ".paths");
        }
        return new Rule.RuleAllowlist(regexes, target, strings(node, "stopwords", origin, id), paths);
    }

    /** Compiles with RE2/J and returns the group count, or throws naming the field. */
    public static int compile(String regex, String origin, String id, String field) {
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

    private static String text(JsonNode node, String field, String origin, String id, String dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw new RuleException(origin, id, field, "must be a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode node, String field, String origin, String id, boolean dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new RuleException(origin, id, field, "must be true or false");
        }
        return v.asBoolean();
    }

    private static int integer(JsonNode node, String field, String origin, String id, int dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new RuleException(origin, id, field, "must be a whole number, 0 or more");
        }
        return v.asInt();
    }

    private static double number(JsonNode node, String field, String origin, String id) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 8 || Double.isNaN(v.asDouble())) {
            throw new RuleException(origin, id, field, "must be a number from 0 to 8 (bits per character)");
        }
        return v.asDouble();
    }

    /** Reads a string or an array of strings; anything else is an error naming the field. */
    public static List<String> strings(JsonNode node, String field, String origin, String id) {
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

    /** The rules, in file order. */
    public List<Rule> rules() {
        return rules;
    }

    /** Keys that were present but not understood, one message each. */
    public List<String> warnings() {
        return warnings;
    }

    /** The rule with this id. */
    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** This set followed by {@code other}'s rules; a rule of {@code other} replaces one of the same id here. */
    public RuleSet plus(RuleSet other) {
        Map<String, Rule> byId = new LinkedHashMap<>();
        for (Rule r : rules) {
            byId.put(r.id(), r);
        }
        for (Rule r : other.rules) {
            byId.put(r.id(), r);
        }
        List<String> w = new ArrayList<>(warnings);
        w.addAll(other.warnings);
        return new RuleSet(new ArrayList<>(byId.values()), w);
    }

    /** This set with rules turned on or off by id. Unknown ids are an error. */
    public RuleSet withEnabled(Set<String> enable, Set<String> disable) {
        for (String id : enable) {
            if (rule(id).isEmpty()) {
                throw new RuleException(null, id, null, "no such rule (see 'keyward rules list')");
            }
        }
        for (String id : disable) {
            if (rule(id).isEmpty()) {
                throw new RuleException(null, id, null, "no such rule (see 'keyward rules list')");
            }
        }
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            boolean on = (r.enabled() || enable.contains(r.id())) && !disable.contains(r.id());
            out.add(r.enabled() == on ? r : r.withEnabled(on));
        }
        return new RuleSet(out, warnings);
    }
}
