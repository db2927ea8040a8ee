package dev.keyward.internal.detect;

/**
 * A hand-written matcher for the built-in pairing regexes, which match runs of base64 characters (percent-encoded
 * slashes and pluses included) and their padding:
 *
 * <pre>
 * (?:[A-Za-z0-9/+]|%2[FfBb])+={0,2}
 * (?:[A-Za-z0-9/+]|%2[FfBb])+(?:=|%3[Dd]){0,2}
 * </pre>
 *
 * A pairing regex runs over several lines around every key ID and matches nearly every word there; RE2/J's NFA
 * spends most of a scan of credential files on it. In UTF-8 text this finds exactly the matches RE2/J finds, in
 * the same order (leftmost-first, greedy; see {@code TokenRunsTest}); in bytes that are not UTF-8 it also sees
 * ASCII characters that RE2/J's decoder takes into a broken character. A rule whose pairing regex is any other
 * text keeps RE2/J. Stateless.
 */
final class TokenRuns {

    private static final String BODY = "(?:[A-Za-z0-9/+]|%2[FfBb])+";
    private static final TokenRuns PLAIN_PAD = new TokenRuns(false);
    private static final TokenRuns ENCODED_PAD = new TokenRuns(true);

    private static final boolean[] BASE64 = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            BASE64[c] = Checks.isAlnum(c) || c == '/' || c == '+';
        }
    }

    /** Whether the padding may also be written {@code %3D}. */
    private final boolean encodedPad;

    private TokenRuns(boolean encodedPad) {
        this.encodedPad = encodedPad;
    }

    /** The matcher for {@code regex}, or null when it is not one of the shapes above, written exactly so. */
    static TokenRuns forRegex(String regex) {
        if (regex.equals(BODY + "={0,2}")) {
            return PLAIN_PAD;
        }
        if (regex.equals(BODY + "(?:=|%3[Dd]){0,2}")) {
            return ENCODED_PAD;
        }
        return null;
    }

    /**
     * The first match starting at or after {@code from} in {@code text[0, to)}, as {@code start << 32 | end}, or
     * -1 when there is none.
     */
    long find(byte[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!BASE64[text[i] & 0xff] && !percent(text, i, to, '2', 'F', 'B')) {
                continue;
            }
            int e = i;
            while (true) {
                // Runs of base64 characters a table lookup at a time; an encoded slash or plus goes on the run.
                while (e < to && BASE64[text[e] & 0xff]) {
                    e++;
                }
                if (percent(text, e, to, '2', 'F', 'B')) {
                    e += 3;
                } else {
                    break;
                }
            }
            for (int pad = 0; pad < 2; pad++) {
                if (e < to && text[e] == '=') {
                    e++;
                } else if (encodedPad && percent(text, e, to, '3', 'D', 'D')) {
                    e += 3;
                } else {
                    break;
                }
            }
            return (long) i << 32 | e;
        }
        return -1;
    }

    /** Whether {@code text[i, i + 3)} is '%', then {@code digit}, then {@code a} or {@code b} in either case. */
    private static boolean percent(byte[] text, int i, int to, char digit, char a, char b) {
        if (i + 3 > to || text[i] != '%' || text[i + 1] != digit) {
            return false;
        }
        int c = text[i + 2] & ~0x20; // upper-cases ASCII letters
        return c == a || c == b;
    }
}
