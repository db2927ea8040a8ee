package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Scanner;
import dev.keyward.finding.Finding;
import dev.keyward.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark inputs are what their names say, and the baseline runs the same rules. */
class CorpusTest {

    private static final Scanner SCANNER = Scanner.builder().build();
    private static final int SIZE = 300_000;

    @Test
    void sameSeedSameBytesAndExactSize() {
        for (Corpus c : Corpus.values()) {
            byte[] a = c.generate(7, SIZE);
            assertThat(a).hasSize(SIZE).isEqualTo(c.generate(7, SIZE));
            assertThat(a[SIZE - 1]).isEqualTo((byte) '\n');
        }
    }

    @Test
    void cleanSourceHoldsNoKeywordAndNoFinding() {
        byte[] clean = Corpus.CLEAN.generate(42, SIZE);
        assertThat(Corpus.holdsKeyword(new String(clean, StandardCharsets.US_ASCII))).isFalse();
        assertThat(SCANNER.scan(clean, "clean").findings()).isEmpty();
        assertThat(new RegexBaseline(RuleSet.defaults()).scan(clean)).isZero();
    }

    @Test
    void realisticSourceHoldsKeywordsButNoSecrets() {
        byte[] source = Corpus.SOURCE.generate(42, SIZE);
        String text = new String(source, StandardCharsets.US_ASCII);
        long lines = text.chars().filter(ch -> ch == '\n').count();
        long withKeyword = text.lines().filter(Corpus::holdsKeyword).count();
        assertThat(withKeyword).isBetween(lines / 80, lines / 20);
        assertThat(SCANNER.scan(source, "source").findings()).isEmpty();
    }

    @Test
    void denseKeysAreFoundByBothTheEngineAndTheBaseline() {
        byte[] dense = Corpus.DENSE.generate(42, SIZE);
        String text = new String(dense, StandardCharsets.US_ASCII);
        long keyLines = text.lines().filter(l -> l.startsWith("aws_access_key_id = ")).count();
        List<Finding> found = SCANNER.scan(dense, "dense").findings();
        long ids = found.stream().filter(f -> f.ruleId().equals("aws-access-key-id")).count();
        assertThat(keyLines).isGreaterThan(1000);
        assertThat(ids).isGreaterThanOrEqualTo(keyLines - 1); // the last line may be cut short
        assertThat(found).anySatisfy(f -> assertThat(f.ruleId()).isEqualTo("aws-secret-access-key"));
        assertThat(found).anySatisfy(f -> assertThat(f.ruleId()).isEqualTo("aws-session-token"));
        assertThat(new RegexBaseline(RuleSet.defaults()).scan(dense)).isGreaterThanOrEqualTo((int) keyLines);
    }
}
