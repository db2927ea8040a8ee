package dev.keyward.internal.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Counting over byte arrays eight bytes at a time (SWAR), for the line/column cursor. Stateless. */
final class Bytes {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;

    private Bytes() {
    }

    /** The number of bytes equal to {@code b} in {@code [from, to)}. */
    static int count(byte[] buf, int from, int to, byte b) {
        long pattern = ONES * (b & 0xff);
        int n = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            n += Long.bitCount(zeroBytes((long) LONG_LE.get(buf, i) ^ pattern));
        }
        for (; i < to; i++) {
            if (buf[i] == b) {
                n++;
            }
        }
        return n;
    }

    /** The number of UTF-8 code points starting in {@code [from, to)}: bytes that are not continuation bytes. */
    static int codePoints(byte[] buf, int from, int to) {
        int continuation = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long v = (long) LONG_LE.get(buf, i);
            // A continuation byte is 10xxxxxx: its top bit set and the next one clear.
            continuation += Long.bitCount(v & ~(v << 1) & 0x8080808080808080L);
        }
        for (; i < to; i++) {
            if ((buf[i] & 0xC0) == 0x80) {
                continuation++;
            }
        }
        return (to - from) - continuation;
    }

    /** The high bit of each byte of {@code v} that is zero, and no other bit (exact, no carries between bytes). */
    private static long zeroBytes(long v) {
        long t = (v & LOW7) + LOW7;
        return ~(t | v | LOW7);
    }
}
