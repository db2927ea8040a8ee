package dev.keyward.suppress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ScanListener;
import dev.keyward.Scanner;
import dev.keyward.TestKeys;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Allowlists and baselines at the choke point {@code Scanner.scan(InputStream, Provenance, ScanListener)}. */
class SuppressedScannerTest {

    private final Random random = new Random(66);

    private static List<Finding> scan(Scanner scanner, String text, Provenance provenance) {
        List<Finding> out = new ArrayList<>();
        List<String> scanned = new ArrayList<>();
        scanner.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), provenance, new ScanListener() {
            @Override
            public void finding(Finding f) {
                out.add(f);
            }

            @Override
            public void scanned(String path, long bytes) {
                scanned.add(path);
            }
        });
        return out;
    }

    private static Scanner with(String toml) {
        return Scanner.builder().config(Config.parse(toml, "t.toml", null)).build();
    }

    private static Provenance.GitBlob blob(String commit, String path) {
        return new Provenance.GitBlob("b".repeat(40), commit, path, "A", "a@x", Instant.EPOCH, 0);
    }

    @Test
    void commitAllowlistAppliesToHistoryBlobsOfThatCommitOnly() {
        String key = TestKeys.keyId(random, "AKIA");
        String allowed = "9f1c2d3e4b5a" + "0".repeat(28);
        String other = "1234567" + "0".repeat(33);
        Scanner s = with("[allowlist]\ncommits = [\"9f1c2d3e4b5a\"]\n");
        assertThat(scan(s, "id = " + key, blob(allowed, "a.txt"))).isEmpty();
        assertThat(scan(s, "id = " + key, blob(other, "a.txt"))).hasSize(1);
        assertThat(scan(s, "id = " + key, new Provenance.File("a.txt"))).hasSize(1);
    }

    @Test
    void pathAllowlistsApplyToEveryKindOfProvenance() {
        String key = TestKeys.keyId(random, "AKIA");
        Scanner s = with("[allowlist]\nglobs = [\"fixtures/\"]\n");
        for (Provenance p : List.of(new Provenance.File("./fixtures/a.txt"), new Provenance.Staged("fixtures/a.txt"),
                blob("a".repeat(40), "src/fixtures/a.txt"), new Provenance.Stream("fixtures/a.txt"))) {
            assertThat(scan(s, "id = " + key, p)).as(p.toString()).isEmpty();
        }
        assertThat(scan(s, "id = " + key, new Provenance.Staged("src/a.txt"))).hasSize(1);
    }

    @Test
    void secretRegexStopwordAndLineTargets() {
        String k1 = TestKeys.keyId(random, "AKIA");
        String k2 = TestKeys.keyId(random, "AKIA");
        Scanner s = with("""
                [allowlist]
                regexes = ['''^%s$''']
                [[allowlists]]
                regexTarget = "line"
                regexes = ['''# fake key''']
                [[allowlists]]
                stopwords = ["%s"]
                """.formatted(k1, k2.substring(6, 14).toLowerCase()));
        Provenance p = new Provenance.File("x.txt");
        assertThat(scan(s, "id = " + k1, p)).isEmpty();
        assertThat(scan(s, "id = " + k2, p)).isEmpty();
        String k3 = TestKeys.keyId(random, "AKIA");
        assertThat(scan(s, "id = " + k3 + " # fake key", p)).isEmpty();
        assertThat(scan(s, "id = " + k3, p)).hasSize(1);
    }

    @Test
    void conditionAndNeedsEveryCriterionAndTargetRulesLimitsTheRules() {
        String key = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        Scanner s = with("""
                [[allowlists]]
                condition = "AND"
                paths = ['''^tests/''']
                regexTarget = "line"
                regexes = ['''fixture''']
                targetRules = ["aws-access-key-id"]
                """);
        String text = "fixture id = " + key + "\naws_secret_access_key = " + secret + "\n";
        List<Finding> inTests = scan(s, text, new Provenance.Staged("tests/a.txt"));
        assertThat(inTests).extracting(Finding::ruleId).containsExactly("aws-secret-access-key");
        assertThat(scan(s, text, new Provenance.Staged("src/a.txt"))).hasSize(2);
        assertThat(scan(s, "id = " + key, new Provenance.Staged("tests/a.txt"))).hasSize(1);
    }

    @Test
    void baselineHidesByFingerprintAndPathWhateverTheLine() {
        String key = TestKeys.keyId(random, "AKIA");
        Scanner plain = Scanner.builder().build();
        List<Finding> found = scan(plain, "id = " + key, new Provenance.File("repo/conf/a.env"));
        Baseline b = Baseline.of(found, f -> "conf/a.env");
        Scanner s = Scanner.builder().baseline(b).build();
        assertThat(scan(s, "\n\n\n  other = 1 id = " + key, new Provenance.File("/abs/repo/conf/a.env"))).isEmpty();
        assertThat(scan(s, "id = " + key, blob("c".repeat(40), "conf/a.env"))).isEmpty();
        assertThat(scan(s, "id = " + key, new Provenance.File("repo/conf/b.env"))).hasSize(1);
        assertThat(scan(s, "id = " + TestKeys.keyId(random, "AKIA"), new Provenance.File("repo/conf/a.env")))
                .hasSize(1);
        Scanner anywhere = Scanner.builder().baseline(Baseline.of(found, f -> null)).build();
        assertThat(scan(anywhere, "id = " + key, new Provenance.File("elsewhere.txt"))).isEmpty();
    }

    @Test
    void disabledAndEnabledRulesFromConfig() {
        String text = "aws_account_id = 595918472158\nuser = " + "AIDA" + "BENSW7WJFWZP4ZAE\n";
        Provenance p = new Provenance.File("x");
        assertThat(scan(Scanner.builder().build(), text, p)).extracting(Finding::ruleId)
                .containsExactly("aws-account-id");
        assertThat(scan(with("[extend]\ndisabledRules = [\"aws-account-id\"]\nenabledRules = [\"aws-iam-unique-id\"]\n"),
                text, p)).extracting(Finding::ruleId).containsExactly("aws-iam-unique-id");
    }
}
