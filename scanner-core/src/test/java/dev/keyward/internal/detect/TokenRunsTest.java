package dev.keyward.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-written pairing matchers find exactly what RE2/J finds with the regexes they stand for. */
class TokenRunsTest {

    private static final String PLAIN = "(?:[A-Za-z0-9/+]|%2[FfBb])+={0,2}";
    private static final String ENCODED = "(?:[A-Za-z0-9/+]|%2[FfBb])+(?:=|%3[Dd]){0,2}";

    private static List<String> re2j(String regex, byte[] text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.start() + "-" + m.end());
        }
        return out;
    }

    private static List<String> runs(String regex, byte[] text) {
        TokenRuns t = TokenRuns.forRegex(regex);
        List<String> out = new ArrayList<>();
        for (long m = t.find(text, 0, text.length); m >= 0; m = t.find(text, (int) m, text.length)) {
            out.add((m >>> 32) + "-" + (int) m);
        }
        return out;
    }

    @Provide
    Arbitrary<String> text() {
        // Every character class the shapes tell apart, percent escapes whole and cut, and non-ASCII text.
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("%2F", "%2f", "%2B", "%2b", "%3D", "%3d", "%2", "%3", "%", "%2G", "%4F", "==", "="),
                Arbitraries.strings().withChars("aZ09/+=%23FfBbDd \n\t-_.:\"é€").ofMaxLength(6));
        return piece.list().ofMaxSize(40).map(p -> String.join("", p));
    }

    @Property(tries = 2000)
    void plainPaddingMatchesAsRe2jDoes(@ForAll("text") String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        assertThat(runs(PLAIN, text)).isEqualTo(re2j(PLAIN, text));
    }

    @Property(tries = 2000)
    void encodedPaddingMatchesAsRe2jDoes(@ForAll("text") String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        assertThat(runs(ENCODED, text)).isEqualTo(re2j(ENCODED, text));
    }

    /**
     * In bytes that are not UTF-8, RE2/J's decoder can take ASCII bytes after a broken lead byte into one invalid
     * character (0xFF before "AKIA" hides the A). This reads every byte over 0x7F as a character the shapes do not
     * hold, as RE2/J reads '~'.
     */
    @Property(tries = 1000)
    void inArbitraryBytesEveryNonAsciiByteIsACharacterOutsideTheShapes(@ForAll byte[] text) {
        byte[] ascii = text.clone();
        for (int i = 0; i < ascii.length; i++) {
            ascii[i] = ascii[i] < 0 ? (byte) '~' : ascii[i];
        }
        assertThat(runs(PLAIN, text)).isEqualTo(re2j(PLAIN, ascii));
        assertThat(runs(ENCODED, text)).isEqualTo(re2j(ENCODED, ascii));
    }

    @Test
    void theBuiltInPairingRegexesAreTheShapesAndNothingElseIs() {
        // The pairing regexes that run around every key ID; AppSync's runs only near an appsync-api endpoint.
        List<String> pairing = RuleSet.defaults().rules().stream()
                .filter(r -> r.validate().equals("aws-secret-key") || r.validate().equals("aws-session-token"))
                .map(Rule::pairing).filter(java.util.Objects::nonNull).map(Rule.Pairing::regex).toList();
        assertThat(pairing).isNotEmpty().allSatisfy(r -> assertThat(TokenRuns.forRegex(r)).isNotNull());
        assertThat(TokenRuns.forRegex("(?:[A-Za-z0-9/+]|%2[FfBb])+={0,3}")).isNull();
        assertThat(TokenRuns.forRegex("[A-Za-z0-9/+]+={0,2}")).isNull();
    }
}
