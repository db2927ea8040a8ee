package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyward rules list|check}. */
class RulesCommandTest {

    @TempDir
    Path dir;

    @Test
    void listShowsEveryRuleWithKindSeverityAndWhetherItIsOn() {
        Cli r = Cli.run("rules", "list", "--no-config");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out().lines().findFirst()).hasValueSatisfying(h ->
                assertThat(h).matches("ID\\s+KIND\\s+SEVERITY\\s+ON"));
        assertThat(r.out()).containsPattern("aws-access-key-id\\s+aws-access-key-id\\s+high\\s+on")
                .containsPattern("aws-iam-unique-id\\s+aws-iam-unique-id\\s+low\\s+off");
    }

    @Test
    void listShowsTheConfigsRulesAndSwitches() throws IOException {
        Path cfg = dir.resolve("k.toml");
        Files.writeString(cfg, """
                [extend]
                useDefault = true
                disabledRules = ["aws-account-id"]
                enabledRules = ["aws-iam-unique-id"]
                [[rules]]
                id = "acme-token"
                kind = "acme-token"
                severity = "medium"
                regex = '''acme_[a-z0-9]{16}'''
                """);
        Cli r = Cli.run("rules", "list", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).containsPattern("aws-account-id\\s+aws-account-id\\s+low\\s+off")
                .containsPattern("aws-iam-unique-id\\s+\\S+\\s+low\\s+on")
                .containsPattern("acme-token\\s+acme-token\\s+medium\\s+on");
    }

    @Test
    void checkPassesTheBuiltInRulesAndAGoodFile() throws IOException {
        Cli builtIn = Cli.run("rules", "check");
        assertThat(builtIn.code()).as(builtIn.toString()).isEqualTo(0);
        assertThat(builtIn.out()).startsWith("ok: built-in rules: " + dev.keyward.rules.RuleSet.defaults().rules().size()
                + " rules");

        Path file = dir.resolve("good.toml");
        Files.writeString(file, """
                [[rules]]
                id = "acme-token"
                regex = '''acme_[a-z0-9]{16}'''
                keywords = ["acme_"]
                examples = ["token = acme_q7w2e9r4t6y1u3i8"]
                negativeExamples = ["token = acme_SHORT", "token = acme_test0000test0000 # a test value"]
                [[rules.allowlists]]
                regexTarget = "line"
                regexes = ['''a test value''']
                """);
        Cli r = Cli.run("rules", "check", file.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        assertThat(r.out()).contains("ok: " + file + ": 1 rule");
    }

    @Test
    void checkListsEveryExampleThatFailsAndExitsOne() throws IOException {
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, """
                [[rules]]
                id = "acme-token"
                regex = '''acme_[a-z0-9]{16}'''
                examples = ["token = acme_TOOSHORT"]
                negativeExamples = ["token = acme_q7w2e9r4t6y1u3i8"]
                [[rules]]
                id = "no-examples"
                regex = '''zz_[0-9]{8}'''
                """);
        Cli r = Cli.run("rules", "check", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("rule 'acme-token': example not found: \"token = acme_TOOSHORT\"")
                .contains("rule 'acme-token': negative example found 1 time(s): \"token = acme_q7w2e9r4t6y1u3i8\"")
                .contains("rule 'no-examples': has no examples")
                .contains("3 problems in " + file);
    }

    @Test
    void checkOfARuleThatDoesNotCompileNamesRuleAndField() throws IOException {
        Path file = dir.resolve("broken.toml");
        Files.writeString(file, "[[rules]]\nid = \"x\"\nregex = '''a{2,1}'''\n");
        Cli r = Cli.run("rules", "check", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("broken.toml").contains("rule 'x'").contains("field 'regex'");
        assertThat(Cli.run("rules", "check", dir.resolve("none.toml").toString()).code()).isEqualTo(2);
    }
}
