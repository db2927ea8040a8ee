package dev.keyward.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The prefilter reports exactly the hits a plain comparison at every index finds, in the same order. */
class PrefilterTest {

    private static final Engine ENGINE = new Engine(RuleSet.defaults(), Engine.DEFAULT_CHUNK);

    /** The default pack's literals, plus short and non-ASCII ones, which take the general path. */
    private static final List<String> MIXED = List.of("AKIA", "akia", "secret", "ab", "xyz", "Zé", "é!", "ACCA", "ab");
    private static final List<Boolean> MIXED_CI = List.of(true, false, true, true, false, true, false, false, false);

    private static List<String> hits(Prefilter p, byte[] buf, int from, int to, int limit) {
        List<String> out = new ArrayList<>();
        p.scan(buf, from, to, limit, (i, lit) -> out.add(i + ":" + lit));
        return out;
    }

    private static List<String> naive(List<String> lits, List<Boolean> ci, byte[] buf, int from, int to, int limit) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (int n = 0; n < lits.size(); n++) {
                byte[] l = lits.get(n).getBytes(StandardCharsets.UTF_8);
                boolean ok = i + l.length <= limit;
                for (int k = 0; ok && k < l.length; k++) {
                    byte a = buf[i + k];
                    ok = a == l[k] || (ci.get(n) && Prefilter.FOLD[a & 0xff] == Prefilter.FOLD[l[k] & 0xff]);
                }
                if (ok) {
                    out.add(i + ":" + n);
                }
            }
        }
        return out;
    }

    private static List<String> engineLiterals() {
        return ENGINE.prefilter.literalTexts();
    }

    @Provide
    Arbitrary<String> text() {
        List<String> pieces = new ArrayList<>(engineLiterals());
        pieces.addAll(MIXED);
        Arbitrary<String> literal = Arbitraries.of(pieces).map(s -> s.length() > 2 && s.hashCode() % 3 == 0
                ? s.toUpperCase() : s);
        Arbitrary<String> noise = Arbitraries.strings().withChars("aAkKiIsScCbB ._-\n\té0QUtJ").ofMaxLength(12);
        return Arbitraries.oneOf(literal, noise).list().ofMaxSize(30).map(p -> String.join("", p));
    }

    @Property(tries = 500)
    void defaultLiteralsHitWhereAPlainComparisonDoes(@ForAll("text") String text) {
        byte[] buf = text.getBytes(StandardCharsets.UTF_8);
        List<String> lits = engineLiterals();
        assertThat(hits(ENGINE.prefilter, buf, 0, buf.length, buf.length))
                .isEqualTo(naive(lits, ENGINE.prefilter.literalCaseInsensitive(), buf, 0, buf.length, buf.length));
    }

    @Property(tries = 500)
    void shortAndNonAsciiLiteralsToo(@ForAll("text") String text) {
        Prefilter p = new Prefilter(MIXED, MIXED_CI);
        byte[] buf = text.getBytes(StandardCharsets.UTF_8);
        assertThat(hits(p, buf, 0, buf.length, buf.length)).isEqualTo(naive(MIXED, MIXED_CI, buf, 0, buf.length,
                buf.length));
    }

    @Property(tries = 500)
    void onlyStartsInTheRangeAndNothingPastTheLimit(@ForAll("text") String text, @ForAll long seed) {
        byte[] buf = text.getBytes(StandardCharsets.UTF_8);
        if (buf.length == 0) {
            return;
        }
        java.util.Random r = new java.util.Random(seed);
        int limit = r.nextInt(buf.length + 1);
        int from = limit == 0 ? 0 : r.nextInt(limit);
        int to = from + r.nextInt(limit - from + 1);
        List<String> lits = engineLiterals();
        assertThat(hits(ENGINE.prefilter, buf, from, to, limit))
                .isEqualTo(naive(lits, ENGINE.prefilter.literalCaseInsensitive(), buf, from, to, limit));
    }

    @Test
    void findsALiteralAtTheVeryEndOfTheBuffer() {
        byte[] buf = "xx secret_access".getBytes(StandardCharsets.US_ASCII);
        List<String> lits = engineLiterals();
        assertThat(hits(ENGINE.prefilter, buf, 0, buf.length, buf.length))
                .containsExactly("3:" + lits.indexOf("secret_access"));
    }
}
