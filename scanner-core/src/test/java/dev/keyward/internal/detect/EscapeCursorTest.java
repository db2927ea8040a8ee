package dev.keyward.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The cursor answers as {@link Unescape#hasEscape(byte[], int, int)} does over the same bytes, through windows
 * that move forward and back, and through a buffer that is refilled, grown and shifted as a streamed scan's is.
 */
class EscapeCursorTest {

    record Step(int kind, int a, int b) {
    }

    @Property(tries = 1000)
    void answersAsTheLinearSearch(@ForAll("inputs") byte[] input, @ForAll("steps") List<Step> steps) {
        Buffer in = new Buffer();
        in.buf = new byte[16];
        in.base = 0;
        in.len = 0;
        EscapeCursor cursor = new EscapeCursor(in);
        for (Step st : steps) {
            switch (st.kind()) {
                case 0 -> { // read more of the input, growing the array when it is full
                    int more = Math.min(st.a() % 40, input.length - (int) in.end());
                    if (in.len + more > in.buf.length) {
                        in.buf = Arrays.copyOf(in.buf, Math.max(2 * in.buf.length, in.len + more));
                    }
                    System.arraycopy(input, (int) in.end(), in.buf, in.len, more);
                    in.len += more;
                }
                case 1 -> { // drop kept bytes from the front, as Scan.run does; stale bytes stay behind len
                    int shift = in.len == 0 ? 0 : st.a() % (in.len + 1);
                    System.arraycopy(in.buf, shift, in.buf, 0, in.len - shift);
                    in.len -= shift;
                    in.base += shift;
                }
                default -> {
                    if (in.len == 0) {
                        continue;
                    }
                    int off = st.a() % in.len;
                    int end = off + st.b() % (in.len - off + 1);
                    assertThat(cursor.hasEscape(off, end))
                            .as("window [%d, %d) of %s", off, end, new String(in.buf, 0, in.len))
                            .isEqualTo(Unescape.hasEscape(in.buf, off, end));
                }
            }
        }
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        // Escape openers, what may follow them, and plain bytes, with long plain stretches now and then.
        Arbitrary<String> bits = Arbitraries.of("%", "\\", "2F", "u", "n", "q", "a", "G", "\n",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        return bits.list().ofMaxSize(120).map(l -> String.join("", l).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> kind = Arbitraries.frequency(net.jqwik.api.Tuple.of(3, 0), net.jqwik.api.Tuple.of(1, 1),
                net.jqwik.api.Tuple.of(8, 2));
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 1000);
        return Combinators.combine(kind, n, n).as(Step::new).list().ofMaxSize(200);
    }
}
