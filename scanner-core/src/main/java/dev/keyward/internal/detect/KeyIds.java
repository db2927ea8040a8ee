package dev.keyward.internal.detect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-written matcher for regexes of the key-ID form {@code (?:AKIA|ASIA|...)[A-Z0-9]{16}} (or one opening
 * without the group): fixed openings of capitals and digits, then a fixed count of capitals and digits. Each
 * opening is tried in the regex's order at each position, as RE2/J's leftmost-first search does; nothing else can
 * vary, so the matches are RE2/J's ({@code KeyIdsTest}). Immutable.
 */
final class KeyIds implements Shape {

    private static final Pattern FORM = Pattern.compile("(?:\\(\\?:([A-Z0-9]+(?:\\|[A-Z0-9]+)*)\\)|([A-Z0-9]+))"
            + "\\[A-Z0-9\\]\\{([1-9][0-9]?)\\}");

    private final byte[][] openings;
    private final int count;
    private final boolean[] first = new boolean[256];

    private KeyIds(String[] openings, int count) {
        this.openings = new byte[openings.length][];
        for (int k = 0; k < openings.length; k++) {
            this.openings[k] = openings[k].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            first[this.openings[k][0]] = true;
        }
        this.count = count;
    }

    /** The matcher for {@code regex}, or null when it is not of the form above. */
    static KeyIds forRegex(String regex) {
        Matcher m = FORM.matcher(regex);
        if (!m.matches()) {
            return null;
        }
        String alts = m.group(1) != null ? m.group(1) : m.group(2);
        return new KeyIds(alts.split("\\|"), Integer.parseInt(m.group(3)));
    }

    @Override
    public boolean find(byte[] text, int from, int to, int[] out) {
        for (int i = from; i < to; i++) {
            if (!first[text[i] & 0xff]) {
                continue;
            }
            for (byte[] o : openings) {
                int e = i + o.length + count;
                if (e <= to && opens(text, i, o) && tail(text, i + o.length, e)) {
                    out[0] = i;
                    out[1] = e;
                    out[2] = 0;
                    out[3] = i;
                    out[4] = e;
                    return true;
                }
            }
        }
        return false;
    }

    /** The end of the match starting exactly at {@code i}, or -1 (RE2/J's {@code lookingAt}). */
    int matchAt(byte[] text, int i, int to) {
        for (byte[] o : openings) {
            int e = i + o.length + count;
            if (e <= to && opens(text, i, o) && tail(text, i + o.length, e)) {
                return e;
            }
        }
        return -1;
    }

    private static boolean opens(byte[] t, int i, byte[] o) {
        for (int k = 0; k < o.length; k++) {
            if (t[i + k] != o[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean tail(byte[] t, int i, int e) {
        for (int p = i; p < e; p++) {
            byte b = t[p];
            if (!((b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
