package dev.keyward.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The decoder's runs and sparse escape map give what a byte-at-a-time decoder with a map entry per byte gave, on
 * text dense with escapes (broken ones included) and on arbitrary bytes.
 */
class UnescapeTest {

    @Property(tries = 2000)
    void equalsAByteAtATimeDecoder(@ForAll("escapeDense") byte[] in) {
        check(in);
    }

    @Property(tries = 1000)
    void equalsAByteAtATimeDecoderOnAnyBytes(@ForAll byte[] in) {
        check(in);
    }

    private static void check(byte[] in) {
        Unescape u = Unescape.decode(in);
        int[] map = new int[in.length + 1];
        byte[] want = reference(in, map);
        assertThat(u.bytes).isEqualTo(want);
        for (int o = 0; o <= want.length; o++) {
            assertThat(u.origin(o)).as("origin of %d", o).isEqualTo(map[o]);
        }
        assertThat(Unescape.of(in) != null).isEqualTo(Unescape.hasEscape(in));
    }

    @Provide
    Arbitrary<byte[]> escapeDense() {
        Arbitrary<String> piece = Arbitraries.of("%2F", "%2b", "%3D", "%", "%4", "%G1", "\\", "\\n", "\\u002F",
                "\\u00", "\\x", "\\\\", "\\\"", "a", "Z", "9", "/", "=", "\n", "\u00e9");
        return piece.list().ofMaxSize(40).map(l -> String.join("", l).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The decoder as it was: a byte at a time, every output byte's input index written down. */
    private static byte[] reference(byte[] in, int[] map) {
        byte[] out = new byte[in.length];
        int o = 0;
        int i = 0;
        while (i < in.length) {
            byte b = in[i];
            int taken = 1;
            byte value = b;
            if (b == '%' && i + 2 < in.length && Checks.isHex(in[i + 1]) && Checks.isHex(in[i + 2])) {
                value = (byte) (Character.digit(in[i + 1], 16) << 4 | Character.digit(in[i + 2], 16));
                taken = 3;
            } else if (b == '\\' && i + 5 < in.length && in[i + 1] == 'u' && in[i + 2] == '0' && in[i + 3] == '0'
                    && Checks.isHex(in[i + 4]) && Checks.isHex(in[i + 5])) {
                value = (byte) (Character.digit(in[i + 4], 16) << 4 | Character.digit(in[i + 5], 16));
                taken = 6;
            } else if (b == '\\' && i + 1 < in.length && simple(in[i + 1]) != 0) {
                value = simple(in[i + 1]);
                taken = 2;
            }
            out[o] = value;
            map[o] = i;
            o++;
            i += taken;
        }
        map[o] = in.length;
        return Arrays.copyOf(out, o);
    }

    private static byte simple(byte c) {
        return switch (c) {
            case 'n' -> (byte) '\n';
            case 't' -> (byte) '\t';
            case 'r' -> (byte) '\r';
            case '"', '\'', '/', '\\' -> c;
            default -> 0;
        };
    }
}
