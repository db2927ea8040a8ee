package dev.keyward.internal.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.keyward.rules.Rule;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** A {@link Rule} with its regexes compiled once. Immutable and shared by every scan. */
final class CompiledRule {

    enum Check { NONE, KEY_ID, SECRET_KEY, SESSION_TOKEN, ACCOUNT_ID, WHOLE_TOKEN }

    final Rule rule;
    final int index;
    final Pattern pattern;
    final Pattern near;
    final Pattern pairRegex;
    /** The pairing regex written by hand, when it is one of the built-in shapes; else null. */
    final TokenRuns pairRuns;
    final Check check;
    final int pairLines;
    private final List<Pattern> allowRegexes;
    private final List<String> stopwords;
    private final List<Pattern> allowPaths;
    private final String allowTarget;

    CompiledRule(Rule rule, int index) {
        this.rule = rule;
        this.index = index;
        this.pattern = rule.regex().isEmpty() ? null : Pattern.compile(rule.regex());
        Rule.Pairing p = rule.pairing();
        this.near = p == null ? null : Pattern.compile(p.near());
        this.pairRegex = p == null ? null : Pattern.compile(p.regex());
        this.pairRuns = p == null ? null : TokenRuns.forRegex(p.regex());
        this.pairLines = p == null ? 5 : p.lines();
        this.check = switch (rule.validate()) {
            case "aws-key-id" -> Check.KEY_ID;
            case "aws-secret-key" -> Check.SECRET_KEY;
            case "aws-session-token" -> Check.SESSION_TOKEN;
            case "aws-account-id" -> Check.ACCOUNT_ID;
            case "whole-token" -> Check.WHOLE_TOKEN;
            default -> Check.NONE;
        };
        Rule.RuleAllowlist a = rule.allowlist();
        this.allowRegexes = a == null ? List.of() : a.regexes().stream().map(Pattern::compile).toList();
        this.stopwords = a == null ? List.of()
                : a.stopwords().stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
        this.allowPaths = a == null ? List.of() : a.paths().stream().map(Pattern::compile).toList();
        this.allowTarget = a == null ? "secret" : a.regexTarget();
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

    /** Whether the rule has an allowlist at all. */
    boolean hasAllowlist() {
        return !stopwords.isEmpty() || !allowRegexes.isEmpty() || !allowPaths.isEmpty();
    }

    /** Whether the rule's own allowlist drops this match. */
    boolean allowlisted(String secret, String match, Supplier<String> line, String path) {
        if (!stopwords.isEmpty()) {
            String lower = secret.toLowerCase(Locale.ROOT);
            for (String w : stopwords) {
                if (lower.contains(w)) {
                    return true;
                }
            }
        }
        if (!allowRegexes.isEmpty()) {
            String target = switch (allowTarget) {
                case "match" -> match;
                case "line" -> line.get();
                default -> secret;
            };
            for (Pattern p : allowRegexes) {
                if (p.matcher(target).find()) {
                    return true;
                }
            }
        }
        for (Pattern p : allowPaths) {
            if (p.matcher(path).find()) {
                return true;
            }
        }
        return false;
    }
}
