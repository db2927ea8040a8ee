package dev.keyward.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A config document (keyward's {@code .keyward.toml} or a gitleaks config) read into plain values: its own rules,
 * its {@code [extend]} settings and its allowlists, each rule's {@code [rules.allowlist]} and
 * {@code [[rules.allowlists]]} among them as allowlists that target the rule. {@code dev.keyward.suppress.Config}
 * is made from it; see there for what each part means. Immutable.
 *
 * @param rules         the document's own {@code [[rules]]}, in file order, without their allowlists (which are in
 *                      {@code allowlists})
 * @param hasRules      whether the document has {@code [[rules]]}
 * @param useDefault    {@code [extend] useDefault}
 * @param disabledRules {@code [extend] disabledRules}
 * @param enabledRules  {@code [extend] enabledRules}
 * @param allowlists    {@code [allowlist]}, {@code [[allowlists]]} and each rule's allowlists
 * @param warnings      keys present but not supported, and other things worth telling the user
 */
public record ConfigDocument(List<Rule> rules, boolean hasRules, boolean useDefault, Set<String> disabledRules,
                             Set<String> enabledRules, List<Allowlist> allowlists, List<String> warnings) {

    private static final Set<String> TOP_KEYS = Set.of("title", "description", "extend", "rules", "allowlist",
            "allowlists");
    private static final Set<String> EXTEND_KEYS = Set.of("useDefault", "disabledRules", "enabledRules");

    public ConfigDocument {
        rules = List.copyOf(rules);
        disabledRules = Set.copyOf(disabledRules);
        enabledRules = Set.copyOf(enabledRules);
        allowlists = List.copyOf(allowlists);
        warnings = List.copyOf(warnings);
    }

    /**
     * Parses a config document.
     *
     * @param toml   the document
     * @param origin the file name to put in messages
     * @throws RuleException naming the origin, rule and field of the first problem
     */
    public static ConfigDocument parse(String toml, String origin) {
        Objects.requireNonNull(toml, "toml");
        Objects.requireNonNull(origin, "origin");
        JsonNode root = Toml.read(toml, origin);
        if (!root.isObject()) {
            throw new RuleException(origin, null, null, "must be a TOML document of tables");
        }
        List<String> warnings = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_KEYS.contains(key)) {
                warnings.add(origin + ": key '" + key + "' is not supported and was ignored");
            }
        }
        // [extend]
        boolean useDefault = false;
        boolean saidUseDefault = false;
        Set<String> disabled = new LinkedHashSet<>();
        Set<String> enabled = new LinkedHashSet<>();
        JsonNode extend = root.get("extend");
        if (extend != null && !extend.isNull()) {
            if (!extend.isObject()) {
                throw new RuleException(origin, null, "extend", "must be a table ([extend])");
            }
            for (Iterator<String> it = extend.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (key.equals("path") || key.equals("url")) {
                    warnings.add(origin + ": key 'extend." + key + "' (extending another config) is not supported"
                            + " and was ignored; copy what you need into this file");
                } else if (!EXTEND_KEYS.contains(key)) {
                    warnings.add(origin + ": key 'extend." + key + "' is not supported and was ignored");
                }
            }
            JsonNode u = extend.get("useDefault");
            if (u != null && !u.isNull()) {
                if (!u.isBoolean()) {
                    throw new RuleException(origin, null, "extend.useDefault", "must be true or false");
                }
                useDefault = u.asBoolean();
                saidUseDefault = true;
            }
            disabled.addAll(Toml.strings(extend, "disabledRules", origin, null));
            enabled.addAll(Toml.strings(extend, "enabledRules", origin, null));
        }
        List<Allowlist> allowlists = new ArrayList<>();
        // [[rules]]. Each rule's [rules.allowlist] and [[rules.allowlists]] become allowlists that target the rule,
        // so they support everything a top-level allowlist does (commits, globs, condition).
        JsonNode rulesNode = root.get("rules");
        boolean hasRules = rulesNode != null && !rulesNode.isNull();
        List<Rule> rules = new ArrayList<>();
        if (hasRules) {
            if (!rulesNode.isArray()) {
                throw new RuleException(origin, null, "rules", "must be an array of tables ([[rules]])");
            }
            ArrayNode kept = (ArrayNode) rulesNode.deepCopy();
            kept.removeAll();
            int index = 0;
            for (JsonNode node : rulesNode) {
                index++;
                if (!node.isObject()) {
                    throw new RuleException(origin, "#" + index, null, "a rule must be a table");
                }
                JsonNode idNode = node.get("id");
                String id = idNode != null && idNode.isTextual() && !idNode.asText().isBlank()
                        ? idNode.asText() : "#" + index;
                ObjectNode copy = (ObjectNode) node.deepCopy();
                allowlists.addAll(AllowlistParser.ofRule(copy.remove("allowlist"), copy.remove("allowlists"), origin,
                        id, warnings));
                JsonNode regex = copy.get("regex");
                boolean noRegex = regex == null || regex.isNull() || (regex.isTextual() && regex.asText().isEmpty());
                if (noRegex && copy.has("path") && !copy.has("pairing")) {
                    warnings.add(origin + ": rule '" + id + "' matches file paths only (key 'path' without"
                            + " 'regex'), which keyward does not support; the rule was not loaded");
                    continue;
                }
                JsonNode skip = copy.get("skipReport");
                if (skip != null && skip.isBoolean() && skip.asBoolean()) {
                    warnings.add(origin + ": rule '" + id + "' is only a part of composite rules (skipReport), which"
                            + " keyward does not support; the rule was not loaded");
                    continue;
                }
                kept.add(copy);
            }
            rules.addAll(RuleParser.parseRules(kept, origin, warnings));
            if (!saidUseDefault) {
                warnings.add(origin + ": has its own [[rules]] and no '[extend] useDefault': the built-in AWS rules"
                        + " are off (add '[extend] useDefault = true' to keep them, or 'useDefault = false' to"
                        + " silence this)");
            }
        }
        // [allowlist] and [[allowlists]]
        JsonNode single = root.get("allowlist");
        if (single != null && !single.isNull()) {
            allowlists.add(AllowlistParser.parse(single, origin, null, "allowlist", warnings));
        }
        JsonNode many = root.get("allowlists");
        if (many != null && !many.isNull()) {
            if (!many.isArray()) {
                throw new RuleException(origin, null, "allowlists", "must be an array of tables ([[allowlists]])");
            }
            int k = 0;
            for (JsonNode a : many) {
                k++;
                allowlists.add(AllowlistParser.parse(a, origin, null, "allowlists[" + k + "]", warnings));
            }
        }
        // Ids that name no rule are worth a warning: a typo would otherwise leave a rule on.
        RuleSet effective = hasRules ? (useDefault ? RuleSet.defaults().plus(RuleSet.of(rules)) : RuleSet.of(rules))
                : RuleSet.defaults();
        for (String id : disabled) {
            if (effective.rule(id).isEmpty()) {
                warnings.add(origin + ": field 'extend.disabledRules': no rule '" + id + "' (ignored)");
            }
        }
        for (String id : enabled) {
            if (effective.rule(id).isEmpty()) {
                throw new RuleException(origin, id, "extend.enabledRules", "no such rule");
            }
        }
        for (Allowlist a : allowlists) {
            for (String id : a.targetRules()) {
                if (effective.rule(id).isEmpty()) {
                    warnings.add(origin + ": field 'targetRules': no rule '" + id + "'");
                }
            }
        }
        return new ConfigDocument(rules, hasRules, useDefault, disabled, enabled, allowlists, warnings);
    }
}
