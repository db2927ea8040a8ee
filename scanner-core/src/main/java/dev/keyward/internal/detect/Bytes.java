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

    /** The index of the first byte equal to {@code b} in {@code [from, to)}, or {@code to}. */
    static int indexOf(byte[] buf, int from, int to, byte b) {
        long pattern = ONES * (b & 0xff);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long z = zeroBytes((long) LONG_LE.get(buf, i) ^ pattern);
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return to;
    }

    /** One past the index of the last byte equal to {@code b} in {@code [from, to)}, or {@code from}. */
    static int afterLast(byte[] buf, int from, int to, byte b) {
        long pattern = ONES * (b & 0xff);
        int i = to;
        for (; i - 8 >= from; i -= 8) {
            long z = zeroBytes((long) LONG_LE.get(buf, i - 8) ^ pattern);
            if (z != 0) {
                return i - (Long.numberOfLeadingZeros(z) >>> 3);
            }
        }
        for (; i > from; i--) {
            if (buf[i - 1] == b) {
                return i;
            }
        }
        return from;
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

    /**
     * Replaces each byte of {@code b} that is not part of a well-formed UTF-8 sequence with {@code with}, one for
     * one, so offsets are kept. RE2/J decodes by the lead byte alone: 0xFF or a Latin-1 'ü' before "AKIA" would
     * take the A into one broken character and hide the key. Text that is all ASCII is left as it is, untouched.
     */
    static void replaceInvalidUtf8(byte[] b, byte with) {
        firstInvalid(b, 0, b.length, true, with);
    }

    /** Whether all of {@code b} is well-formed UTF-8. */
    static boolean wellFormedUtf8(byte[] b) {
        return firstInvalid(b, 0, b.length, false, (byte) 0) < 0;
    }

    /**
     * The one scan behind both: walks {@code b[from, to)} (ASCII eight bytes at a time) and at each byte that is
     * not part of a well-formed sequence either replaces it with {@code with} and goes on ({@code replace}) or
     * stops and returns its index. -1 when it went to the end.
     */
    private static int firstInvalid(byte[] b, int from, int to, boolean replace, byte with) {
        int i = from;
        while (i < to) {
            if (i + 8 <= to && ((long) LONG_LE.get(b, i) & 0x8080808080808080L) == 0) {
                i += 8;
                continue;
            }
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n = sequence(b, i, to);
            if (n > 0) {
                i += n;
            } else if (replace) {
                b[i++] = with;
            } else {
                return i;
            }
        }
        return -1;
    }

    /**
     * The length of the character at {@code i} as a regex sees it once bytes that are not UTF-8 are replaced: the
     * length of the well-formed sequence there, ending by {@code to}, or 1.
     */
    static int charLength(byte[] b, int i, int to) {
        return (b[i] & 0x80) == 0 ? 1 : Math.max(1, sequence(b, i, to));
    }

    /** The length of the well-formed UTF-8 sequence at {@code i} whose lead byte is over 0x7F, ending by {@code to}, or 0. */
    private static int sequence(byte[] b, int i, int to) {
        int c = b[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        if (i + n > to) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int cont = b[i + k] & 0xff;
            if (cont < 0x80 || cont > 0xBF) {
                return 0;
            }
        }
        return n;
    }

    /** The high bit of each byte of {@code v} that is zero, and no other bit (exact, no carries between bytes). */
    private static long zeroBytes(long v) {
        long t = (v & LOW7) + LOW7;
        return ~(t | v | LOW7);
    }
}
