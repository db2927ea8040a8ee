package dev.keyward.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** The hand-written key-ID matcher finds exactly what RE2/J finds with the regexes of its form. */
class KeyIdsTest {

    /** Every built-in regex of the form, main and pairing, and two others with openings that overlap. */
    private static List<String> regexes() {
        List<String> out = new ArrayList<>(RuleSet.defaults().rules().stream()
                .flatMap(r -> Stream.of(r.regex(), r.pairing() == null ? null : r.pairing().near()))
                .filter(Objects::nonNull).filter(r -> KeyIds.forRegex(r) != null).distinct().toList());
        out.add("(?:AK|AKIA|A)[A-Z0-9]{3}");
        out.add("GOOG1[A-Z0-9]{5}");
        out.add("(?:A3T[A-Z0-9]|[A-Z0-9]K|AK[A-Z0-9]A)[A-Z0-9]{2}");
        return out;
    }

    private static List<String> re2j(String regex, byte[] text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.start() + "-" + m.end());
        }
        return out;
    }

    private static List<String> ids(String regex, byte[] text) {
        KeyIds k = KeyIds.forRegex(regex);
        List<String> out = new ArrayList<>();
        int[] o = new int[5];
        for (int from = 0; k.find(text, from, text.length, o); from = o[1]) {
            assertThat(o[2]).isZero();
            out.add(o[0] + "-" + o[1]);
        }
        return out;
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("AKIA", "ASIA", "ABIA", "ACCA", "AIDA", "AROA", "GOOG1", "AK", "A", "akia", "A3T", "A3TZ",
                        "A3T9"),
                Arbitraries.strings().withChars("AKIZ09az-_ é").ofMinLength(0).ofMaxLength(20),
                Arbitraries.strings().withChars("ABCXYZ0189").ofMinLength(2).ofMaxLength(20));
        return piece.list().ofMaxSize(25).map(p -> String.join("", p));
    }

    @Property(tries = 1500)
    void findsWhatRe2jFinds(@ForAll("text") String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        boolean any = false;
        for (String regex : regexes()) {
            List<String> expected = re2j(regex, text);
            assertThat(ids(regex, text)).as(regex).isEqualTo(expected);
            any |= !expected.isEmpty();
        }
        Statistics.label("matches").collect(any);
        Statistics.label("matches").coverage(c -> c.check(true).percentage(p -> p > 20));
    }

    @Property(tries = 1000)
    void matchAtIsLookingAt(@ForAll("text") String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        for (String regex : regexes()) {
            Matcher m = Pattern.compile(regex).matcher(text);
            int expected = m.lookingAt() ? m.end() : -1;
            assertThat(KeyIds.forRegex(regex).matchAt(text, 0, text.length)).as(regex).isEqualTo(expected);
        }
    }

    @Test
    void theBuiltInKeyIdRegexesAreOfTheFormAndOthersAreNot() {
        List<String> builtIn = RuleSet.defaults().rules().stream().map(Rule::regex).toList();
        assertThat(builtIn).contains("(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}");
        assertThat(regexes()).contains("(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}", "ASIA[A-Z0-9]{16}");
        assertThat(KeyIds.forRegex("(?i)(?:AKIA|ASIA)[A-Z0-9]{16}")).isNull();
        assertThat(KeyIds.forRegex("(?:AKIA|ASIA)[A-Z0-9]{16,}")).isNull();
        assertThat(regexes()).contains("A3T[A-Z0-9][A-Z0-9]{16}",
                "(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}");
        assertThat(KeyIds.forRegex("A3T[A-Z][A-Z0-9]{16}")).isNull();
        assertThat(KeyIds.forRegex("A3T[A-Z0-9]+[A-Z0-9]{16}")).isNull();
        assertThat(KeyIds.forRegex("AKIA|ASIA[A-Z0-9]{16}")).isNull();
        assertThat(KeyIds.forRegex("(?:AKIA|ASIA)[A-Z0-9]{1x}")).isNull();
        assertThat(KeyIds.forRegex("(?:AKIA|)[A-Z0-9]{16}")).isNull();
        assertThat(KeyIds.forRegex("(?:AKIA|ASIA)[A-Z0-9]{016}")).isNull();
        assertThat(KeyIds.forRegex("(?:AK)(?:IA)[A-Z0-9]{16}")).isNull();
        assertThat(KeyIds.forRegex("GOOG1[A-Z0-9]{56}")).isNotNull();
    }
}
