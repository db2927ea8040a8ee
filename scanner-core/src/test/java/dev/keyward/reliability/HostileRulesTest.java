package dev.keyward.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.keyward.Scanner;
import dev.keyward.finding.ScanResult;
import dev.keyward.rules.RuleException;
import dev.keyward.rules.RuleSet;
import dev.keyward.suppress.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** User rules and configs cannot hang the scanner, and a broken one is one message naming file, rule and field. */
class HostileRulesTest {

    @TempDir
    Path dir;

    /**
     * Patterns that take exponential time in java.util.regex on a near-miss input (2^n paths for n characters).
     * RE2/J runs them in time linear in the input. The timeout only turns a hang into a failure: java.util.regex
     * would need years for these inputs, RE2/J needs milliseconds.
     */
    static Stream<Arguments> redos() {
        return Stream.of(Arguments.of("(a+)+$", "a"), Arguments.of("(a|aa)+$", "a"), Arguments.of("(a|a?)+$", "a"),
                Arguments.of("(\\w+\\s?)+$", "word "), Arguments.of("^(([a-z])+.)+[A-Z]([a-z])+$", "abcdefghij"));
    }

    @ParameterizedTest
    @MethodSource("redos")
    void catastrophicBacktrackingPatternsRunInLinearTime(String regex, String unit) {
        String toml = "[[rules]]\nid = \"redos\"\nregex = '''" + regex + "'''\n";
        Scanner scanner = Scanner.builder().rules(RuleSet.parse(toml, "redos.toml")).build();
        // Runs of 50 000 near-matches, each line ending in a character that makes the match fail.
        String line = unit.repeat(50_000 / unit.length()) + "!\n";
        byte[] input = line.repeat(4).getBytes(StandardCharsets.US_ASCII);
        ScanResult r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> scanner.scan(input, "evil.txt"));
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void aBackreferenceIsRefusedByNameNotRunSlowly() {
        String toml = "[[rules]]\nid = \"backref\"\nregex = '''(a+)\\1'''\n";
        assertThatThrownBy(() -> RuleSet.parse(toml, "mine.toml")).isInstanceOf(RuleException.class)
                .hasMessageStartingWith("mine.toml: rule 'backref': field 'regex': invalid RE2 regex");
    }

    static Stream<Arguments> brokenRules() {
        String head = "id = 'x'\nregex = 'a'\n";
        return Stream.of(
                Arguments.of("id = 'x'\nregex = '''(unclosed'''", "x", "regex"),
                Arguments.of(head + "severity = 'dire'", "x", "severity"),
                Arguments.of(head + "entropy = 'high'", "x", "entropy"),
                Arguments.of(head + "secretGroup = -1", "x", "secretGroup"),
                Arguments.of(head + "keywords = [1, 2]", "x", "keywords"),
                Arguments.of(head + "validate = 'magic'", "x", "validate"),
                Arguments.of(head + "enabled = 'yes'", "x", "enabled"),
                Arguments.of(head + "[rules.allowlist]\nregexes = ['''[''']", "x", "allowlist.regexes"),
                Arguments.of(head + "[rules.allowlist]\nregexTarget = 'file'", "x", "allowlist.regexTarget"),
                Arguments.of("id = 'x'", "x", "regex"));
    }

    @ParameterizedTest
    @MethodSource("brokenRules")
    void aBrokenRuleIsOneMessageNamingFileRuleAndField(String body, String id, String field) throws Exception {
        String toml = "[[rules]]\n" + body + "\n";
        Path file = dir.resolve("broken.toml");
        Files.writeString(file, toml);
        assertThatThrownBy(() -> RuleSet.parse(toml, file.toString())).isInstanceOf(RuleException.class)
                .satisfies(e -> {
                    RuleException re = (RuleException) e;
                    assertThat(re.origin()).isEqualTo(file.toString());
                    assertThat(re.ruleId()).isEqualTo(id);
                    assertThat(re.field()).isEqualTo(field);
                    assertThat(re.getMessage()).startsWith(file + ": rule '" + id + "': field '" + field + "': ")
                            .doesNotContain("\n").doesNotContain("Exception");
                });
        // The same rule in a config file: the same message.
        assertThatThrownBy(() -> Config.load(file)).isInstanceOf(RuleException.class)
                .hasMessageStartingWith(file + ": rule '" + id + "': field '" + field + "': ");
    }

    @Test
    void invalidTomlNamesTheFileAndLine() throws Exception {
        Path file = dir.resolve(".keyward.toml");
        Files.writeString(file, "[allowlist]\npaths = ['a',\nstopwords = = 3\n");
        assertThatThrownBy(() -> Config.load(file)).isInstanceOf(RuleException.class)
                .hasMessageStartingWith(file + ": not valid TOML").hasMessageContaining("line ");
    }

    @Test
    void aConfigThatIsNotUtf8IsAClearError() throws Exception {
        Path file = dir.resolve(".keyward.toml");
        Files.write(file, new byte[] {'t', 'i', 't', 'l', 'e', '=', '"', (byte) 0xFF, '"', '\n'});
        assertThatThrownBy(() -> Config.load(file)).isInstanceOf(RuleException.class)
                .hasMessage(file + ": not valid UTF-8 text");
    }
}
