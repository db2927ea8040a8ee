package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.rules.RuleSet;
import org.junit.jupiter.api.Test;

class RulePackTest {

    @Test
    void everyDefaultRuleFindsItsExamplesAndNoneOfItsNegativeExamples() {
        assertThat(RuleCheck.check(RuleSet.defaults())).isEmpty();
    }

    @Test
    void everyDefaultRuleHasExamplesAndNegativeExamples() {
        assertThat(RuleSet.defaults().rules()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.examples()).as(r.id()).isNotEmpty();
            assertThat(r.negativeExamples()).as(r.id()).isNotEmpty();
        });
    }

    @Test
    void identifierRuleIsOffByDefault() {
        assertThat(RuleSet.defaults().rule("aws-iam-unique-id")).hasValueSatisfying(r -> assertThat(r.enabled()).isFalse());
    }
}
