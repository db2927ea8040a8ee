package dev.keyward.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The checks' short cuts (a class table, one pass for EXAMPLE, a session token's opening told from its first
 * characters) answer as the plain definitions they replace do.
 */
class ChecksTest {

    @Example
    void characterClassesAreTheComparisons() {
        for (int c = -200; c < 70_000; c++) {
            boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            assertThat(Checks.isAlnum(c)).as("alnum %d", c).isEqualTo(alnum);
            assertThat(Checks.isBase64(c)).as("base64 %d", c).isEqualTo(alnum || c == '+' || c == '/');
            assertThat(Checks.isHex(c)).as("hex %d", c).isEqualTo(hex);
        }
    }

    @Property(tries = 3000)
    void documentationValueIsUpperCasedContains(@ForAll("exampleDense") String s) {
        assertThat(Checks.isDocumentationValue(s)).isEqualTo(s.toUpperCase(Locale.ROOT).contains("EXAMPLE"));
    }

    @Property(tries = 3000)
    void sessionTokenAsWhenEveryValueWasDecoded(@ForAll("tokenLike") String value) {
        assertThat(Checks.sessionToken(value)).isEqualTo(reference(value));
    }

    @Property(tries = 3000)
    void entropyIsShannonsDefinition(@ForAll("entropyInputs") String s) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (char c : s.toCharArray()) {
            counts.merge(c < 128 ? (int) c : -1, 1, Integer::sum); // all others count as one character
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / s.length();
            h -= p * Math.log(p) / Math.log(2);
        }
        assertThat(Checks.entropy(s)).isCloseTo(h, org.assertj.core.api.Assertions.within(1e-9));
    }

    /** Short and long values, a few characters or many, some outside ASCII; counts above the table's 2048 too. */
    @Provide
    Arbitrary<String> entropyInputs() {
        Arbitrary<String> mixed = Arbitraries.strings().withChars("aAbB0/+\u00e9\u4e2d").ofMaxLength(3000);
        Arbitrary<String> base64 = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/").ofMaxLength(700);
        Arbitrary<String> one = Arbitraries.integers().between(0, 5000).map("x"::repeat);
        return Arbitraries.oneOf(mixed, base64, one);
    }

    @Example
    void encodedTokenIsDecodedAndPlainTokenKept() {
        String token = "IQoJb3JpZ2luX2VjE" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/".repeat(4);
        String encoded = Base64.getEncoder().encodeToString(("\n " + token).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(Checks.sessionToken(encoded)).isEqualTo(token);
        assertThat(Checks.sessionToken(token)).isEqualTo(token);
    }

    @Provide
    Arbitrary<String> exampleDense() {
        return Arbitraries.of("e", "E", "x", "X", "EXAMPLE", "example", "ExAmPlE", "EXAMPL", "xample", "a", "7",
                "/", "\u00e9", "\u0131", "\u017f").list().ofMaxSize(20).map(l -> String.join("", l));
    }

    /** Plain base64 runs, and the base64 of text that starts (after blanks, as trim() drops them) near a token's opening. */
    @Provide
    Arbitrary<String> tokenLike() {
        Arbitrary<String> b64 = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                .ofMinLength(90).ofMaxLength(140);
        Arbitrary<String> blanks = Arbitraries.strings().withChars(" \n\t\u0000\u0001").ofMaxLength(8);
        Arbitrary<String> opening = Arbitraries.of(Checks.TOKEN_OPENINGS).flatMap(o -> Arbitraries.integers().between(0, o.length())
                .map(n -> o.substring(0, n)));
        Arbitrary<String> encoded = Combinators.combine(blanks, opening, b64).as((b, o, rest) -> Base64.getEncoder()
                .encodeToString((b + o + rest).getBytes(StandardCharsets.ISO_8859_1)));
        Arbitrary<String> broken = Combinators.combine(encoded, Arbitraries.integers().between(0, 40),
                Arbitraries.of('=', '-', '_', '%', '*')).as((e, at, c) -> e.substring(0, at) + c + e.substring(at + 1));
        Arbitrary<String> plain = b64.map(s -> s.substring(0, s.length() / 4 * 4));
        return Arbitraries.oneOf(encoded, broken, plain, b64);
    }

    /** {@link Checks#sessionToken} as it was: every value of a length divisible by 4 decoded whole. */
    private static String reference(String value) {
        if (value.length() < Checks.SESSION_TOKEN_MIN) {
            return null;
        }
        if (value.length() % 4 == 0) {
            try {
                String inner = new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1).trim();
                for (String opening : Checks.TOKEN_OPENINGS) {
                    if (inner.startsWith(opening)) {
                        return reference(inner);
                    }
                }
            } catch (IllegalArgumentException e) {
                // the value itself
            }
        }
        for (char c : value.toCharArray()) {
            if (!(Checks.isBase64(c) || c == '=')) {
                return null;
            }
        }
        return Checks.entropy(value) >= 4.5 ? value : null;
    }
}
