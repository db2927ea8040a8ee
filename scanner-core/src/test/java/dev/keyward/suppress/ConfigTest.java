package dev.keyward.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.rules.Allowlist;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleException;
import dev.keyward.rules.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {

    private static Config parse(String toml) {
        return Config.parse(toml, "cfg.toml", null);
    }

    private static List<String> ids(RuleSet rules) {
        return rules.rules().stream().map(Rule::id).toList();
    }

    private static final String ACME = """
            [[rules]]
            id = "acme-token"
            regex = '''acme_[a-z0-9]{8}'''
            keywords = ["acme_"]
            """;

    @Test
    void configWithoutRulesKeepsTheBuiltInRules() {
        Config c = parse("[allowlist]\nstopwords = [\"dummy\"]\n");
        assertThat(c.hasRules()).isFalse();
        assertThat(c.rulesOver(RuleSet.defaults())).isSameAs(RuleSet.defaults());
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void ownRulesReplaceTheBuiltInRulesAndSaySoUnlessUseDefaultIsStated() {
        Config c = parse(ACME);
        assertThat(ids(c.rulesOver(RuleSet.defaults()))).containsExactly("acme-token");
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("useDefault").contains("built-in AWS rules are off"));

        Config quiet = parse("[extend]\nuseDefault = false\n" + ACME);
        assertThat(ids(quiet.rulesOver(RuleSet.defaults()))).containsExactly("acme-token");
        assertThat(quiet.warnings()).isEmpty();
    }

    @Test
    void useDefaultKeepsTheBuiltInRulesBesideOwnRulesAndSameIdReplaces() {
        Config c = parse("""
                [extend]
                useDefault = true
                [[rules]]
                id = "aws-account-id"
                regex = '''acct=([0-9]{12})'''
                severity = "medium"
                """ + ACME);
        RuleSet rules = c.rulesOver(RuleSet.defaults());
        assertThat(ids(rules)).contains("aws-access-key-id", "acme-token");
        assertThat(rules.rule("aws-account-id")).hasValueSatisfying(r -> assertThat(r.regex()).startsWith("acct="));
        assertThat(rules.rules()).hasSize(RuleSet.defaults().rules().size() + 1);
    }

    @Test
    void readsDisabledAndEnabledRules() {
        Config c = parse("[extend]\ndisabledRules = [\"aws-account-id\", \"no-such-rule\"]\n"
                + "enabledRules = [\"aws-iam-unique-id\"]\n");
        assertThat(c.disabledRules()).containsExactlyInAnyOrder("aws-account-id", "no-such-rule");
        assertThat(c.enabledRules()).containsExactly("aws-iam-unique-id");
        assertThat(c.warnings()).singleElement().asString().contains("no-such-rule").contains("disabledRules");
    }

    @Test
    void enablingAnUnknownRuleIsAnErrorNamingIt() {
        assertThatThrownBy(() -> parse("[extend]\nenabledRules = [\"nope\"]\n"))
                .isInstanceOf(RuleException.class)
                .hasMessageContaining("cfg.toml").hasMessageContaining("'nope'").hasMessageContaining("enabledRules");
    }

    @Test
    void readsEveryAllowlistShape() {
        Config c = parse("""
                [allowlist]
                description = "global"
                paths = ['''(^|/)testdata/''']
                globs = ["**/*.lock", "vendor/"]
                regexes = ['''^AKIA.*TEST$''']
                stopwords = ["dummy"]
                commits = ["9f1c2d3e4b5a"]

                [[allowlists]]
                condition = "AND"
                regexTarget = "line"
                regexes = ['''fixture''']
                paths = ['''^tests/''']
                targetRules = ["aws-access-key-id"]
                """ + ACME + """
                [[rules.allowlists]]
                regexes = ['''^acme_0+$''']
                [rules.allowlist]
                stopwords = ["sample"]
                """);
        assertThat(c.allowlists()).hasSize(4);
        Allowlist global = c.allowlists().stream().filter(a -> a.description().equals("global")).findFirst()
                .orElseThrow();
        assertThat(global.globs()).containsExactly("**/*.lock", "vendor/");
        assertThat(global.commits()).containsExactly("9f1c2d3e4b5a");
        assertThat(global.matchAll()).isFalse();
        assertThat(global.targetRules()).isEmpty();
        assertThat(c.allowlists()).filteredOn(Allowlist::matchAll).singleElement()
                .satisfies(a -> assertThat(a.regexTarget()).isEqualTo("line"));
        assertThat(c.allowlists()).filteredOn(a -> a.targetRules().equals(List.of("acme-token"))).hasSize(2);
    }

    @Test
    void unsupportedKeysAreWarningsNamingThem() {
        Config c = parse("""
                minVersion = "8.0"
                [extend]
                useDefault = true
                path = "other.toml"
                [allowlist]
                paths = ['''x''']
                frobnicate = true
                [[rules]]
                id = "composite"
                regex = '''cmp_[0-9]{8}'''
                tags = ["t"]
                path = '''\\.py$'''
                [[rules.required]]
                id = "acme-token"
                [[rules]]
                id = "p12"
                path = '''\\.p12$'''
                [[rules]]
                id = "part"
                regex = '''part_[0-9]+'''
                skipReport = true
                """);
        assertThat(String.join("\n", c.warnings()))
                .contains("'minVersion'")
                .contains("'extend.path'")
                .contains("'allowlist.frobnicate'")
                .contains("rule 'composite': key 'path'")
                .contains("rule 'composite': key 'required'")
                .contains("rule 'p12' matches file paths only")
                .contains("rule 'part' is only a part of composite rules");
        assertThat(ids(c.rules())).containsExactly("composite");
    }

    @Test
    void errorsNameFileRuleAndField() {
        assertError("[[rules]]\nid = \"bad\"\nregex = '''(unclosed'''\n", "bad", "regex");
        assertError(ACME + "[[rules.allowlists]]\nregexes = ['''[z-a]''']\n", "acme-token", "allowlists[1].regexes");
        assertError(ACME + "[rules.allowlist]\ncommits = [\"xyz\"]\n", "acme-token", "allowlist.commits");
        assertError("[allowlist]\nglobs = [\"[abc\"]\n", null, "allowlist.globs");
        assertError("[[allowlists]]\ncondition = \"XOR\"\npaths = ['''a''']\n", null, "allowlists[1].condition");
        assertError("[allowlist]\nregexTarget = \"file\"\n", null, "allowlist.regexTarget");
        assertError("[extend]\nuseDefault = \"yes\"\n", null, "extend.useDefault");
        assertError("[[rules]]\nid = \"s\"\nregex = '''a(b)'''\nsecretGroup = 2\n", "s", "secretGroup");
        assertError("rules = 3\n", null, "rules");
    }

    @Test
    void invalidTomlNamesTheFile() {
        assertThatThrownBy(() -> parse("[[rules]\nid = ")).isInstanceOf(RuleException.class)
                .hasMessageStartingWith("cfg.toml: not valid TOML");
    }

    private static void assertError(String toml, String ruleId, String field) {
        assertThatThrownBy(() -> parse(toml))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.origin()).isEqualTo("cfg.toml");
                    assertThat(e.ruleId()).isEqualTo(ruleId);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith("cfg.toml").contains("'" + field + "'");
                    if (ruleId != null) {
                        assertThat(e.getMessage()).contains("rule '" + ruleId + "'");
                    }
                });
    }
}
