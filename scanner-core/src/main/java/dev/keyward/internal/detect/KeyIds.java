package dev.keyward.internal.detect;

/**
 * A hand-written matcher for regexes of the key-ID form {@code (?:AKIA|ASIA|...)[A-Z0-9]{16}} (or one opening
 * without the group): openings of capitals, digits and {@code [A-Z0-9]} (as in {@code A3T[A-Z0-9]}), then a fixed
 * count of capitals and digits. Each
 * opening is tried in the regex's order at each position, as RE2/J's leftmost-first search does; nothing else can
 * vary, so the matches are RE2/J's ({@code KeyIdsTest}). Immutable.
 */
final class KeyIds implements Shape {

    private static final String CLASS = "[A-Z0-9]";
    private static final String TAIL = CLASS + "{";
    /** In an opening: any capital or digit. */
    private static final byte ANY = 0;

    private final byte[][] openings;
    private final int count;
    private final boolean[] first = new boolean[256];

    private KeyIds(String[] openings, int count) {
        this.openings = new byte[openings.length][];
        for (int k = 0; k < openings.length; k++) {
            String o = openings[k].replace(CLASS, "\0");
            this.openings[k] = o.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (this.openings[k][0] == ANY) {
                for (int c = 0; c < 256; c++) {
                    first[c] = upperOrDigit(c);
                }
            } else {
                first[this.openings[k][0]] = true;
            }
        }
        this.count = count;
    }

    /** The matcher for {@code regex}, or null when it is not of the form above. */
    static KeyIds forRegex(String regex) {
        // Parsed by hand rather than by java.util.regex: this runs at every start, the hook's included.
        int t = regex.lastIndexOf(TAIL);
        if (t <= 0 || !regex.endsWith("}")) {
            return null;
        }
        String n = regex.substring(t + TAIL.length(), regex.length() - 1);
        String head = regex.substring(0, t);
        if (n.isEmpty() || n.length() > 2 || n.charAt(0) < '1' || n.charAt(0) > '9'
                || (n.length() == 2 && (n.charAt(1) < '0' || n.charAt(1) > '9'))) {
            return null;
        }
        if (head.startsWith("(?:") && head.endsWith(")")) {
            head = head.substring(3, head.length() - 1);
        }
        String[] alts = head.split("\\|", -1);
        for (String a : alts) {
            if (a.isEmpty() || !upperOrDigits(a.replace(CLASS, "A"))) {
                return null;
            }
        }
        if (alts.length > 1 && !regex.startsWith("(?:")) {
            return null; // A|B[A-Z0-9]{n} is A, or B followed by the run: not this form
        }
        return new KeyIds(alts, Integer.parseInt(n));
    }

    private static boolean upperOrDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
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
            if (t[i + k] != o[k] && !(o[k] == ANY && upperOrDigit(t[i + k]))) {
                return false;
            }
        }
        return true;
    }

    private static boolean upperOrDigit(int b) {
        return (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
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
