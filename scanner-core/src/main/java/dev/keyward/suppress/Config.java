package dev.keyward.suppress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyward.internal.suppress.Globs;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleException;
import dev.keyward.rules.RuleSet;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A keyward config file ({@code .keyward.toml}), or a gitleaks config read unchanged: rules to add, rules to turn
 * off or on, and allowlists. Immutable and thread-safe.
 *
 * <pre>
 * [extend]
 * useDefault = true                    # keep the built-in AWS rules beside [[rules]] below
 * disabledRules = ["aws-account-id"]   # turn rules off by id
 * enabledRules = ["aws-iam-unique-id"] # turn rules that are off by default on
 *
 * [[rules]]                            # same fields as rules/aws.toml (gitleaks' names)
 * id = "acme-token"
 * regex = '''acme_[a-z0-9]{32}'''
 *
 * [allowlist]                          # gitleaks' global allowlist; also [[allowlists]] with targetRules
 * paths = ['''(^|/)testdata/''']       # RE2 regexes on the path
 * globs = ["**&#47;*.lock", "vendor/"]  # path globs (keyward's own key)
 * regexes = ['''^AKIA.*TEST''']        # on the secret (regexTarget = "match" or "line" for others)
 * stopwords = ["dummy"]
 * commits = ["9f1c2d3e4b5a"]           # history blobs first introduced by these commits
 * </pre>
 *
 * <p>Rules: a config without {@code [[rules]]} keeps the built-in rules. A config with its own {@code [[rules]]}
 * replaces them, as in gitleaks, unless {@code [extend] useDefault = true}; when it says neither way, a warning
 * says the built-in rules are off. A config rule with the id of a built-in rule replaces that rule.
 *
 * <p>Paths: allowlist paths and globs are matched against the path relative to the folder holding the config file
 * (for files under it) and against the path as reported ({@code ./} removed); either matching is enough. History
 * and staged paths are relative to the repository already.
 *
 * <p>Parsing returns a config or throws a {@link RuleException} naming the file, the rule and the field. Keys
 * keyward does not support are listed in {@link #warnings()}, never dropped silently.
 */
public final class Config {

    /** The file name found automatically at the scanned folder or the repository root. */
    public static final String FILE_NAME = ".keyward.toml";

    private static final Set<String> TOP_KEYS = Set.of("title", "description", "extend", "rules", "allowlist",
            "allowlists");
    private static final Set<String> EXTEND_KEYS = Set.of("useDefault", "disabledRules", "enabledRules");
    private static final Set<String> ALLOWLIST_KEYS = Set.of("description", "paths", "globs", "regexes",
            "regexTarget", "stopwords", "commits", "condition", "targetRules");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,64}");

    private final String origin;
    private final Path base;
    private final RuleSet rules;
    private final boolean hasRules;
    private final boolean useDefault;
    private final Set<String> disabledRules;
    private final Set<String> enabledRules;
    private final List<Allowlist> allowlists;
    private final List<String> warnings;

    private Config(String origin, Path base, List<Rule> rules, boolean hasRules, boolean useDefault,
                   Set<String> disabled, Set<String> enabled, List<Allowlist> allowlists, List<String> warnings) {
        this.origin = origin;
        this.base = base;
        this.rules = RuleSet.of(rules);
        this.hasRules = hasRules;
        this.useDefault = useDefault;
        this.disabledRules = Set.copyOf(disabled);
        this.enabledRules = Set.copyOf(enabled);
        this.allowlists = List.copyOf(allowlists);
        this.warnings = List.copyOf(warnings);
    }

    /** A config that changes nothing. */
    public static Config empty() {
        return new Config("no config", null, List.of(), false, true, Set.of(), Set.of(), List.of(), List.of());
    }

    /**
     * Reads a config file. Allowlist paths are matched relative to the folder holding it.
     *
     * @throws RuleException naming the file (and rule and field) when it cannot be read or used
     */
    public static Config load(Path file) {
        Objects.requireNonNull(file, "file");
        String origin = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RuleException(origin, null, null, "no such file");
        } catch (IOException e) {
            throw new RuleException(origin, null, null, "cannot read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RuleException(origin, null, null, "not valid UTF-8 text");
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return parse(text, origin, dir);
    }

    /**
     * Parses a config document.
     *
     * @param toml   the document
     * @param origin the file name to put in messages
     * @param base   the folder allowlist paths are relative to, or null
     * @throws RuleException naming the origin, rule and field of the first problem
     */
    public static Config parse(String toml, String origin, Path base) {
        Objects.requireNonNull(toml, "toml");
        Objects.requireNonNull(origin, "origin");
        JsonNode root = RuleSet.readToml(toml, origin);
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
            disabled.addAll(RuleSet.strings(extend, "disabledRules", origin, null));
            enabled.addAll(RuleSet.strings(extend, "enabledRules", origin, null));
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
                JsonNode one = copy.remove("allowlist");
                if (one != null && !one.isNull()) {
                    Allowlist al = allowlist(one, origin, id, "allowlist", false, warnings);
                    allowlists.add(targeting(al, id));
                }
                JsonNode many = copy.remove("allowlists");
                if (many != null && !many.isNull()) {
                    if (!many.isArray()) {
                        throw new RuleException(origin, id, "allowlists", "must be an array of tables"
                                + " ([[rules.allowlists]])");
                    }
                    int k = 0;
                    for (JsonNode a : many) {
                        k++;
                        allowlists.add(targeting(allowlist(a, origin, id, "allowlists[" + k + "]", false, warnings),
                                id));
                    }
                }
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
            rules.addAll(RuleSet.parseRules(kept, origin, warnings));
            if (!saidUseDefault) {
                warnings.add(origin + ": has its own [[rules]] and no '[extend] useDefault': the built-in AWS rules"
                        + " are off (add '[extend] useDefault = true' to keep them, or 'useDefault = false' to"
                        + " silence this)");
            }
        }
        // [allowlist] and [[allowlists]]
        JsonNode single = root.get("allowlist");
        if (single != null && !single.isNull()) {
            allowlists.add(allowlist(single, origin, null, "allowlist", true, warnings));
        }
        JsonNode many = root.get("allowlists");
        if (many != null && !many.isNull()) {
            if (!many.isArray()) {
                throw new RuleException(origin, null, "allowlists", "must be an array of tables ([[allowlists]])");
            }
            int k = 0;
            for (JsonNode a : many) {
                k++;
                allowlists.add(allowlist(a, origin, null, "allowlists[" + k + "]", true, warnings));
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
        return new Config(origin, base, rules, hasRules, useDefault, disabled, enabled, allowlists, warnings);
    }

    private static Allowlist allowlist(JsonNode node, String origin, String ruleId, String field, boolean topLevel,
                                       List<String> warnings) {
        if (!node.isObject()) {
            throw new RuleException(origin, ruleId, field, "must be a table");
        }
        String where = origin + (ruleId == null ? "" : ": rule '" + ruleId + "'");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!ALLOWLIST_KEYS.contains(key) || (key.equals("targetRules") && !topLevel)) {
                warnings.add(where + ": key '" + field + "." + key + "' is not supported and was ignored");
            }
        }
        String description = text(node, "description", origin, ruleId, field, "");
        List<String> paths = RuleSet.strings(node, "paths", origin, ruleId);
        for (String p : paths) {
            RuleSet.compile(p, origin, ruleId, field + ".paths");
        }
        List<String> globs = RuleSet.strings(node, "globs", origin, ruleId);
        for (String g : globs) {
            try {
                Globs.compile(g);
            } catch (IllegalArgumentException e) {
                throw new RuleException(origin, ruleId, field + ".globs", "invalid glob '" + g + "': "
                        + e.getMessage());
            }
        }
        List<String> regexes = RuleSet.strings(node, "regexes", origin, ruleId);
        for (String r : regexes) {
            RuleSet.compile(r, origin, ruleId, field + ".regexes");
        }
        String target = text(node, "regexTarget", origin, ruleId, field, "secret");
        if (!Allowlist.TARGETS.contains(target)) {
            throw new RuleException(origin, ruleId, field + ".regexTarget", "must be secret, match or line");
        }
        List<String> stopwords = RuleSet.strings(node, "stopwords", origin, ruleId);
        List<String> commits = RuleSet.strings(node, "commits", origin, ruleId);
        for (String c : commits) {
            if (!COMMIT.matcher(c).matches()) {
                throw new RuleException(origin, ruleId, field + ".commits",
                        "'" + c + "' is not a commit id (7 to 64 hex digits)");
            }
        }
        String condition = text(node, "condition", origin, ruleId, field, "OR").toUpperCase(Locale.ROOT);
        if (!condition.equals("OR") && !condition.equals("AND")) {
            throw new RuleException(origin, ruleId, field + ".condition", "must be OR or AND");
        }
        List<String> targets = topLevel ? RuleSet.strings(node, "targetRules", origin, ruleId) : List.of();
        Allowlist a = new Allowlist(description, paths, globs, regexes, target, stopwords, commits,
                condition.equals("AND"), targets);
        if (a.isEmpty()) {
            warnings.add(where + ": '" + field + "' has no paths, globs, regexes, stopwords or commits; it allows"
                    + " nothing");
        }
        return a;
    }

    private static Allowlist targeting(Allowlist a, String ruleId) {
        return new Allowlist(a.description(), a.paths(), a.globs(), a.regexes(), a.regexTarget(), a.stopwords(),
                a.commits(), a.matchAll(), List.of(ruleId));
    }

    private static String text(JsonNode node, String key, String origin, String ruleId, String field, String dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw new RuleException(origin, ruleId, field + "." + key, "must be a string");
        }
        return v.asText();
    }

    /**
     * The config file that applies to a scan of {@code scanned}: {@value #FILE_NAME} in the scanned folder (the
     * folder of a scanned file), else in the root of the Git repository holding it.
     */
    public static Optional<Path> find(Path scanned) {
        Path p = scanned.toAbsolutePath().normalize();
        Path dir = Files.isDirectory(p) ? p : p.getParent();
        if (dir == null) {
            return Optional.empty();
        }
        Path here = dir.resolve(FILE_NAME);
        if (Files.isRegularFile(here)) {
            return Optional.of(here);
        }
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                Path atRoot = d.resolve(FILE_NAME);
                return Files.isRegularFile(atRoot) ? Optional.of(atRoot) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The rules in force when this config is applied over {@code base} (normally {@link RuleSet#defaults()}). */
    public RuleSet rulesOver(RuleSet baseRules) {
        if (!hasRules) {
            return baseRules;
        }
        return useDefault ? baseRules.plus(rules) : rules;
    }

    /** Where it came from (the file name), for messages. */
    public String origin() {
        return origin;
    }

    /** The folder allowlist paths are relative to, or null. */
    public Optional<Path> base() {
        return Optional.ofNullable(base);
    }

    /** The config's own rules ({@code [[rules]]}), in file order. */
    public RuleSet rules() {
        return rules;
    }

    /** Whether the config has {@code [[rules]]} (which then replace the built-in rules unless useDefault). */
    public boolean hasRules() {
        return hasRules;
    }

    /** {@code [extend] useDefault}. */
    public boolean useDefault() {
        return useDefault;
    }

    /** Rule ids turned off ({@code [extend] disabledRules}). */
    public Set<String> disabledRules() {
        return disabledRules;
    }

    /** Rule ids turned on ({@code [extend] enabledRules}). */
    public Set<String> enabledRules() {
        return enabledRules;
    }

    /** The allowlists: {@code [allowlist]}, {@code [[allowlists]]} and each rule's {@code [[rules.allowlists]]}. */
    public List<Allowlist> allowlists() {
        return allowlists;
    }

    /** Keys that were present but not supported, and other things worth telling the user, one message each. */
    public List<String> warnings() {
        return warnings;
    }
}
