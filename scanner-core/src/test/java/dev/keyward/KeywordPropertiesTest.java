package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleSet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The built-in rules' keywords only decide where a regex runs, never what it finds: every match of a rule's regex
 * holds one of its keywords. Held against the same rules without keywords, whose regexes run on every line.
 */
class KeywordPropertiesTest {

    private static final Scanner BUILT_IN = Scanner.builder().build();
    private static final Scanner EVERY_LINE = Scanner.builder().rules(RuleSet.of(RuleSet.defaults().rules().stream()
            .map(KeywordPropertiesTest::withoutKeywords).toList())).build();

    private static Rule withoutKeywords(Rule r) {
        return new Rule(r.id(), r.description(), r.kind(), r.severity(), r.enabled(), r.regex(), r.secretGroup(),
                List.of(), r.entropy(), r.validate(), r.pairing(), r.allowlists(), r.examples(),
                r.negativeExamples());
    }

    @Property(tries = 1000)
    void keywordsChangeNoFinding(@ForAll("keyNames") String text) {
        assertThat(found(BUILT_IN, text)).isEqualTo(found(EVERY_LINE, text));
    }

    @Property(tries = 50)
    void theGeneratedTextFindsSomething(@ForAll("namedSecret") String text) {
        // Keeps the generator honest: a regex that never matched would make the property above hold trivially.
        assertThat(found(BUILT_IN, text)).isNotEmpty();
    }

    private static List<String> found(Scanner s, String text) {
        return s.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t").findings().stream()
                .map(f -> f.ruleId() + " " + f.location().offset() + " " + f.secret() + " " + f.severity()).toList();
    }

    /** Lines of key names as the rules' regexes spell them, in any case, joined by any separator, with values. */
    @Provide
    Arbitrary<String> keyNames() {
        Arbitrary<String> word = Arbitraries.of("aws", "AWS", "Aws", "secret", "Secret", "SECRET", "access", "Access",
                "key", "Key", "KEY", "id", "Id", "session", "security", "token", "Token", "account", "x-amz-", "amz");
        Arbitrary<String> sep = Arbitraries.of("", "", "_", "-", ".", " ", "__");
        Arbitrary<String> assign = Arbitraries.of(" = ", "=", ": ", " => ", ":=", "%3D", ", ", ">", "\" : \"", "='",
                "\\\": \\\"", " ");
        Arbitrary<String> value = Arbitraries.longs().map(KeywordPropertiesTest::value);
        Arbitrary<String> part = Combinators.combine(word, word, Arbitraries.of(false, true), sep)
                .as((w1, w2, two, s) -> (two ? w1 + w2 : w1) + s);
        Arbitrary<String> loose = part.list().ofMinSize(1).ofMaxSize(4).map(ps -> String.join("", ps));
        // The shapes the regexes name, each word optional, in random case, with random separators.
        Arbitrary<String> shaped = Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            StringBuilder b = new StringBuilder();
            for (String w : List.of("aws", r.nextBoolean() ? "secret" : r.nextBoolean() ? "session" : "security",
                    r.nextBoolean() ? "access" : "token", "key", "id")) {
                if (r.nextInt(3) > 0) {
                    b.append(r.nextBoolean() ? w : r.nextBoolean() ? w.toUpperCase() : w.substring(0, 1)
                            .toUpperCase() + w.substring(1)).append(List.of("", "_", "-", ".").get(r.nextInt(4)));
                }
            }
            return b.toString();
        });
        Arbitrary<String> name = Arbitraries.oneOf(loose, shaped, shaped);
        Arbitrary<String> line = Combinators.combine(Arbitraries.of("", "  ", "export ", "\"", "<"),
                name, assign, value).as((a, n, s, v) -> a + n + s + v);
        return line.list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("\n", l) + "\n");
    }

    @Provide
    Arbitrary<String> namedSecret() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            String name = List.of("aws_secret_access_key", "AWS.SECRET", "SecretAccessKey", "aws-secret-key")
                    .get(r.nextInt(4));
            return name + " = " + TestKeys.secret(r) + "\n";
        });
    }

    private static String value(long seed) {
        Random r = new Random(seed);
        return switch (r.nextInt(7)) {
            case 0 -> TestKeys.secret(r);
            case 1 -> TestKeys.secret(r).replace("/", "%2F").replace("+", "%2B");
            case 2 -> TestKeys.sessionToken(r, 120 + r.nextInt(200));
            case 3 -> TestKeys.base64Chars(r, 16 + r.nextInt(40)).replace("/", "").replace("+", "");
            case 4 -> TestKeys.keyId(r, "AKIA");
            case 5 -> String.valueOf(100000000000L + (long) (r.nextDouble() * 8e11));
            default -> TestKeys.base64Chars(r, 30 + r.nextInt(20));
        };
    }
}
