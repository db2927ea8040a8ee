package dev.keyward.internal.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.keyward.finding.Provenance;
import dev.keyward.rules.Allowlist;
import dev.keyward.rules.Rule;
import java.util.List;
import java.util.function.Supplier;

/** A {@link Rule} with its regexes compiled once. Immutable and shared by every scan. */
final class CompiledRule {

    /** {@code LOOK_ALIKE_KEY}: checked as {@code WHOLE_TOKEN}; pairs with a secret key like a key ID does. */
    enum Check { NONE, KEY_ID, SECRET_KEY, SESSION_TOKEN, ACCOUNT_ID, WHOLE_TOKEN, LOOK_ALIKE_KEY }

    final Rule rule;
    final int index;
    /** The number of the rule's kind among the engine's kinds: candidates are deduplicated by kind and offset. */
    final int kindId;
    final Pattern pattern;
    final Pattern near;
    /** The pairing's key-ID regex written by hand, when it is of {@link KeyIds}' form; else null. */
    final KeyIds nearIds;
    final Pattern pairRegex;
    /** The pairing regex written by hand, when it is one of the built-in shapes; else null. */
    final TokenRuns pairRuns;
    /** The main regex written by hand, when it is one of the built-in shapes; else null. */
    final Shape shape;
    /** Bytes every match of the main regex holds, when known; else null. */
    final byte[] required;
    final Check check;
    /**
     * The fewest and most bytes a value may have before its check would refuse it, whatever its escapes (decoding
     * only shortens a value, and no character or escape takes more than three bytes).
     */
    final int minValue;
    final int maxValue;
    final int pairLines;
    /** The rule's own allowlists, each targeting it. */
    private final List<Allowlist> allowlists;

    CompiledRule(Rule rule, int index, int kindId) {
        this.rule = rule;
        this.index = index;
        this.kindId = kindId;
        this.pattern = rule.regex().isEmpty() ? null : Pattern.compile(rule.regex());
        this.shape = Shape.forRegex(rule.regex());
        this.required = RequiredText.of(rule.regex());
        Rule.Pairing p = rule.pairing();
        this.near = p == null ? null : Pattern.compile(p.near());
        this.nearIds = p == null ? null : KeyIds.forRegex(p.near());
        this.pairRegex = p == null ? null : Pattern.compile(p.regex());
        this.pairRuns = p == null ? null : TokenRuns.forRegex(p.regex());
        this.pairLines = p == null ? 5 : p.lines();
        this.check = switch (rule.validate()) {
            case "aws-key-id" -> Check.KEY_ID;
            case "aws-secret-key" -> Check.SECRET_KEY;
            case "aws-session-token" -> Check.SESSION_TOKEN;
            case "aws-account-id" -> Check.ACCOUNT_ID;
            case "whole-token" -> Check.WHOLE_TOKEN;
            case "look-alike-key-id" -> Check.LOOK_ALIKE_KEY;
            default -> Check.NONE;
        };
        this.minValue = switch (check) {
            case SECRET_KEY -> 40;
            case SESSION_TOKEN -> Checks.SESSION_TOKEN_MIN;
            default -> 1;
        };
        this.maxValue = check == Check.SECRET_KEY ? 3 * 56 : Integer.MAX_VALUE;
        this.allowlists = rule.allowlists();
    }

    /** The group holding the secret in a match of the main regex. */
    int secretGroup(Matcher m) {
        if (rule.secretGroup() > 0) {
            return rule.secretGroup();
        }
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.start(g) >= 0) {
                return g;
            }
        }
        return 0;
    }

    /** The group holding the secret in a match by {@link #shape} in which group {@code matched} took part. */
    int secretGroup(int matched) {
        return rule.secretGroup() > 0 ? rule.secretGroup() : matched;
    }

    /** Whether the rule has an allowlist at all. */
    boolean hasAllowlist() {
        return !allowlists.isEmpty();
    }

    /** Whether one of the rule's own allowlists allows this match. */
    boolean allowlisted(String secret, String match, Supplier<String> line, Provenance provenance,
                        List<String> forms) {
        for (Allowlist a : allowlists) {
            if (a.allowsMatch(rule.id(), secret, match, line, provenance, forms)) {
                return true;
            }
        }
        return false;
    }
}
