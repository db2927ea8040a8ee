package dev.keyward.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The eight-at-a-time counts equal a plain loop's, at every alignment. */
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

    private static int plain(byte[] buf, int from, int to, byte b) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += buf[i] == b ? 1 : 0;
        }
        return n;
    }
}
