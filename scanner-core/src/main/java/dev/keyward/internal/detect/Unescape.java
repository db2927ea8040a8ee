package dev.keyward.internal.detect;

/**
 * One layer of the escapes people wrap values in: percent-encoding ({@code %2F}), backslash escapes of JSON and
 * source strings ({@code \n}, {@code \"}, {@code \/}, ...) and backslash-u escapes. The result keeps, for each
 * output byte, the index of the input byte it came from, so a match in decoded text is reported at its place in the
 * original. Stateless.
 */
final class Unescape {

    final byte[] bytes;
    /** {@code map[i]} is the input index of output byte i; {@code map[bytes.length]} is the input length. */
    final int[] map;

    private Unescape(byte[] bytes, int[] map) {
        this.bytes = bytes;
        this.map = map;
    }

    /** The decoded form of {@code in}, or null when it holds no escape. */
    static Unescape of(byte[] in) {
        return hasEscape(in) ? decode(in) : null;
    }

    /** The decoded form of {@code in}, known to hold an escape. */
    static Unescape decode(byte[] in) {
        byte[] out = new byte[in.length];
        int[] map = new int[in.length + 1];
        int o = 0;
        int i = 0;
        while (i < in.length) {
            byte b = in[i];
            if (b != '%' && b != '\\') {
                out[o] = b; // most bytes: copied, without the escape tests below
                map[o++] = i++;
                continue;
            }
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
            out[o] = value;
            map[o] = i;
            o++;
            i += taken;
        }
        map[o] = in.length;
        return new Unescape(java.util.Arrays.copyOf(out, o), java.util.Arrays.copyOf(map, o + 1));
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
