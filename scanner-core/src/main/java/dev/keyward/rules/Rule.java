package dev.keyward.rules;

import dev.keyward.finding.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One detection rule, as written in a rule file. Field names follow gitleaks' {@code [[rules]]} where they mean
 * the same thing; {@code kind}, {@code severity}, {@code enabled}, {@code validate}, {@code pairing},
 * {@code examples} and {@code negativeExamples} are keyward's own. Immutable.
 *
 * @param id               unique id, such as {@code aws-access-key-id}
 * @param description      one line for people
 * @param kind             what a match is, such as {@code aws-secret-access-key}
 * @param severity         severity of a match on its own
 * @param enabled          whether the rule runs unless enabled or disabled by name
 * @param regex            RE2 syntax; may be empty for a rule that finds only through {@code pairing}
 * @param secretGroup      capture group holding the secret; 0 means group 1 if the regex has groups, else the
 *                         whole match
 * @param keywords         literals (matched without regard to case) of which one must occur for the regex to run;
 *                         empty means the regex runs on every line
 * @param entropy          minimum Shannon entropy (bits per character) of the secret, 0 for none
 * @param validate         built-in check applied to each match: {@code aws-key-id}, {@code aws-secret-key},
 *                         {@code aws-session-token}, {@code aws-account-id}, {@code whole-token} (the value
 *                         is not part of a longer token and is not a placeholder), {@code look-alike-key-id}
 *                         (as {@code whole-token}, and the value is another service's access key ID: a secret key
 *                         paired with it is reported as this rule's kind and severity) or {@code none}
 * @param pairing          how this rule also finds values beside a key ID, or null
 * @param allowlists       this rule's own allowlists ({@code [rules.allowlist]}, {@code [[rules.allowlists]]}),
 *                         each targeting this rule
 * @param examples         text in which the rule must find something
 * @param negativeExamples text in which the rule must find nothing
 */
public record Rule(String id, String description, String kind, Severity severity, boolean enabled, String regex,
                   int secretGroup, List<String> keywords, double entropy, String validate, Pairing pairing,
                   List<Allowlist> allowlists, List<String> examples, List<String> negativeExamples) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(regex, "regex");
        Objects.requireNonNull(validate, "validate");
        keywords = List.copyOf(keywords);
        allowlists = List.copyOf(allowlists);
        for (Allowlist a : allowlists) {
            if (!a.targetRules().equals(List.of(id))) {
                throw new IllegalArgumentException("a rule's allowlist must target that rule only");
            }
        }
        examples = List.copyOf(examples);
        negativeExamples = List.copyOf(negativeExamples);
        if (secretGroup < 0) {
            throw new IllegalArgumentException("secretGroup < 0");
        }
    }

    /** A copy that is on or off. */
    public Rule withEnabled(boolean on) {
        return new Rule(id, description, kind, severity, on, regex, secretGroup, keywords, entropy, validate,
                pairing, allowlists, examples, negativeExamples);
    }

    /**
     * Finding values near a key-ID-shaped word: where {@code near} matches (at one of {@code nearKeywords}), the
     * {@code lines} lines before and after are searched with {@code regex}.
     */
    public record Pairing(String near, List<String> nearKeywords, int lines, String regex) {
        public Pairing {
            Objects.requireNonNull(near, "near");
            Objects.requireNonNull(regex, "regex");
            nearKeywords = List.copyOf(nearKeywords);
            if (lines < 0 || lines > 50) {
                throw new IllegalArgumentException("pairing.lines must be 0..50");
            }
        }
    }
}
