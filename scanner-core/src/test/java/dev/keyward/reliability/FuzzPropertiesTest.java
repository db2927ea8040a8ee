package dev.keyward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Scanner;
import dev.keyward.finding.ScanResult;
import dev.keyward.rules.RuleException;
import dev.keyward.rules.RuleSet;
import dev.keyward.suppress.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.io.file.PathUtils;

/**
 * Arbitrary bytes, rule files and config files: the result is findings or a clear error (a {@link RuleException}
 * naming the file), never another exception. The generators build TOML from the real keys, tables and value
 * shapes, so most tries get past the TOML parser and reach the rule and config checks.
 */
class FuzzPropertiesTest {

    static final String ORIGIN = "fuzz.toml";
    static Path dir;
    static final Scanner DEFAULT = Scanner.builder().build();

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("keyward-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        PathUtils.deleteDirectory(dir);
    }

    // ---- bytes -----------------------------------------------------------------------------------------------

    @Property(tries = 200)
    void arbitraryFileContentGivesFindingsOrASkipNeverAnError(@ForAll("content") byte[] content) throws IOException {
        Path file = dir.resolve("f.bin");
        Files.write(file, content);
        ScanResult r = DEFAULT.scan(file);
        assertThat(r.errors()).isEmpty();
        assertThat(r.stats().items() + r.skipped().size()).isEqualTo(1);
    }

    @Provide
    Arbitrary<byte[]> content() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        Arbitrary<byte[]> texty = Arbitraries.strings()
                .withChars("AKIASaws_ecrtky=:\"'\n\r\t /+%2F\\u0000\uFEFF\uD800\u00e9")
                .ofMaxLength(2000).map(s -> s.getBytes(StandardCharsets.UTF_16LE));
        Arbitrary<byte[]> mixed = Combinators.combine(random, Arbitraries.strings().ofMaxLength(500))
                .as((b, s) -> {
                    byte[] t = s.getBytes(StandardCharsets.UTF_8);
                    byte[] out = new byte[b.length + t.length];
                    System.arraycopy(t, 0, out, 0, t.length);
                    System.arraycopy(b, 0, out, t.length, b.length);
                    return out;
                });
        return Arbitraries.oneOf(random, texty, mixed);
    }

    // ---- rule files ------------------------------------------------------------------------------------------

    @Property(tries = 400)
    void arbitraryRuleFilesGiveRulesOrAClearError(@ForAll("ruleFiles") String toml) {
        RuleSet rules;
        try {
            rules = RuleSet.parse(toml, ORIGIN);
        } catch (RuleException e) {
            assertClear(e);
            return;
        }
        Scanner scanner;
        try {
            scanner = Scanner.builder().rules(rules).build();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
            return;
        }
        scanner.scan(SAMPLE, "sample.txt");
    }

    @Property(tries = 400)
    void arbitraryConfigFilesGiveAConfigOrAClearError(@ForAll("configFiles") String toml) throws IOException {
        Path file = dir.resolve(".keyward.toml");
        Files.writeString(file, toml);
        Config config;
        try {
            config = Config.load(file);
        } catch (RuleException e) {
            assertThat(e.getMessage()).startsWith(file.toString());
            assertThat(e.getMessage()).doesNotContain("\n\tat ");
            return;
        }
        Scanner scanner;
        try {
            scanner = Scanner.builder().config(config).build();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
            return;
        }
        scanner.scan(SAMPLE, "sample.txt");
        scanner.scan(dir);
    }

    @Property(tries = 200)
    void arbitraryTextAsARuleFileIsAClearError(@ForAll String text) {
        try {
            RuleSet.parse(text, ORIGIN);
        } catch (RuleException e) {
            assertClear(e);
        }
    }

    static void assertClear(RuleException e) {
        assertThat(e.getMessage()).startsWith(ORIGIN + ": ");
        assertThat(e.origin()).isEqualTo(ORIGIN);
    }

    static final byte[] SAMPLE = ("aws_access_key_id = AKIAYVP4CIPPERUVIFXG\nacme_token = abc123\n"
            + "secret = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'\n").getBytes(StandardCharsets.UTF_8);

    @Provide
    Arbitrary<String> ruleFiles() {
        return rule().list().ofMaxSize(3).map(rs -> String.join("\n", rs));
    }

    @Provide
    Arbitrary<String> configFiles() {
        Arbitrary<String> extend = Combinators.combine(value(), value(), value()).as((a, b, c) ->
                "[extend]\nuseDefault = " + a + "\ndisabledRules = " + b + "\nenabledRules = " + c + "\n");
        Arbitrary<String> allowlist = allowlistBody().map(b -> "[allowlist]\n" + b);
        Arbitrary<String> allowlists = allowlistBody().list().ofMaxSize(2)
                .map(l -> l.stream().map(b -> "[[allowlists]]\n" + b).reduce("", String::concat));
        Arbitrary<String> part = Arbitraries.oneOf(extend, allowlist, allowlists, rule(),
                Arbitraries.of("title = 'x'\n", "unknown = 1\n", "[other]\na = 1\n", "rules = 3\n",
                        "allowlist = 'x'\n", "extend = []\n"));
        return part.list().ofMaxSize(4).map(parts -> String.join("\n", parts));
    }

    Arbitrary<String> rule() {
        Arbitrary<String> field = Combinators.combine(Arbitraries.of(RULE_KEYS), value())
                .as((k, v) -> k + " = " + v + "\n");
        Arbitrary<String> table = Combinators.combine(Arbitraries.of("allowlist", "pairing"),
                        allowlistBody().injectDuplicates(0.1))
                .as((t, body) -> "[rules." + t + "]\n" + body);
        return Combinators.combine(field.list().ofMaxSize(8), table.list().ofMaxSize(2), Arbitraries.of(true, false))
                .as((fields, tables, withId) -> "[[rules]]\n" + (withId ? "id = \"r\"\n" : "")
                        + String.join("", fields) + String.join("", tables));
    }

    Arbitrary<String> allowlistBody() {
        return Combinators.combine(Arbitraries.of(ALLOWLIST_KEYS), value()).as((k, v) -> k + " = " + v + "\n")
                .list().ofMaxSize(5).map(l -> String.join("", l));
    }

    static final List<String> RULE_KEYS = List.of("id", "description", "regex", "secretGroup", "keywords",
            "entropy", "kind", "severity", "enabled", "validate", "examples", "negativeExamples", "path", "tags",
            "near", "nearKeywords", "lines");
    static final List<String> ALLOWLIST_KEYS = List.of("regexes", "regexTarget", "stopwords", "paths", "globs",
            "commits", "condition", "targetRules", "description", "near", "nearKeywords", "lines", "regex");

    /** A TOML value of any shape, biased to the strings rules and configs hold. */
    Arbitrary<String> value() {
        Arbitrary<String> regex = Arbitraries.of("'''AKIA[A-Z2-7]{16}'''", "'''(a+)+$'''", "'''['''", "'''(?P<x>a)'''",
                "'''\\bacme_[a-z0-9]{6}\\b'''", "''''''", "'''(a)\\1'''", "'''.*'''", "'''(?i)secret'''",
                "'''\\p{Greek}+'''", "'''x{1001}'''", "'''((((((((((a))))))))))'''");
        Arbitrary<String> str = Arbitraries.strings().ofMaxLength(12)
                .map(s -> '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"');
        Arbitrary<String> word = Arbitraries.of("\"secret\"", "\"match\"", "\"line\"", "\"high\"", "\"critical\"",
                "\"low\"", "\"aws-key-id\"", "\"none\"", "\"OR\"", "\"AND\"", "\"aws-access-key-id\"", "\"r\"",
                "\"**/*.lock\"", "\"[\"", "\"9f1c2d3e4b5a\"", "\"zz\"");
        Arbitrary<String> number = Arbitraries.of("0", "1", "-1", "3", "50", "51", "8.5", "-0.1", "1e9",
                "99999999999999999999", "nan", "inf");
        Arbitrary<String> bool = Arbitraries.of("true", "false");
        Arbitrary<String> scalar = Arbitraries.oneOf(regex, str, word, number, bool);
        Arbitrary<String> array = scalar.list().ofMaxSize(3).map(l -> "[" + String.join(", ", l) + "]");
        Arbitrary<String> inline = Combinators.combine(Arbitraries.of(ALLOWLIST_KEYS), scalar)
                .as((k, v) -> "{ " + k + " = " + v + " }");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(3, array),
                net.jqwik.api.Tuple.of(1, inline), net.jqwik.api.Tuple.of(1, Arbitraries.of("1979-05-27", "[[]]")));
    }
}
