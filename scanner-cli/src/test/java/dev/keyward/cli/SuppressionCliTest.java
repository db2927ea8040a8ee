package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inline allows and config files end to end through the command line, on real files and real Git repositories:
 * the same suppression in {@code scan}, {@code history} and {@code staged}.
 */
class SuppressionCliTest {

    @TempDir
    Path dir;

    private final Random random = new Random(6);

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }

    private String key() {
        return TestKeys.keyId(random, "AKIA");
    }

    @Test
    void inlineAllowsWorkInScanHistoryAndStaged() {
        String k1 = key();
        String k2 = key();
        String k3 = key();
        String k4 = key();
        GitFixture g = GitFixture.init(dir.resolve("repo"));
        g.write("app.cfg", "a = " + k1 + "  # keyward:allow\nb = " + k2 + " // gitleaks:allow\n"
                + "c = " + k3 + "  # pragma: allowlist secret\nd = " + k4 + "\n");
        g.git("add", "app.cfg");
        String repo = g.dir().toString();

        for (String[] args : new String[][] {{"scan", "--format", "jsonl", repo}, {"staged", "--format", "jsonl", repo}}) {
            Cli r = Cli.run(args);
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).as(args[0]).contains(k4).doesNotContain(k1).doesNotContain(k2).doesNotContain(k3);
        }
        g.commit("add config");
        Cli h = Cli.run("history", "--format", "jsonl", repo);
        assertThat(h.code()).as(h.toString()).isEqualTo(1);
        assertThat(h.out()).contains(k4).doesNotContain(k1).doesNotContain(k2).doesNotContain(k3);
    }

    @Test
    void configAtScannedRootAllowlistsPathsByGlobAndRegex() throws IOException {
        String k1 = key();
        String k2 = key();
        String k3 = key();
        write(dir.resolve("vendor/lib/a.txt"), "id = " + k1 + "\n");
        write(dir.resolve("testdata/b.txt"), "id = " + k2 + "\n");
        write(dir.resolve("src/c.txt"), "id = " + k3 + "\n");
        write(dir.resolve(".keyward.toml"), """
                [allowlist]
                globs = ["vendor"]
                paths = ['''^testdata/''']
                """);

        Cli r = Cli.run("scan", "--format", "jsonl", dir.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains(k3).doesNotContain(k1).doesNotContain(k2);
        assertThat(r.err()).isEmpty();

        // An allowlisted file is not even opened: a binary one is not listed as skipped.
        Files.write(dir.resolve("vendor/blob.bin"), new byte[] {1, 0, 2});
        Files.write(dir.resolve("src/blob.bin"), new byte[] {1, 0, 2});
        Cli json = Cli.run("scan", "--format", "json", dir.toString());
        assertThat(json.out()).contains("src/blob.bin").doesNotContain("vendor/blob.bin");
    }

    @Test
    void configAtRepositoryRootAppliesToAScanOfASubfolderAndToHistoryAndStaged() {
        String allowed = key();
        String reported = key();
        GitFixture g = GitFixture.init(dir.resolve("repo"));
        g.write(".keyward.toml", "[allowlist]\nglobs = [\"src/fixtures/**\"]\n");
        g.write("src/fixtures/keys.txt", "id = " + allowed + "\n");
        g.write("src/main.txt", "id = " + reported + "\n");
        g.git("add", "-A");

        Cli scan = Cli.run("scan", "--format", "jsonl", g.dir().resolve("src").toString());
        Cli staged = Cli.run("staged", "--format", "jsonl", g.dir().toString());
        g.commit("keys");
        Cli history = Cli.run("history", "--format", "jsonl", g.dir().toString());

        for (Cli r : new Cli[] {scan, staged, history}) {
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).as(r.toString()).contains(reported).doesNotContain(allowed);
        }
    }

    @Test
    void explicitConfigIsUsedAndNoConfigIgnoresTheFoundOne() throws IOException {
        String k = key();
        write(dir.resolve("tree/a.txt"), "id = " + k + "\n");
        write(dir.resolve("tree/.keyward.toml"), "[allowlist]\nglobs = [\"*.txt\"]\n");
        write(dir.resolve("elsewhere/strict.toml"), "[allowlist]\nglobs = [\"*.md\"]\n");

        assertThat(Cli.run("scan", dir.resolve("tree").toString()).code()).isEqualTo(0);
        assertThat(Cli.run("scan", "--no-config", dir.resolve("tree").toString()).code()).isEqualTo(1);
        Cli explicit = Cli.run("scan", "--config", dir.resolve("elsewhere/strict.toml").toString(),
                dir.resolve("tree").toString());
        assertThat(explicit.code()).as(explicit.toString()).isEqualTo(1);
        assertThat(explicit.out()).contains(k);
    }

    @Test
    void configAddsRulesAndKeepsTheDefaultsOnlyWithUseDefault() throws IOException {
        String k = key();
        write(dir.resolve("a.txt"), "token = acme_" + "q7w2e9r4t6y1u3i8" + "\nid = " + k + "\n");
        String rule = """
                [[rules]]
                id = "acme-token"
                description = "ACME API token"
                regex = '''acme_[a-z0-9]{16}'''
                keywords = ["acme_"]
                severity = "medium"
                """;
        write(dir.resolve("with.toml"), "[extend]\nuseDefault = true\n" + rule);
        write(dir.resolve("without.toml"), rule);

        Cli with = Cli.run("scan", "--format", "jsonl", "--config", dir.resolve("with.toml").toString(),
                dir.resolve("a.txt").toString());
        assertThat(with.out()).contains("\"ruleId\":\"acme-token\"").contains(k);
        assertThat(with.err()).isEmpty();

        Cli without = Cli.run("scan", "--format", "jsonl", "--config", dir.resolve("without.toml").toString(),
                dir.resolve("a.txt").toString());
        assertThat(without.out()).contains("\"ruleId\":\"acme-token\"").doesNotContain(k);
        assertThat(without.err()).contains("useDefault").contains("built-in AWS rules are off");
    }

    @Test
    void configDisablesAndEnablesRulesById() throws IOException {
        write(dir.resolve("a.txt"), "aws_account_id = 595918472158\nuser = AIDA" + "BENSW7WJFWZP4ZAE\n");
        assertThat(Cli.run("scan", "--format", "jsonl", dir.toString()).out())
                .contains("aws-account-id").doesNotContain("aws-iam-unique-id");
        write(dir.resolve(".keyward.toml"),
                "[extend]\ndisabledRules = [\"aws-account-id\"]\nenabledRules = [\"aws-iam-unique-id\"]\n");
        Cli r = Cli.run("scan", "--format", "jsonl", dir.toString());
        assertThat(r.out()).doesNotContain("\"aws-account-id\"").contains("\"ruleId\":\"aws-iam-unique-id\"");
    }

    @Test
    void secretRegexAndStopwordAllowlists() throws IOException {
        String k1 = key();
        String k2 = key();
        String k3 = key();
        write(dir.resolve("a.txt"), "a = " + k1 + "\nb = " + k2 + "\nc = " + k3 + "\n");
        write(dir.resolve(".keyward.toml"), """
                [allowlist]
                regexes = ['''^%s$''']
                stopwords = ["%s"]
                """.formatted(k1, k2.substring(5, 15).toLowerCase()));

        Cli r = Cli.run("scan", "--format", "jsonl", dir.toString());

        assertThat(r.out()).contains(k3).doesNotContain(k1).doesNotContain(k2);
    }

    @Test
    void commitAllowlistHidesWhatThatCommitIntroducedInHistory() throws IOException {
        String old = key();
        String fresh = key();
        GitFixture g = GitFixture.init(dir.resolve("repo"));
        String first = g.write("a.txt", "id = " + old + "\n").commit("old key, rotated long ago");
        g.write("b.txt", "id = " + fresh + "\n").commit("new key");
        write(dir.resolve("cfg.toml"), "[allowlist]\ncommits = [\"" + first.substring(0, 12) + "\"]\n");

        Cli r = Cli.run("history", "--format", "jsonl", "--config", dir.resolve("cfg.toml").toString(),
                g.dir().toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains(fresh).doesNotContain(old);
    }

    @Test
    void gitleaksConfigLoadsUnchangedAndUnsupportedKeysAreNamed() throws IOException {
        String token = "glx_" + "Zq8Lm3Nx7Vb2Kc9Wd4Rt6Yh1";
        String k = key();
        write(dir.resolve("src/app.env"), "GLX_TOKEN=" + token + "\nid = " + k + "\n");
        write(dir.resolve("src/dummy.env"), "GLX_TOKEN=glx_" + "dummyAAAAAAAAAAAAAAAAAAAA" + "\n");
        write(dir.resolve("node_modules/x/y.env"), "GLX_TOKEN=" + token + "\n");
        write(dir.resolve(".gitleaks.toml"), """
                title = "gitleaks config"

                [extend]
                useDefault = true

                [allowlist]
                description = "global allow lists"
                paths = [
                    '''(?:^|/)node_modules(?:/.*)?$''',
                    '''(?i)\\.(?:bmp|gif|jpe?g|png|svg|tiff?)$''',
                ]
                regexes = ['''(?i)^true|false|null$''', '''^\\$(?:\\d+|{\\d+})$''']

                [[rules]]
                id = "galaxy-token"
                description = "Galaxy API token"
                regex = '''(?i)\\b(glx_(?-i:[A-Za-z0-9]{24}))(?:[\\x60'"\\s;]|\\\\[nr]|$)'''
                secretGroup = 1
                entropy = 3
                keywords = ["glx_"]
                tags = ["api", "galaxy"]
                path = '''\\.env$'''
                [[rules.allowlists]]
                stopwords = ["dummy"]

                [[rules]]
                id = "keystore-file"
                path = '''(?i)\\.p12$'''
                """);

        Cli r = Cli.run("scan", "--format", "jsonl", "--config", dir.resolve(".gitleaks.toml").toString(),
                dir.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains(k).contains("\"ruleId\":\"galaxy-token\"");
        assertThat(r.out().lines().filter(l -> l.contains("galaxy-token")).count()).isEqualTo(1);
        assertThat(r.out()).contains("src/app.env").doesNotContain("node_modules").doesNotContain("dummy.env");
        assertThat(r.err()).contains("rule 'galaxy-token': key 'path' is not supported")
                .contains("rule 'keystore-file' matches file paths only");
    }

    @Test
    void malformedConfigIsOneClearMessageNamingFileRuleAndField() throws IOException {
        write(dir.resolve("a.txt"), "hello\n");
        write(dir.resolve(".keyward.toml"), """
                [[rules]]
                id = "broken-rule"
                regex = '''(unclosed'''
                """);

        Cli r = Cli.run("scan", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(".keyward.toml").contains("rule 'broken-rule'").contains("field 'regex'")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Cli.run("scan", "--config", dir.resolve("missing.toml").toString(), dir.toString()).err())
                .contains("missing.toml").contains("no such file");
    }

    @Test
    void catastrophicBacktrackingPatternFinishes() throws IOException {
        // (a+)+$ takes exponential time in a backtracking engine on a line of a's ending in a non-match;
        // RE2/J is linear. The timeout only guards against a hang.
        write(dir.resolve("rules.toml"), """
                [extend]
                useDefault = true
                [[rules]]
                id = "evil"
                regex = '''(a+)+$'''
                """);
        write(dir.resolve("long.txt"), "a".repeat(50_000) + "!\n" + "a".repeat(30) + "\n");

        Cli r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> Cli.run("scan", "--format", "jsonl", "--config", dir.resolve("rules.toml").toString(),
                        dir.resolve("long.txt").toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("\"ruleId\":\"evil\"").contains("\"line\":2");
    }
}
