package dev.keyward.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.rules.RuleException;
import org.junit.jupiter.api.Test;

/** {@code [accounts]} of a config: the user's own accounts and the ones to leave alone. */
class ConfigAccountsTest {

    @Test
    void ownAndIgnoreAreReadWithOrWithoutDashes() {
        Config c = Config.parse("[accounts]\nown = [\"111122223333\", \"4444-5555-6666\"]\n"
                + "ignore = [\"777788889999\"]\n", "k.toml", null);

        assertThat(c.ownAccounts()).containsExactlyInAnyOrder("111122223333", "444455556666");
        assertThat(c.ignoredAccounts()).containsExactly("777788889999");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void withoutTheTableThereAreNone() {
        Config c = Config.parse("[extend]\nuseDefault = true\n", "k.toml", null);

        assertThat(c.ownAccounts()).isEmpty();
        assertThat(c.ignoredAccounts()).isEmpty();
        assertThat(Config.empty().ownAccounts()).isEmpty();
    }

    @Test
    void aBadIdIsAnErrorNamingFileAndFieldAndAnUnknownKeyAWarning() {
        assertThatThrownBy(() -> Config.parse("[accounts]\nignore = [\"12345\"]\n", "k.toml", null))
                .isInstanceOf(RuleException.class).hasMessageContaining("k.toml")
                .hasMessageContaining("accounts.ignore").hasMessageContaining("'12345'");
        assertThatThrownBy(() -> Config.parse("[accounts]\nown = \"111122223333\"\n", "k.toml", null))
                .isInstanceOf(RuleException.class).hasMessageContaining("accounts.own");
        assertThatThrownBy(() -> Config.parse("accounts = 3\n", "k.toml", null))
                .isInstanceOf(RuleException.class).hasMessageContaining("[accounts]");

        Config c = Config.parse("[accounts]\nmine = [\"111122223333\"]\n", "k.toml", null);
        assertThat(c.warnings()).singleElement().asString().contains("accounts.mine");
    }
}
