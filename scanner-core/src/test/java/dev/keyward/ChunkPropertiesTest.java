package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import dev.keyward.internal.detect.Engine;
import dev.keyward.rules.RuleSet;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the streaming engine, over generated input. */
class ChunkPropertiesTest {

    private static final Scanner REFERENCE = Scanner.builder().build();

    /** A keywordless (gitleaks-style) user rule, so the per-line path is exercised too. */
    private static final RuleSet WITH_LINE_RULE = RuleSet.defaults().plus(RuleSet.parse("""
            [[rules]]
            id = "ticket"
            regex = '''TCK-[0-9]{6}'''
            examples = ["TCK-123456"]
            negativeExamples = ["TCK-12"]
            """, "test"));

    @Provide
    Arbitrary<String> textWithKeys() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("abcdefg \n\t=:\"'{}AKIS/+0123456789%\\TCK-")
                .ofMinLength(0).ofMaxLength(3000);
        Arbitrary<String> key = Arbitraries.longs().map(ChunkPropertiesTest::plant);
        return Arbitraries.oneOf(noise, noise, key).list().ofMaxSize(16).map(parts -> String.join("", parts));
    }

    /** One realistic credential snippet, chosen and generated from a seed. */
    static String plant(long seed) {
        Random r = new Random(seed);
        return switch (r.nextInt(11)) {
            case 0 -> TestKeys.keyId(r, List.of("AKIA", "ASIA", "ABIA", "ACCA").get(r.nextInt(4)));
            case 1 -> "aws_secret_access_key = " + TestKeys.secret(r);
            case 2 -> TestKeys.keyId(r, "ASIA") + "\n" + TestKeys.secret(r) + "\n" + TestKeys.sessionToken(r, 180);
            case 3 -> "X-Amz-Security-Token=" + TestKeys.sessionToken(r, 300).replace("/", "%2F");
            case 4 -> "  AWS_ACCESS_KEY_ID: " + TestKeys.b64(TestKeys.keyId(r, "AKIA")) + "\n  AWS_SECRET_ACCESS_KEY: "
                    + TestKeys.b64(TestKeys.secret(r)) + "\n";
            case 5 -> "{\"c\":\"" + TestKeys.keyId(r, "AKIA") + "\\n" + TestKeys.secret(r) + "\\n\"}";
            case 6 -> "TCK-" + (100000 + r.nextInt(900000)) + " ";
            case 7 -> "k = " + TestKeys.keyId(r, "AKIA") + " # keyward:allow\n";
            case 8 -> "secret_key = \"" + TestKeys.secret(r) + "\"\n\n access_key = \"" + TestKeys.keyId(r, "AKIA") + "\"\n";
            case 9 -> "blob: " + TestKeys.base64Chars(r, 200) + "\nid: " + TestKeys.keyId(r, "ASIA") + "\n";
            default -> "aws_account_id = " + (100000000000L + (long) (r.nextDouble() * 8e11)) + "\n";
        };
    }

    @Provide
    Arbitrary<Integer> chunkSizes() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 64),
                Arbitraries.of(Engine.BEFORE - 1, Engine.BEFORE, Engine.BEFORE + 1, Engine.AFTER + 1,
                        Engine.BEFORE + Engine.AFTER, Engine.BEFORE + Engine.AFTER + 1, 1 << 16, (1 << 16) + 1),
                Arbitraries.integers().between(65, 120_000));
    }

    @Property(tries = 200)
    void findingsDoNotDependOnChunkSize(@ForAll("textWithKeys") String text, @ForAll("chunkSizes") int chunk,
                                        @ForAll long readSeed) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        RuleSet rules = WITH_LINE_RULE;
        List<Finding> expected = Scanner.builder().rules(rules).build().scan(bytes, "t").findings();
        Scanner chunked = Scanner.builder().rules(rules).chunkSize(chunk).build();
        assertThat(chunked.scan(new ByteArrayInputStream(bytes), "t").findings()).isEqualTo(expected);
        // A stream that hands over fewer bytes than asked for, as pipes and sockets do.
        assertThat(chunked.scan(new Trickle(bytes, new Random(readSeed)), "t").findings()).isEqualTo(expected);
    }

    /** Long inputs, so that small chunks cross the kept bytes many times over. */
    @Property(tries = 15)
    void findingsDoNotDependOnChunkSizeOverLongInputs(@ForAll long seed, @ForAll("chunkSizes") int chunk) {
        Random r = new Random(seed);
        int newlinesPerMille = List.of(0, 1, 60).get(r.nextInt(3)); // one huge line, long lines, short lines
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 200_000) {
            int noise = r.nextInt(4000);
            for (int i = 0; i < noise; i++) {
                sb.append(r.nextInt(1000) < newlinesPerMille ? '\n' : "abc \t=:\"AKIS/+09%\\".charAt(r.nextInt(18)));
            }
            String planted = plant(r.nextLong());
            sb.append(newlinesPerMille == 0 ? planted.replace('\n', ' ') : planted);
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<Finding> expected = Scanner.builder().rules(WITH_LINE_RULE).build().scan(bytes, "t").findings();
        assertThat(expected).isNotEmpty();
        Scanner chunked = Scanner.builder().rules(WITH_LINE_RULE).chunkSize(chunk).build();
        assertThat(chunked.scan(new ByteArrayInputStream(bytes), "t").findings()).isEqualTo(expected);
    }

    @Property(tries = 300)
    void aPlantedKeyIsFoundAtItsLineAndColumn(@ForAll("noise") String before, @ForAll("noise") String after,
                                              @ForAll long seed) {
        Random r = new Random(seed);
        String prefix = List.of("AKIA", "ASIA", "ABIA", "ACCA").get(r.nextInt(4));
        String key = TestKeys.keyId(r, prefix);
        String seps = " \n\t=:\"'{}()[]<>,;/|";
        String before2 = before + seps.charAt(r.nextInt(seps.length()));
        String text = before2 + key + seps.charAt(r.nextInt(seps.length())) + after;
        int line = 1 + (int) before2.chars().filter(c -> c == '\n').count();
        int column = before2.length() - before2.lastIndexOf('\n');
        List<Finding> found = REFERENCE.scan(text.getBytes(StandardCharsets.UTF_8), "t").findings();
        assertThat(found).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("aws-access-key-id");
            assertThat(f.secret()).isEqualTo(key);
            assertThat(f.location().line()).isEqualTo(line);
            assertThat(f.location().column()).isEqualTo(column);
        });
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars("abc xyzQRS0189\n\t=:\"'{}()[]<>,;äü€").ofMaxLength(5000);
    }

    @Property(tries = 300)
    void arbitraryBytesNeverThrow(@ForAll byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        Scanner s = Scanner.builder().rules(WITH_LINE_RULE).enableRules("aws-iam-unique-id").chunkSize(chunk).build();
        assertThat(s.scan(new ByteArrayInputStream(bytes), "b").errors()).isEmpty();
    }

    @Property(tries = 100)
    void arbitraryTextAroundKeywordsNeverThrows(@ForAll("keywordSoup") String text) {
        assertThat(REFERENCE.scan(text.getBytes(StandardCharsets.UTF_8), "s").errors()).isEmpty();
    }

    @Provide
    Arbitrary<String> keywordSoup() {
        return Arbitraries.of("AKIA", "ASIA", "QUtJQ", "secret", "session", "account", "ABSK", "amzn.mws.", "%2F",
                "\\n", "\\u00", "=", "\n", "\r\n", " ", "A", "7", "/", "+", "==", "keyward:allow", "\u00e9")
                .list().ofMaxSize(400).map(parts -> String.join("", parts));
    }

    /** Returns at most a random handful of bytes per read. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final Random random;
        private int pos;

        Trickle(byte[] data, Random random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(5000)), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
