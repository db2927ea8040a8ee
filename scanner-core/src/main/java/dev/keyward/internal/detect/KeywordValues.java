package dev.keyward.internal.detect;

/**
 * A hand-written matcher for two built-in rule regexes: the secret key's and the session token's (a key name, an
 * optional quote, a separator, an optional quote, then a long run of base64 characters and percent-encoded
 * slashes and pluses; for the session token also a known token opening followed by such a run). RE2/J runs these
 * in its NFA, carrying capture groups through every one of the {@code {100,}} / {@code {88,}} / {@code {40,}}
 * counted copies, at a few MB/s; a log with a session token on every line spends nearly all of its scan there.
 *
 * <p>Given well-formed UTF-8 it finds exactly what RE2/J finds (leftmost-first, greedy; {@code KeywordValuesTest}),
 * including RE2/J's Unicode case folding under {@code (?i)}: U+017F (long s) matches {@code s} and U+212A (Kelvin
 * sign) matches {@code k}. Every choice in these regexes is decided by the next character, so no backtracking is
 * needed. A rule whose regex is any other text keeps RE2/J. Stateless.
 */
final class KeywordValues implements Shape {

    static final String SECRET_KEY = "(?i)(?:aws[_.-]?secret(?:[_.-]?access)?(?:[_.-]?key)?|secret[_.-]?access"
            + "[_.-]?key)(?:\\\\?[\"'])?\\s*(?:[:=]{1,2}>?|=>|%3[Dd]|>|,)\\s*(?:\\\\?[\"'])?\\s*((?:[A-Za-z0-9/+]|"
            + "%2[FfBb]){40,}={0,2})";
    static final String SESSION_TOKEN = "(?i:aws[_.-]?session[_.-]?token|aws[_.-]?security[_.-]?token|"
            + "x-amz-security-token|session[_.-]?token|security[_.-]?token)(?:\\\\?[\"'])?\\s*(?:[:=]{1,2}>?|%3[Dd]|>)"
            + "\\s*(?:\\\\?[\"'])?\\s*((?:[A-Za-z0-9/+]|%2[FfBb]){100,}(?:=|%3[Dd]){0,2})|((?:IQoJb3JpZ2luX2Vj|"
            + "FwoGZXIvYXdz|FQoGZXIvYXdz|AQoDYXdz)(?:[A-Za-z0-9/+]|%2[FfBb]){88,}(?:=|%3[Dd]){0,2})";
    static final String S3_ACCESS_KEY = "(?i:aws[_.-]?access[_.-]?key(?:[_.-]?id)?)(?:\\\\?[\"'])?\\s*"
            + "(?:[:=]{1,2}>?|=>|>)"
            + "\\s*(?:\\\\?[\"'])?\\s*([A-Za-z0-9]{16,64})(?:[^A-Za-z0-9_(.\\[-]|$)";

    private static final byte[][] OPENINGS = {ascii("IQoJb3JpZ2luX2Vj"), ascii("FwoGZXIvYXdz"), ascii("FQoGZXIvYXdz"),
        ascii("AQoDYXdz")};
    /** The names' words, lower case, as bytes (a String's charAt costs a check of its coder per character). */
    private static final byte[] W_AWS = ascii("aws");
    private static final byte[] W_ACCESS = ascii("access");
    private static final byte[] W_ID = ascii("id");
    private static final byte[] W_KEY = ascii("key");
    private static final byte[] W_TOKEN = ascii("token");
    private static final byte[] W_SECRET = ascii("secret");
    private static final byte[] W_SECURITY = ascii("security");
    private static final byte[] W_SESSION = ascii("session");
    private static final byte[] W_X_AMZ_SECURITY_TOKEN = ascii("x-amz-security-token");

    private static final boolean[] BASE64 = new boolean[256];
    private static final boolean[] SECRET_START = new boolean[256];
    private static final boolean[] SESSION_START = new boolean[256];
    private static final boolean[] S3_START = new boolean[256];
    /** What may not follow an S3-compatible key: {@code [A-Za-z0-9_(.\[-]}. */
    private static final boolean[] S3_STOP = new boolean[256];

    /** The three regexes: they differ in names, separators, value units and what ends a value. */
    private enum Kind { SECRET, SESSION, S3 }

    static {
        for (int c = 0; c < 256; c++) {
            BASE64[c] = Checks.isBase64(c);
        }
        for (char c : "aAsS".toCharArray()) {
            SECRET_START[c] = true;
            SESSION_START[c] = true;
        }
        SECRET_START[0xC5] = true; // the lead byte of U+017F, which (?i) folds to s
        SESSION_START[0xC5] = true;
        for (char c : "xXIFA".toCharArray()) {
            SESSION_START[c] = true;
        }
        S3_START['a'] = true;
        S3_START['A'] = true;
        for (int c = 0; c < 256; c++) {
            S3_STOP[c] = Checks.isAlnum(c) || "_(.[-".indexOf(c) >= 0;
        }
    }

    // After the tables, which the constructor reads.
    private static final KeywordValues SECRET = new KeywordValues(Kind.SECRET);
    private static final KeywordValues SESSION = new KeywordValues(Kind.SESSION);
    private static final KeywordValues S3 = new KeywordValues(Kind.S3);

    private final Kind kind;
    /** The secret-key shape: all of it case-insensitive, 40 units, '=' padding, also => and , as separators. */
    private final boolean secret;
    private final boolean[] start;

    private KeywordValues(Kind kind) {
        this.kind = kind;
        this.secret = kind == Kind.SECRET;
        this.start = switch (kind) {
            case SECRET -> SECRET_START;
            case SESSION -> SESSION_START;
            case S3 -> S3_START;
        };
    }

    /** The matcher for {@code regex}, or null when it is not one of the two regexes above, written exactly so. */
    static KeywordValues forRegex(String regex) {
        if (regex.equals(SECRET_KEY)) {
            return SECRET;
        }
        if (regex.equals(SESSION_TOKEN)) {
            return SESSION;
        }
        if (regex.equals(S3_ACCESS_KEY)) {
            return S3;
        }
        return null;
    }

    /**
     * Finds the first match starting at or after {@code from} in {@code text[0, to)} and puts its start and end,
     * the number of the capture group that took part (1, or 2 for a session token by its opening) and that group's
     * start and end into {@code out[0..4]}. Returns false when there is none.
     */
    @Override
    public boolean find(byte[] text, int from, int to, int[] out) {
        for (int i = from; i < to; i++) {
            if (!start[text[i] & 0xff]) {
                continue;
            }
            if (kind == Kind.S3) {
                int v = s3Name(text, i, to);
                v = v < 0 ? -1 : afterName(text, v, to);
                int e = v < 0 ? -1 : s3Value(text, v, to);
                if (e >= 0) {
                    found(out, i, e, 1, v);
                    out[4] = v + alnumRun(text, v, to); // the group ends before the character that ends the key
                    return true;
                }
                continue;
            }
            int v = secret ? secretName(text, i, to) : sessionName(text, i, to);
            if (v >= 0) {
                v = afterName(text, v, to);
            }
            if (v >= 0) {
                int e = run(text, v, to, secret ? 40 : 100);
                if (e >= 0) {
                    return found(out, i, pad(text, e, to), 1, v);
                }
            }
            if (!secret) {
                int o = opening(text, i, to);
                if (o >= 0) {
                    int e = run(text, o, to, 88);
                    if (e >= 0) {
                        return found(out, i, pad(text, e, to), 2, i);
                    }
                }
            }
        }
        return false;
    }

    private static boolean found(int[] out, int start, int end, int group, int groupStart) {
        out[0] = start;
        out[1] = end;
        out[2] = group;
        out[3] = groupStart;
        out[4] = end;
        return true;
    }

    /** The end of {@code aws S secret (S access)? (S key)? | secret S access S key} at {@code i}, or -1. */
    private static int secretName(byte[] t, int i, int to) {
        int e = word(t, i, to, W_AWS);
        if (e >= 0) {
            e = word(t, sep(t, e, to), to, W_SECRET);
            if (e < 0) {
                return -1;
            }
            int a = word(t, sep(t, e, to), to, W_ACCESS);
            e = a >= 0 ? a : e;
            int k = word(t, sep(t, e, to), to, W_KEY);
            return k >= 0 ? k : e;
        }
        e = word(t, i, to, W_SECRET);
        e = e < 0 ? -1 : word(t, sep(t, e, to), to, W_ACCESS);
        return e < 0 ? -1 : word(t, sep(t, e, to), to, W_KEY);
    }

    /** The end of {@code aws S access S key (S id)?} at {@code i}, or -1. */
    private static int s3Name(byte[] t, int i, int to) {
        int e = word(t, i, to, W_AWS);
        e = e < 0 ? -1 : word(t, sep(t, e, to), to, W_ACCESS);
        e = e < 0 ? -1 : word(t, sep(t, e, to), to, W_KEY);
        if (e < 0) {
            return -1;
        }
        int id = word(t, sep(t, e, to), to, W_ID);
        return id >= 0 ? id : e;
    }

    /**
     * At {@code v}, {@code ([A-Za-z0-9]{16,64})(?:[^A-Za-z0-9_(.\[-]|$)}: the end of the match, or -1. A run longer
     * than 64 fails at every length (an alphanumeric follows), as does one followed by a character of the set.
     */
    private static int s3Value(byte[] t, int v, int to) {
        int n = alnumRun(t, v, to);
        if (n < 16 || n > 64) {
            return -1;
        }
        int p = v + n;
        if (p == to) {
            return p;
        }
        int b = t[p] & 0xff;
        if (S3_STOP[b]) {
            return -1;
        }
        // One character, whatever its length; a byte that is not UTF-8 is one (a regex sees it replaced).
        return p + Bytes.charLength(t, p, to);
    }

    private static int alnumRun(byte[] t, int i, int to) {
        int p = i;
        while (p < to && Checks.isAlnum(t[p] & 0xff)) {
            p++;
        }
        return p - i;
    }

    /** The end of one of the session-token rule's names at {@code i}, or -1. */
    private static int sessionName(byte[] t, int i, int to) {
        int e = word(t, i, to, W_AWS);
        if (e >= 0) {
            e = sep(t, e, to);
        } else if ((e = word(t, i, to, W_X_AMZ_SECURITY_TOKEN)) >= 0) {
            return e;
        } else {
            e = i;
        }
        int w = word(t, e, to, W_SESSION);
        if (w < 0) {
            w = word(t, e, to, W_SECURITY);
        }
        return w < 0 ? -1 : word(t, sep(t, w, to), to, W_TOKEN);
    }

    /** {@code i + 1} when {@code t[i]} is one of {@code _ . -} (the optional separator of names), else {@code i}. */
    private static int sep(byte[] t, int i, int to) {
        if (i < to) {
            byte b = t[i];
            if (b == '_' || b == '.' || b == '-') {
                return i + 1;
            }
        }
        return i;
    }

    /**
     * The end of {@code lower} at {@code i} matched as (?i) matches it: ASCII letters in either case, U+017F for s
     * and U+212A for k. -1 when it is not there.
     */
    private static int word(byte[] t, int i, int to, byte[] lower) {
        int p = i;
        for (int k = 0; k < lower.length; k++) {
            if (p >= to) {
                return -1;
            }
            int c = lower[k];
            int b = t[p] & 0xff;
            if (b == c || (c >= 'a' && c <= 'z' && b == c - 32)) {
                p++;
            } else if (c == 's' && b == 0xC5 && p + 1 < to && (t[p + 1] & 0xff) == 0xBF) {
                p += 2;
            } else if (c == 'k' && kelvin(t, p, to)) {
                p += 3;
            } else {
                return -1;
            }
        }
        return p;
    }

    private static boolean kelvin(byte[] t, int p, int to) {
        return p + 2 < to && (t[p] & 0xff) == 0xE2 && (t[p + 1] & 0xff) == 0x84 && (t[p + 2] & 0xff) == 0xAA;
    }

    /**
     * After a name: {@code (?:\\?["'])?\s*SEPARATOR\s*(?:\\?["'])?\s*}, where the separator is
     * {@code [:=]{1,2}>?}, {@code %3[Dd]} or {@code >} (and for the secret key also {@code =>} and {@code ,}, the
     * first already covered). The position of the value, or -1.
     */
    private int afterName(byte[] t, int i, int to) {
        int p = quote(t, i, to);
        p = spaces(t, p, to);
        if (p >= to) {
            return -1;
        }
        byte b = t[p];
        if (b == ':' || b == '=') {
            p++;
            if (p < to && (t[p] == ':' || t[p] == '=')) {
                p++;
            }
            if (p < to && t[p] == '>') {
                p++;
            }
        } else if (b == '>' || (secret && b == ',')) {
            p++;
        } else if (kind != Kind.S3 && b == '%' && p + 2 < to && t[p + 1] == '3'
                && (t[p + 2] == 'D' || t[p + 2] == 'd')) {
            p += 3;
        } else {
            return -1;
        }
        p = spaces(t, p, to);
        p = quote(t, p, to);
        return spaces(t, p, to);
    }

    /** Past an optional {@code \"}, {@code "}, {@code \'} or {@code '} at {@code i}. */
    private static int quote(byte[] t, int i, int to) {
        if (i < to && (t[i] == '"' || t[i] == '\'')) {
            return i + 1;
        }
        if (i + 1 < to && t[i] == '\\' && (t[i + 1] == '"' || t[i + 1] == '\'')) {
            return i + 2;
        }
        return i;
    }

    /** Past RE2's {@code \s*}: tab, newline, form feed, carriage return and space (not vertical tab). */
    private static int spaces(byte[] t, int i, int to) {
        while (i < to) {
            byte b = t[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                break;
            }
            i++;
        }
        return i;
    }

    /** The end of one of the session-token openings at {@code i}, or -1. */
    private static int opening(byte[] t, int i, int to) {
        for (byte[] o : OPENINGS) {
            if (t[i] == o[0] && i + o.length <= to) {
                int k = 1;
                while (k < o.length && t[i + k] == o[k]) {
                    k++;
                }
                if (k == o.length) {
                    return i + o.length;
                }
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The end of the longest run of at least {@code min} value units at {@code i}, or -1 when it is shorter. */
    private int run(byte[] t, int i, int to, int min) {
        int n = 0;
        int p = i;
        int u;
        while ((u = unit(t, p, to)) > 0) {
            p += u;
            n++;
        }
        return n >= min ? p : -1;
    }

    /**
     * The length of the value unit at {@code i}: 1 for a base64 character, 3 for %2F or %2B in either case, and
     * in the secret key's case-insensitive regex also 2 for U+017F and 3 for U+212A (folded into [A-Za-z]); else 0.
     */
    private int unit(byte[] t, int i, int to) {
        if (i >= to) {
            return 0;
        }
        int b = t[i] & 0xff;
        if (BASE64[b]) {
            return 1;
        }
        if (b == '%') {
            if (i + 2 < to && t[i + 1] == '2') {
                int c = t[i + 2] & ~0x20;
                return c == 'F' || c == 'B' ? 3 : 0;
            }
            return 0;
        }
        if (secret) {
            if (b == 0xC5 && i + 1 < to && (t[i + 1] & 0xff) == 0xBF) {
                return 2;
            }
            if (kelvin(t, i, to)) {
                return 3;
            }
        }
        return 0;
    }

    /** Past the padding: up to two of '=' (and for the session token also %3D in either case). */
    private int pad(byte[] t, int i, int to) {
        for (int k = 0; k < 2; k++) {
            if (i < to && t[i] == '=') {
                i++;
            } else if (!secret && i + 2 < to && t[i] == '%' && t[i + 1] == '3' && (t[i + 2] & ~0x20) == 'D') {
                i += 3;
            } else {
                break;
            }
        }
        return i;
    }
}
