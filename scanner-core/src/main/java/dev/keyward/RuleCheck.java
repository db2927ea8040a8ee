package dev.keyward;

import dev.keyward.finding.Finding;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleSet;
import dev.keyward.suppress.Config;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Holds every rule of a rule set to its own examples: each example must give at least one finding of that rule,
 * each negative example none. Used by {@code keyward rules check} and by the test suite. Stateless.
 */
public final class RuleCheck {

    /** One example that did not behave as its rule says. */
    public record Failure(String ruleId, String example, boolean negative, String problem) {
    }

    private RuleCheck() {
    }

    /** Checks every rule (on or off) of {@code rules}; an empty list means all examples pass. */
    public static List<Failure> check(RuleSet rules) {
        List<Failure> failures = new ArrayList<>();
        for (Rule rule : rules.rules()) {
            Scanner scanner = Scanner.builder().rules(rules.withEnabled(Set.of(rule.id()), Set.of())).build();
            check(scanner, rule, failures);
        }
        return failures;
    }

    /**
     * Checks every rule of a config file's own {@code [[rules]]}, each with the config applied (its allowlists
     * too, so a negative example may rely on them); an empty list means all examples pass.
     */
    public static List<Failure> check(Config config) {
        List<Failure> failures = new ArrayList<>();
        for (Rule rule : config.rules().rules()) {
            Scanner scanner = Scanner.builder().config(config).enableRules(rule.id()).build();
            check(scanner, rule, failures);
        }
        return failures;
    }

    private static void check(Scanner scanner, Rule rule, List<Failure> failures) {
        if (rule.examples().isEmpty()) {
            failures.add(new Failure(rule.id(), "", false, "has no examples"));
        }
        for (String example : rule.examples()) {
            if (count(scanner, rule, example) == 0) {
                failures.add(new Failure(rule.id(), example, false, "example not found"));
            }
        }
        for (String example : rule.negativeExamples()) {
            long n = count(scanner, rule, example);
            if (n > 0) {
                failures.add(new Failure(rule.id(), example, true, "negative example found " + n + " time(s)"));
            }
        }
    }

    private static long count(Scanner scanner, Rule rule, String example) {
        List<Finding> found = scanner.scan(example.getBytes(StandardCharsets.UTF_8), "example").findings();
        return found.stream().filter(f -> f.ruleId().equals(rule.id())).count();
    }
}
