package dev.keyward.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleSet;
import org.junit.jupiter.api.Test;

/** SARIF messages name what was found in words, for every kind the built-in rules report. */
class SarifLabelsTest {

    @Test
    void everyBuiltInKindHasAReadableName() {
        for (Rule r : RuleSet.defaults().rules()) {
            assertThat(SarifReporter.label(r.kind())).as(r.kind()).isNotEqualTo(r.kind());
        }
    }

    @Test
    void anUnknownKindIsShownAsItIs() {
        assertThat(SarifReporter.label("my-own-token")).isEqualTo("my-own-token");
    }
}
