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
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** The hand-written secret-key and session-token matchers find exactly what RE2/J finds with their regexes. */
class KeywordValuesTest {

    private static final String SECRET = KeywordValues.SECRET_KEY;
    private static final String SESSION = KeywordValues.SESSION_TOKEN;
    private static final String S3 = KeywordValues.S3_ACCESS_KEY;

    /** Every match as start-end, then the group that took part and its span. */
    private static List<String> re2j(String regex, byte[] text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            int g = 1;
            while (m.start(g) < 0) {
                g++;
            }
            out.add(m.start() + "-" + m.end() + " g" + g + " " + m.start(g) + "-" + m.end(g));
        }
        return out;
    }

    private static List<String> shape(String regex, byte[] text) {
        KeywordValues k = KeywordValues.forRegex(regex);
        assertThat(k).isNotNull();
        List<String> out = new ArrayList<>();
        int[] o = new int[5];
        for (int from = 0; k.find(text, from, text.length, o); from = o[1]) {
            out.add(o[0] + "-" + o[1] + " g" + o[2] + " " + o[3] + "-" + o[4]);
        }
        return out;
    }

    /** Mostly {@code good}, one time in eight {@code bad}. */
    private static Arbitrary<String> mostly(Arbitrary<String> good, Arbitrary<String> bad) {
        return Arbitraries.frequencyOf(Tuple.of(7, good), Tuple.of(1, bad));
    }

    private static Arbitrary<String> run(String chars, int min, int max) {
        return Arbitraries.strings().withChars(chars).ofMinLength(min).ofMaxLength(max);
    }

    /**
     * Names in every case and spelling (with the long s and the Kelvin sign that (?i) folds to s and k), quotes,
     * separators, every kind of white space (and vertical tab, which \s leaves out), runs of value characters
     * around the lengths the rules need, percent escapes whole and cut, the token openings, and non-ASCII text.
     */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> name = Arbitraries.of("aws", "AWS", "Aws", "secret", "SECRET", "Secret", "ſecret",
                "access", "ACCESS", "key", "KEY", "Key", "\u212Aey", "session", "SESSION", "ſeſſion", "security",
                "Security", "token", "TOKEN", "to\u212Aen", "x-amz-security-token", "X-Amz-Security-Token",
                "x-amz", "aws_secret_access_key", "aws-secret", "secret_access_key", "aws.session.token",
                "awssecuritytoken", "session_token", "security-token", "aws_", "secret_", "session-");
        Arbitrary<String> punct = Arbitraries.of("_", ".", "-", "__", "\"", "'", "\\\"", "\\'", "\\", " ", "  ",
                "\t", "\n", "\r", "\f", "\u000B", ":", "=", "==", ":=", "=>", "::>", ">", ",", "%3D", "%3d", "%3",
                "%2F", "%2f", "%2B", "%2b", "%2", "%", "%2G", "=", "%3D%3D", "===", "é", "€", "ſ", "\u212A", "~");
        Arbitrary<String> opening = Arbitraries.of("IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdz", "FQoGZXIvYXdz", "AQoDYXdz",
                "IQoJb3", "FwoG", "AQoD", "aqodyxdz");
        Arbitrary<String> value = Arbitraries.oneOf(
                run("aZ09/+", 80, 110),
                run("aZ09/+", 1, 12),
                Arbitraries.of("%2F", "%2b", "ſ", "\u212A", "k", "s").list().ofMinSize(1).ofMaxSize(4)
                        .map(l -> String.join("", l)));
        // A name, quote, separator, quote and value in a row, each part now and then one that does not fit.
        Arbitrary<String> sep = mostly(Arbitraries.of("", "_", ".", "-"), Arbitraries.of("__", "/"));
        Arbitrary<String> secretName = Arbitraries.oneOf(
                Combinators.combine(List.of(mostly(Arbitraries.of("aws", "AWS", "Aws", "aw\u017F"),
                                Arbitraries.of("a", "")), sep,
                        mostly(Arbitraries.of("secret", "Secret", "SECRET", "\u017Fecret"), Arbitraries.of("secre")),
                        sep, mostly(Arbitraries.of("access", "ACCESS", ""), Arbitraries.of("acces")), sep,
                        mostly(Arbitraries.of("key", "KEY", "\u212Aey", ""), Arbitraries.of("ke", "token"))))
                        .as(l -> String.join("", l)),
                Combinators.combine(List.of(mostly(Arbitraries.of("secret", "\u017FECRET"), Arbitraries.of("secre")),
                        sep, mostly(Arbitraries.of("access", "Access"), Arbitraries.of("")), sep,
                        mostly(Arbitraries.of("key", "KEY", "\u212Aey"), Arbitraries.of("", "ke"))))
                        .as(l -> String.join("", l)));
        Arbitrary<String> sessionName = Arbitraries.oneOf(
                mostly(Arbitraries.of("x-amz-security-token", "X-Amz-Security-To\u212Aen"),
                        Arbitraries.of("x-amz-security_token", "x-amz")),
                Combinators.combine(List.of(mostly(Arbitraries.of("aws", "AWS", "aw\u017F", "", ""),
                                Arbitraries.of("a")), sep,
                        mostly(Arbitraries.of("session", "Session", "\u017Fe\u017F\u017Fion", "security", "SECURITY"),
                                Arbitraries.of("sessio", "secret")), sep,
                        mostly(Arbitraries.of("token", "Token", "TO\u212AEN"), Arbitraries.of("tok", "key"))))
                        .as(l -> String.join("", l)));
        Arbitrary<String> s3Name = Combinators.combine(List.of(
                mostly(Arbitraries.of("aws", "AWS", "aw\u017F"), Arbitraries.of("a", "")), sep,
                mostly(Arbitraries.of("access", "ACCESS", "acce\u017F\u017F"), Arbitraries.of("acces")), sep,
                mostly(Arbitraries.of("key", "KEY", "\u212Aey"), Arbitraries.of("ke")), sep,
                mostly(Arbitraries.of("id", "ID", ""), Arbitraries.of("i", "idx"))))
                .as(l -> String.join("", l));
        Arbitrary<String> s3Value = Combinators.combine(Arbitraries.oneOf(run("aZ09", 12, 20), run("aZ09", 20, 62),
                        run("aZ09", 60, 70)),
                Arbitraries.of("", "", " ", "_", "(", ".", "[", "-", "]", "\n", "\"", "/", "=", "é", "€", "\u212A", "+"))
                .as((a, b) -> a + b);
        Arbitrary<String> quote = mostly(Arbitraries.of("", "", "\"", "'", "\\\"", "\\'"),
                Arbitraries.of("\\", "`"));
        Arbitrary<String> space = mostly(Arbitraries.of("", "", " ", "\t\n", "\r\f "), Arbitraries.of("\u000B"));
        Arbitrary<String> separator = mostly(Arbitraries.of("=", ":", "==", ":=>", "=>", "%3D", "%3d", ">", ","),
                Arbitraries.of("", "%2F", "=:=", "%3"));
        Arbitrary<String> pad = Arbitraries.of("", "=", "==", "===", "%3D", "%3d%3D", "%3", "=%3D");
        Arbitrary<String> longValue = Arbitraries.oneOf(run("aZ09/+", 35, 45), run("aZ09/+", 85, 105),
                run("aZ09/+", 95, 130), Combinators.combine(run("aZ09/+", 20, 60),
                        Arbitraries.of("%2F", "%2b", "\u017F", "\u212A", "%2", "="), run("aZ09/+", 20, 80))
                        .as((a, b, c) -> a + b + c));
        Arbitrary<String> assignment = Combinators.combine(List.of(Arbitraries.oneOf(secretName, sessionName), quote,
                space, separator, space, quote, space, Arbitraries.oneOf(opening, Arbitraries.just("")), longValue,
                pad)).as(l -> String.join("", l));
        Arbitrary<String> s3Assignment = Combinators.combine(List.of(s3Name, quote, space, separator, space, quote,
                space, s3Value)).as(l -> String.join("", l));
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(4, s3Assignment),
                Tuple.of(6, assignment),
                Tuple.of(4, name), Tuple.of(5, punct), Tuple.of(2, opening),
                Tuple.of(4, value));
        return piece.list().ofMaxSize(12).map(p -> String.join("", p));
    }

    @Property(tries = 3000)
    void secretKeyMatchesAsRe2jDoes(@ForAll("text") String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        List<String> expected = re2j(SECRET, text);
        assertThat(shape(SECRET, text)).isEqualTo(expected);
        Statistics.label("matches").collect(!expected.isEmpty());
        // The inputs must hold matches often, or agreeing would prove little.
        Statistics.label("matches").coverage(c -> c.check(true).percentage(p -> p > 1));
    }

    @Property(tries = 3000)
    void sessionTokenMatchesAsRe2jDoes(@ForAll("text") String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        List<String> expected = re2j(SESSION, text);
        assertThat(shape(SESSION, text)).isEqualTo(expected);
        Statistics.label("matches").collect(!expected.isEmpty());
        // The inputs must hold matches often, or agreeing would prove little.
        Statistics.label("matches").coverage(c -> c.check(true).percentage(p -> p > 1));
    }

    @Property(tries = 3000)
    void s3CompatibleKeyMatchesAsRe2jDoes(@ForAll("text") String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        List<String> expected = re2j(S3, text);
        assertThat(shape(S3, text)).isEqualTo(expected);
        Statistics.label("matches").collect(!expected.isEmpty());
        Statistics.label("matches").coverage(c -> c.check(true).percentage(p -> p > 1));
    }

    /** Arbitrary characters, not only the ones the shapes tell apart. */
    @Property(tries = 1000)
    void inAnyTextBothMatchAsRe2jDoes(@ForAll String s) {
        byte[] text = ("aws_secret_access_key=" + s + " session_token:" + s + " aws_access_key_id=" + s)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(shape(SECRET, text)).isEqualTo(re2j(SECRET, text));
        assertThat(shape(SESSION, text)).isEqualTo(re2j(SESSION, text));
        assertThat(shape(S3, text)).isEqualTo(re2j(S3, text));
    }

    @Test
    void findsTheShapesOfTheRulesExamples() {
        String token = "IQoJb3JpZ2luX2Vj" + "AbC/+%2F".repeat(30);
        byte[] text = ("x-amz-security-token=\"" + token + "%3D%3D\" aws_secret_access_key => '"
                + "wTbRe3c4QqlaaiJD24dil0oUhsNY0dRnXnMja4LU'").getBytes(StandardCharsets.UTF_8);
        assertThat(shape(SESSION, text)).hasSize(1).isEqualTo(re2j(SESSION, text));
        assertThat(shape(SECRET, text)).hasSize(1).isEqualTo(re2j(SECRET, text));
        byte[] bare = (" " + token + " ").getBytes(StandardCharsets.UTF_8);
        assertThat(shape(SESSION, bare)).containsExactly("1-" + (1 + token.length()) + " g2 1-"
                + (1 + token.length()));
    }

    @Test
    void theBuiltInRulesUseTheShapesAndNoOtherTextDoes() {
        List<String> regexes = RuleSet.defaults().rules().stream()
                .filter(r -> r.id().equals("aws-secret-access-key") || r.id().equals("aws-session-token")
                        || r.id().equals("s3-compatible-access-key"))
                .map(Rule::regex).toList();
        assertThat(regexes).hasSize(3).allSatisfy(r -> assertThat(KeywordValues.forRegex(r)).isNotNull());
        assertThat(KeywordValues.forRegex(SECRET.replace("{40,}", "{41,}"))).isNull();
        assertThat(KeywordValues.forRegex(SESSION + "|x")).isNull();
    }
}
