package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import dev.keyward.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gitleaks-style user rules: with keywords they run where a keyword is; without, on every line. */
class UserRulesTest {

    private static List<Finding> scan(String toml, String text, int chunk) {
        Scanner s = Scanner.builder().rules(RuleSet.parse(toml, "user.toml")).chunkSize(chunk).build();
        return s.scan(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t").findings();
    }

    private static final String KEYWORDLESS = """
            [[rules]]
            id = "ticket"
            description = "internal ticket token"
            regex = '''\\bTCK-([0-9]{6})\\b'''
            secretGroup = 1
            """;

    @Test
    void aKeywordlessRuleRunsOnEveryLineIncludingVeryLongOnes() {
        String longLine = "x".repeat(30_000) + " TCK-111111 " + "y".repeat(50_000) + " TCK-222222\n";
        String text = "first TCK-333333\n\nno ticket here\n" + longLine + "last: TCK-444444";
        for (int chunk : new int[] {1 << 20, 4096, 7}) {
            List<Finding> found = scan(KEYWORDLESS, text, chunk);
            assertThat(found).extracting(Finding::secret).containsExactly("333333", "111111", "222222", "444444");
            assertThat(found).extracting(f -> f.location().line()).containsExactly(1, 4, 4, 5);
            assertThat(found.get(2).location().column()).isEqualTo(30_000 + " TCK-111111 ".length() + 50_000 + " TCK-".length() + 1);
        }
    }

    @Test
    void aKeywordlessRuleFindsNothingWhereItsRegexDoesNotMatch() {
        assertThat(scan(KEYWORDLESS, "TCK-12 and XTCK-123456 and TCK-1234567\n", 1 << 20)).isEmpty();
    }

    @Test
    void aKeywordRuleRunsOnlyOnLinesWithItsKeyword() {
        String toml = """
                [[rules]]
                id = "acme"
                regex = '''acme_[a-z0-9]{12}'''
                keywords = ["ACME_"]
                """;
        List<Finding> found = scan(toml, "k = acme_abcdef123456\nk = acmx_abcdef123456\n", 1 << 20);
        assertThat(found).extracting(Finding::secret).containsExactly("acme_abcdef123456");
    }
}
