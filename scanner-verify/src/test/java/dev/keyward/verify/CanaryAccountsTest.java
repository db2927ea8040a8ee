package dev.keyward.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.finding.AwsKeyId;
import dev.keyward.finding.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CanaryAccountsTest {

    @Test
    void theBuiltInListIsTheRulePackFileAndHoldsThinkstsAccounts() throws IOException {
        CanaryAccounts builtIn = CanaryAccounts.builtIn();
        // The packaged copy is the file in rules/ (parse checks every entry names its source).
        CanaryAccounts fromSource = CanaryAccounts.parse(Files.readString(Path.of("../rules/canary-accounts.toml")),
                "rules/canary-accounts.toml");
        assertThat(builtIn.accounts()).containsExactlyElementsOf(fromSource.accounts());
        assertThat(builtIn.accounts()).hasSizeGreaterThanOrEqualTo(25)
                .contains("052310077262", "171436882533", "534261010715", "595918472158", "992382622183");
        assertThat(builtIn.service("595918472158")).contains("canarytokens.org");
        // The sample canary ARN in TruffleHog's README belongs to this key ID's account.
        assertThat(builtIn.contains(AwsKeyId.accountOf("AKIAYVP4CIPPERUVIFXG"))).isTrue();
    }

    @Test
    void anEntryWithoutItsSourceOrWithABadIdIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> CanaryAccounts.parse("[[accounts]]\nid = \"123456789012\"\nservice = \"x\"\n",
                "mine.toml")).hasMessageContaining("mine.toml").hasMessageContaining("entry 1")
                .hasMessageContaining("'source'");
        assertThatThrownBy(() -> CanaryAccounts.parse(
                "[[accounts]]\nid = \"12345\"\nservice = \"x\"\nsource = \"y\"\n", "mine.toml"))
                .hasMessageContaining("12 digits");
        assertThatThrownBy(() -> CanaryAccounts.parse("accounts = 3", "mine.toml"))
                .hasMessageContaining("no [[accounts]]");
        assertThatThrownBy(() -> CanaryAccounts.parse("[[accounts]\n", "mine.toml"))
                .hasMessageContaining("not valid TOML");
        assertThatThrownBy(() -> CanaryAccounts.builtIn().with(Set.of("12"), "x"))
                .hasMessageContaining("12 digits");
    }

    @Test
    void verificationStatusesAreTheDocumentedIds() {
        assertThat(Verification.STATUSES).containsExactlyInAnyOrder("live", "invalid", "wrong-secret", "expired",
                "canary", "unverified");
        assertThatThrownBy(() -> new Verification("valid", null, null, null, null, null))
                .hasMessageContaining("unknown verification status 'valid'");
        Verification v = Verification.live("arn:aws:iam::595918472158:user/x", "595918472158", "AIDAX", "aws");
        assertThat(v.isLive()).isTrue();
        assertThat(v.policies()).isNull();
        assertThat(v.unknown()).isEmpty();
    }
}
