package dev.keyward.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A window without a regex's required text is one RE2/J finds nothing in. */
class RequiredTextTest {

    private static List<Rule> listed() {
        return RuleSet.defaults().rules().stream().filter(r -> RequiredText.of(r.regex()) != null).toList();
    }

    @Test
    void theJwtAndAppSyncRulesAreListed() {
        assertThat(listed()).extracting(Rule::id).contains("aws-session-token-jwt", "aws-appsync-api-key");
        assertThat(RequiredText.of("eyJ[a-z]+")).isNull();
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("session_token=", "AWS_SESSION_TOKEN: \"", "appsync-api", "appsync_api_key = ",
                        "eyJ", "eyj", "da2-", "DA2-", ".", "\n", " "),
                Arbitraries.strings().withChars("abz09AZ_-").ofMinLength(8).ofMaxLength(40));
        return piece.list().ofMaxSize(20).map(p -> String.join("", p));
    }

    @Property(tries = 1500)
    void everyMatchOfAListedRegexHoldsItsText(@ForAll("text") String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        for (Rule r : listed()) {
            Matcher m = Pattern.compile(r.regex()).matcher(text);
            boolean matches = m.find();
            if (!RequiredText.in(text, RequiredText.of(r.regex()))) {
                assertThat(matches).as(r.id()).isFalse();
            }
        }
    }

    @Test
    void theRulesExamplesHoldTheirText() {
        for (Rule r : listed()) {
            assertThat(r.examples()).isNotEmpty().allSatisfy(e -> assertThat(RequiredText.in(
                    e.getBytes(StandardCharsets.UTF_8), RequiredText.of(r.regex()))).isTrue());
        }
    }
}
