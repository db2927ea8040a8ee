package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ChunkPropertiesTest {

    private static final Scanner REFERENCE = Scanner.builder().build();

    @Provide
    Arbitrary<String> textWithKeys() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("abcdefg \n\t=:\"'{}AKIS/+0123456789%\\")
                .ofMinLength(0).ofMaxLength(300);
        Arbitrary<String> key = Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            return switch (r.nextInt(4)) {
                case 0 -> TestKeys.keyId(r, "AKIA");
                case 1 -> "aws_secret_access_key = " + TestKeys.secret(r);
                case 2 -> TestKeys.keyId(r, "ASIA") + "\n" + TestKeys.secret(r) + "\n"
                        + TestKeys.sessionToken(r, 180);
                default -> "X-Amz-Security-Token=" + TestKeys.sessionToken(r, 300).replace("/", "%2F");
            };
        });
        return Arbitraries.oneOf(noise, key).list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    @Property(tries = 300)
    void findingsDoNotDependOnChunkSize(@ForAll("textWithKeys") String text,
                                        @ForAll @IntRange(min = 1, max = 20_000) int chunk) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Finding> expected = REFERENCE.scan(bytes, "t").findings();
        Scanner chunked = Scanner.builder().chunkSize(chunk).build();
        List<Finding> actual = chunked.scan(new ByteArrayInputStream(bytes), "t").findings();
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 300)
    void aPlantedKeyIsFoundAtItsLineAndColumn(@ForAll("noise") String before, @ForAll("noise") String after,
                                              @ForAll long seed) {
        Random r = new Random(seed);
        String prefix = List.of("AKIA", "ASIA", "ABIA", "ACCA").get(r.nextInt(4));
        String key = TestKeys.keyId(r, prefix);
        String seps = " \n\t=:\"'{}()[]<>,;";
        String before2 = before + seps.charAt(r.nextInt(seps.length()));
        String text = before2 + key + seps.charAt(r.nextInt(seps.length())) + after;
        int line = 1 + (int) before2.chars().filter(c -> c == '\n').count();
        int column = before2.length() - before2.lastIndexOf('\n');
        List<Finding> found = REFERENCE.scan(text.getBytes(StandardCharsets.UTF_8), "t").findings();
        assertThat(found).anySatisfy(f -> {
            assertThat(f.secret()).isEqualTo(key);
            assertThat(f.location().line()).isEqualTo(line);
            assertThat(f.location().column()).isEqualTo(column);
        });
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars("abc xyz\n\t=:\"'{}()[]<>,;").ofMaxLength(200);
    }

    @Property(tries = 500)
    void arbitraryBytesNeverThrow(@ForAll byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        Scanner s = Scanner.builder().chunkSize(chunk).build();
        assertThat(s.scan(new ByteArrayInputStream(bytes), "b").errors()).isEmpty();
    }
}
