package dev.keyward.rules;

import com.fasterxml.jackson.databind.JsonNode;
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
            Set.of("none", "aws-key-id", "aws-secret-key", "aws-session-token", "aws-account-id", "whole-token",
                    "look-alike-key-id");

    private static final String DEFAULT_RESOURCE = "/dev/keyward/rules/aws.toml";

    private static volatile RuleSet defaults;

    private final List<Rule> rules;
    private final List<String> warnings;

    private RuleSet(List<Rule> rules, List<String> warnings) {
        this.rules = List.copyOf(rules);
        this.warnings = List.copyOf(warnings);
    }

    /** A rule set of exactly these rules. Ids must be unique. */
    public static RuleSet of(List<Rule> rules) {
        RuleParser.checkUnique(rules, "rules");
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
        JsonNode root = Toml.read(toml, origin);
        List<String> warnings = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("rules") && !key.equals("title")) {
                warnings.add(origin + ": key '" + key + "' is not a rule key and was ignored");
            }
        }
        List<Rule> rules = RuleParser.parseRules(root.get("rules"), origin, warnings);
        return new RuleSet(rules, warnings);
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
