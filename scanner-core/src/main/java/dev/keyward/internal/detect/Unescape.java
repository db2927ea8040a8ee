package dev.keyward.internal.detect;

/**
 * One layer of the escapes people wrap values in: percent-encoding ({@code %2F}), backslash escapes of JSON and
 * source strings ({@code \n}, {@code \"}, {@code \/}, ...) and backslash-u escapes. The result keeps, for each
 * output byte, the index of the input byte it came from ({@link #origin}), so a match in decoded text is reported
 * at its place in the original. Immutable.
 */
final class Unescape {

    final byte[] bytes;
    /**
     * The escapes, in order: output index, input index, and input index after it. Between escapes bytes map one to
     * one, so a few entries stand for a map of every byte (the window's copy is most of the cost otherwise).
     */
    private final int[] escOut;
    private final int[] escIn;
    private final int[] escEnd;
    private final int escapes;

    private Unescape(byte[] bytes, int[] escOut, int[] escIn, int[] escEnd, int escapes) {
        this.bytes = bytes;
        this.escOut = escOut;
        this.escIn = escIn;
        this.escEnd = escEnd;
        this.escapes = escapes;
    }

    /** The input index output byte {@code o} came from; for {@code o == bytes.length}, the input's length. */
    int origin(int o) {
        int lo = 0;
        int hi = escapes - 1;
        int k = -1;
        while (lo <= hi) { // the last escape at or before o
            int mid = (lo + hi) >>> 1;
            if (escOut[mid] <= o) {
                k = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (k < 0) {
            return o;
        }
        return escOut[k] == o ? escIn[k] : escEnd[k] + (o - escOut[k] - 1);
    }

    /** The decoded form of {@code in}, or null when it holds no escape. */
    static Unescape of(byte[] in) {
        return hasEscape(in) ? decode(in) : null;
    }

    /** The decoded form of {@code in}, known to hold an escape. */
    static Unescape decode(byte[] in) {
        byte[] out = new byte[in.length];
        int[] escOut = new int[16];
        int[] escIn = new int[16];
        int[] escEnd = new int[16];
        int n = 0;
        int o = 0;
        int i = 0;
        while (i < in.length) {
            int j = i;
            while (j < in.length && in[j] != '%' && in[j] != '\\') {
                j++;
            }
            System.arraycopy(in, i, out, o, j - i); // most bytes: copied in runs, without the escape tests below
            o += j - i;
            i = j;
            if (i == in.length) {
                break;
            }
            byte b = in[i];
            int taken = 1;
            byte value = b;
            if (b == '%' && i + 2 < in.length && Checks.isHex(in[i + 1]) && Checks.isHex(in[i + 2])) {
                value = (byte) (hex(in[i + 1]) << 4 | hex(in[i + 2]));
                taken = 3;
            } else if (b == '\\' && i + 5 < in.length && in[i + 1] == 'u' && in[i + 2] == '0' && in[i + 3] == '0'
                    && Checks.isHex(in[i + 4]) && Checks.isHex(in[i + 5])) {
                value = (byte) (hex(in[i + 4]) << 4 | hex(in[i + 5]));
                taken = 6;
            } else if (b == '\\' && i + 1 < in.length && simpleEscape(in[i + 1]) != 0) {
                value = simpleEscape(in[i + 1]);
                taken = 2;
            }
            if (taken > 1) {
                if (n == escOut.length) {
                    escOut = java.util.Arrays.copyOf(escOut, 2 * n);
                    escIn = java.util.Arrays.copyOf(escIn, 2 * n);
                    escEnd = java.util.Arrays.copyOf(escEnd, 2 * n);
                }
                escOut[n] = o;
                escIn[n] = i;
                escEnd[n] = i + taken;
                n++;
            }
            out[o++] = value;
            i += taken;
        }
        return new Unescape(java.util.Arrays.copyOf(out, o), escOut, escIn, escEnd, n);
    }

    /** The value of hex digit {@code b}. */
    private static int hex(byte b) {
        return b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
    }

    static boolean hasEscape(byte[] in) {
        return hasEscape(in, 0, in.length);
    }

    /** Whether {@code in[from, to)} holds an escape that {@link #of} would decode. */
    static boolean hasEscape(byte[] in, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            byte b = in[i];
            if (b != '%' && b != '\\') {
                continue;
            }
            if (b == '%' && i + 2 < to && Checks.isHex(in[i + 1]) && Checks.isHex(in[i + 2])) {
                return true;
            }
            if (b == '\\' && (in[i + 1] == 'u' || simpleEscape(in[i + 1]) != 0)) {
                return true;
            }
        }
        return false;
    }

    /** The byte a backslash followed by {@code c} stands for, or 0 when that is not an escape we decode. */
    private static byte simpleEscape(byte c) {
        return switch (c) {
            case 'n' -> (byte) '\n';
            case 't' -> (byte) '\t';
            case 'r' -> (byte) '\r';
            case '"', '\'', '/', '\\' -> c;
            default -> 0;
        };
    }

    /** Percent-decodes a captured value ({@code %2F} to {@code /}); other text is returned as it is. */
    static String percent(String v) {
        if (v.indexOf('%') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%' && i + 2 < v.length() && Checks.isHex(v.charAt(i + 1)) && Checks.isHex(v.charAt(i + 2))) {
                sb.append((char) (hex((byte) v.charAt(i + 1)) << 4 | hex((byte) v.charAt(i + 2))));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
