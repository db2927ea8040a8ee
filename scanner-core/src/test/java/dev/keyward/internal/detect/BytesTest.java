package dev.keyward.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The eight-at-a-time counts equal a plain loop's, at every alignment; invalid UTF-8 is replaced byte for byte. */
class BytesTest {

    @Property(tries = 1000)
    void countsEqualAPlainLoop(@ForAll byte[] buf, @ForAll byte b, @ForAll int a, @ForAll int c) {
        int from = buf.length == 0 ? 0 : Math.floorMod(a, buf.length + 1);
        int to = from + Math.floorMod(c, buf.length - from + 1);
        int equal = 0;
        int points = 0;
        for (int i = from; i < to; i++) {
            equal += buf[i] == b ? 1 : 0;
            points += (buf[i] & 0xC0) != 0x80 ? 1 : 0;
        }
        assertThat(Bytes.count(buf, from, to, b)).isEqualTo(equal);
        assertThat(Bytes.count(buf, from, to, (byte) '\n')).isEqualTo(plain(buf, from, to, (byte) '\n'));
        assertThat(Bytes.codePoints(buf, from, to)).isEqualTo(points);
    }

    @Property(tries = 1000)
    void searchesEqualAPlainLoop(@ForAll("withLineBreaks") byte[] buf, @ForAll int a, @ForAll int c) {
        int from = buf.length == 0 ? 0 : Math.floorMod(a, buf.length + 1);
        int to = from + Math.floorMod(c, buf.length - from + 1);
        int first = from;
        while (first < to && buf[first] != '\n') {
            first++;
        }
        int after = to;
        while (after > from && buf[after - 1] != '\n') {
            after--;
        }
        assertThat(Bytes.indexOf(buf, from, to, (byte) '\n')).isEqualTo(first);
        assertThat(Bytes.afterLast(buf, from, to, (byte) '\n')).isEqualTo(after);
    }

    @Provide
    Arbitrary<byte[]> withLineBreaks() {
        return Arbitraries.strings().withChars("ab\n\r\u00e9").ofMaxLength(40)
                .map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    private static int plain(byte[] buf, int from, int to, byte b) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += buf[i] == b ? 1 : 0;
        }
        return n;
    }

    @Provide
    Arbitrary<byte[]> mostlyText() {
        // Valid sequences of every length, broken ones (cut, overlong, surrogate, out of range) and ASCII between.
        Arbitrary<byte[]> piece = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).map(t -> t.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of(new byte[] {(byte) 0xFC}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3},
                        new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90},
                        new byte[] {(byte) 0x80}, new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}));
        return piece.list().ofMaxSize(20).map(parts -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    @Property(tries = 2000)
    void invalidUtf8IsReplacedAndNothingElse(@ForAll("mostlyText") byte[] text) {
        byte[] b = text.clone();
        Bytes.replaceInvalidUtf8(b, (byte) 0x1A);
        assertThat(strictUtf8(b)).as("well-formed after").isTrue();
        if (strictUtf8(text)) {
            assertThat(b).isEqualTo(text);
        }
        for (int i = 0; i < b.length; i++) {
            if (text[i] >= 0 || b[i] != 0x1A) {
                assertThat(b[i]).isEqualTo(text[i]); // ASCII and kept bytes are untouched
            }
        }
        // Only what must go: putting back any one replaced byte makes the text malformed again.
        for (int i = 0; i < b.length; i++) {
            if (b[i] != text[i]) {
                byte[] back = b.clone();
                back[i] = text[i];
                assertThat(strictUtf8(back)).as("byte %d", i).isFalse();
            }
        }
    }

    @Property(tries = 300)
    void arbitraryBytesBecomeWellFormed(@ForAll byte[] text) {
        byte[] b = text.clone();
        Bytes.replaceInvalidUtf8(b, (byte) 0x1A);
        assertThat(strictUtf8(b)).isTrue();
    }

    private static boolean strictUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
