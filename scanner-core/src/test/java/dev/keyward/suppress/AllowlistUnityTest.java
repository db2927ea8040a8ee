package dev.keyward.suppress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ScanCollector;
import dev.keyward.Scanner;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.rules.Allowlist;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleSet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule's own allowlist is an allowlist that targets the rule: the same criteria written as a rule file's
 * {@code [rules.allowlist]}, a config rule's {@code [rules.allowlist]} and a config's {@code [[allowlists]]} with
 * {@code targetRules} allow exactly the same findings, and the ones each criterion says.
 */
class AllowlistUnityTest {

    private static final String RULE = """
            [[rules]]
            id = "acme-token"
            regex = '''(?:token=|key:)(acme_[a-zA-Z0-9]{12})'''
            keywords = ["acme_"]
            """;
    private static final String COMMIT = "9f1c2d3e4b5a".repeat(3) + "abcd";

    /** A place to scan: a path (a history blob of {@link #COMMIT} when {@code inCommit}) and one line. */
    record Input(String path, boolean inCommit, String line) {
        Provenance provenance() {
            return inCommit ? new Provenance.GitBlob("b".repeat(40), COMMIT, path, "A", "a@example.com",
                    Instant.parse("2024-01-01T00:00:00Z"), 0) : new Provenance.Stream(path);
        }

        @Override
        public String toString() {
            return path + (inCommit ? "@commit" : "") + ": " + line;
        }
    }

    private static Input in(String path, String line) {
        return new Input(path, false, line);
    }

    static Stream<Arguments> criteria() {
        return Stream.of(
                Arguments.of("stopwords = [\"dummy\"]", Map.of(
                        in("a.txt", "token=acme_xxDUMMYxxxxx"), false,
                        in("a.txt", "token=acme_abcdefghijkl"), true)),
                Arguments.of("regexTarget = \"match\"\nregexes = ['''^token=''']", Map.of(
                        in("a.txt", "token=acme_abcdefghijkl"), false,
                        in("a.txt", "key:acme_abcdefghijkl"), true)),
                // On the secret (the default target) the same regex matches nothing: the secret is group 1.
                Arguments.of("regexes = ['''^token=''']", Map.of(
                        in("a.txt", "token=acme_abcdefghijkl"), true,
                        in("a.txt", "key:acme_abcdefghijkl"), true)),
                Arguments.of("regexes = ['''^acme_abc''']", Map.of(
                        in("a.txt", "token=acme_abcdefghijkl"), false,
                        in("a.txt", "token=acme_zbcdefghijkl"), true)),
                Arguments.of("regexTarget = \"line\"\nregexes = ['''#\\s*fixture''']", Map.of(
                        in("a.txt", "key:acme_abcdefghijkl # fixture"), false,
                        in("a.txt", "key:acme_abcdefghijkl # real"), true)),
                Arguments.of("paths = ['''^tests/''']", Map.of(
                        in("tests/a.txt", "key:acme_abcdefghijkl"), false,
                        in("./tests/a.txt", "key:acme_abcdefghijkl"), false,
                        in("src/tests/a.txt", "key:acme_abcdefghijkl"), true)),
                Arguments.of("globs = [\"*.lock\", \"vendor/\"]", Map.of(
                        in("deep/down/x.lock", "key:acme_abcdefghijkl"), false,
                        in("vendor/lib/x.txt", "key:acme_abcdefghijkl"), false,
                        in("x.lock.txt", "key:acme_abcdefghijkl"), true)),
                Arguments.of("commits = [\"9F1C2D3E\"]", Map.of(
                        new Input("a.txt", true, "key:acme_abcdefghijkl"), false,
                        in("a.txt", "key:acme_abcdefghijkl"), true)),
                Arguments.of("condition = \"AND\"\npaths = ['''^tests/''']\nstopwords = [\"dummy\"]", Map.of(
                        in("tests/a.txt", "key:acme_xxdummyxxxxx"), false,
                        in("tests/a.txt", "key:acme_abcdefghijkl"), true,
                        in("src/a.txt", "key:acme_xxdummyxxxxx"), true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("criteria")
    void aRuleAllowlistAndAConfigAllowlistAllowTheSame(String criteria, Map<Input, Boolean> expected) {
        RuleSet ruleFile = RuleSet.parse(RULE + "[rules.allowlist]\n" + criteria + "\n", "rules.toml");
        Rule rule = ruleFile.rule("acme-token").orElseThrow();
        assertThat(rule.allowlists()).singleElement()
                .satisfies(a -> assertThat(a.targetRules()).containsExactly("acme-token"));
        Config ruleInConfig = Config.parse("[extend]\nuseDefault = false\n" + RULE + "[rules.allowlist]\n"
                + criteria + "\n", "rule.keyward.toml", null);
        Config topLevel = Config.parse("[extend]\nuseDefault = false\n" + RULE
                + "[[allowlists]]\ntargetRules = [\"acme-token\"]\n" + criteria + "\n", "top.keyward.toml", null);
        // One model: the rule file's allowlist is the same value as the config's, wherever it was written.
        Allowlist fromRule = rule.allowlists().get(0);
        assertThat(ruleInConfig.allowlists()).containsExactly(fromRule);
        assertThat(topLevel.allowlists()).containsExactly(fromRule);

        Map<String, Scanner> scanners = new LinkedHashMap<>();
        scanners.put("rule file", Scanner.builder().rules(ruleFile).build());
        scanners.put("config rule", Scanner.builder().config(ruleInConfig).build());
        scanners.put("config [[allowlists]]", Scanner.builder().config(topLevel).build());
        scanners.put("no allowlist", Scanner.builder().rules(RuleSet.parse(RULE, "bare.toml")).build());
        for (Map.Entry<Input, Boolean> e : expected.entrySet()) {
            Input input = e.getKey();
            for (Map.Entry<String, Scanner> s : scanners.entrySet()) {
                List<Finding> found = scan(s.getValue(), input);
                boolean reported = s.getKey().equals("no allowlist") || e.getValue();
                assertThat(found).as(s.getKey() + " on " + input).hasSize(reported ? 1 : 0);
                found.forEach(f -> assertThat(f.ruleId()).isEqualTo("acme-token"));
            }
        }
    }

    private static List<Finding> scan(Scanner scanner, Input input) {
        ScanCollector c = new ScanCollector();
        byte[] bytes = (input.line() + "\n").getBytes(StandardCharsets.UTF_8);
        scanner.scan(new ByteArrayInputStream(bytes), input.provenance(), c);
        return c.result().findings();
    }
}
