package dev.keyward.internal.detect;

import dev.keyward.finding.AwsKeyId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The built-in checks rules name in {@code validate}, and the byte-level helpers they share. Stateless. */
final class Checks {

    private Checks() {
    }

    /** Account IDs AWS uses in its documentation, and other obvious placeholders. */
    private static final Set<String> PLACEHOLDER_ACCOUNTS = Set.of("123456789012", "012345678901",
            "111122223333", "444455556666", "777788889999", "999988887777", "210987654321", "000000000000");

    private static final int ALNUM = 1;
    private static final int BASE64 = 2;
    private static final int HEX = 4;
    /**
     * Character classes of the ASCII characters, looked up rather than compared: under C1 the comparisons are not
     * inlined into the loops over 600-character session tokens, and cost a twentieth of a dense scan.
     */
    private static final byte[] CLASS = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            CLASS[c] = (byte) ((alnum ? ALNUM : 0) | (alnum || c == '+' || c == '/' ? BASE64 : 0) | (hex ? HEX : 0));
        }
    }

    static boolean isAlnum(int b) {
        return b >= 0 && b < 128 && (CLASS[b] & ALNUM) != 0;
    }

    static boolean isBase64(int b) {
        return b >= 0 && b < 128 && (CLASS[b] & BASE64) != 0;
    }

    static boolean isHex(int b) {
        return b >= 0 && b < 128 && (CLASS[b] & HEX) != 0;
    }

    /** Any value of any kind holding the word EXAMPLE is a documentation value. */
    static boolean isDocumentationValue(String s) {
        // One pass: "example" in any case among ASCII, looked for without upper-casing a copy; the first two
        // letters are compared before the region, as an e is common in key material and an ex is not.
        boolean example = false;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return s.toUpperCase(Locale.ROOT).contains("EXAMPLE"); // non-ASCII letters may upper-case to ASCII
            }
            if (!example && (c | 0x20) == 'e' && i + 7 <= n && (s.charAt(i + 1) | 0x20) == 'x'
                    && s.regionMatches(true, i, "EXAMPLE", 0, 7)) {
                example = true;
            }
        }
        return example;
    }

    /**
     * True when the byte before {@code start} does not run into the value: it is not alphanumeric, or it ends an
     * escape sequence such as {@code \n}, backslash-u escapes, {@code \x22} or (when {@code percent}) {@code %2F}.
     */
    static boolean boundaryBefore(byte[] a, int lo, int start, boolean percent) {
        if (start <= lo) {
            return true;
        }
        int c = a[start - 1] & 0xff;
        if (!isAlnum(c)) {
            return true;
        }
        if (start - 2 >= lo && a[start - 2] == '\\') {
            return true; // \n, \t, \r and friends
        }
        if (percent && start - 3 >= lo && a[start - 3] == '%' && isHex(a[start - 2]) && isHex(c)) {
            return true;
        }
        if (start - 4 >= lo && a[start - 4] == '\\' && a[start - 3] == 'x' && isHex(a[start - 2]) && isHex(c)) {
            return true;
        }
        if (start - 6 >= lo && a[start - 6] == '\\' && (a[start - 5] == 'u' || a[start - 5] == 'U')) {
            for (int k = start - 4; k < start; k++) {
                if (!isHex(a[k])) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** True when the byte at {@code end} (if any, below {@code hi}) is not alphanumeric. */
    static boolean boundaryAfter(byte[] a, int end, int hi) {
        return end >= hi || !isAlnum(a[end] & 0xff);
    }

    /** True when neither neighbour is a base64 character (or {@code =} after), so the value is a whole token. */
    static boolean wholeToken(byte[] a, int lo, int start, int end, int hi) {
        if (start > lo) {
            int c = a[start - 1] & 0xff;
            if (isBase64(c) && !(start - 2 >= lo && a[start - 2] == '\\' && isAlnum(c))) {
                return false;
            }
        }
        if (end < hi) {
            int c = a[end] & 0xff;
            if (isBase64(c) || c == '=') {
                return false;
            }
        }
        return true;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String s) {
        return entropy(s.toCharArray());
    }

    /** {@code c * log2(c)} for the counts a value of up to this many characters has: no logarithm per scan. */
    private static final int COUNTS = 2048;
    private static final double[] C_LOG2_C = new double[COUNTS + 1];

    static {
        for (int c = 1; c <= COUNTS; c++) {
            C_LOG2_C[c] = c * (Math.log(c) / Math.log(2));
        }
    }

    private static double cLog2c(int c) {
        return c <= COUNTS ? C_LOG2_C[c] : c * (Math.log(c) / Math.log(2));
    }

    /**
     * The same over an array (under C1 a {@code charAt} per character cost more than the copy), as
     * {@code log2(n) - sum(c * log2(c)) / n} over the characters' counts c: equal to {@code -sum(p * log2(p))} but
     * for rounding, with a table where each term took a logarithm.
     */
    private static double entropy(char[] s) {
        if (s.length == 0) {
            return 0;
        }
        int[] counts = new int[128];
        int other = 0;
        for (char c : s) {
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double sum = cLog2c(other);
        double[] table = C_LOG2_C;
        for (int c : counts) {
            if (c > 0) { // no call per count: C1 does not inline cLog2c, and most counts are 0
                sum += c <= COUNTS ? table[c] : cLog2c(c);
            }
        }
        int n = s.length;
        return Math.max(0, (cLog2c(n) - sum) / n);
    }

    /**
     * Placeholders: a run of 8 or more of one character, 4 or fewer distinct characters, an alphabet run of 8, or
     * a short pattern repeated ({@code 234567234567...}).
     */
    static boolean isPlaceholder(String s) {
        for (int period = 1; period <= 8 && 2 * period <= s.length(); period++) {
            int k = period;
            while (k < s.length() && s.charAt(k) == s.charAt(k - period)) {
                k++;
            }
            if (k == s.length()) {
                return true;
            }
        }
        int run = 1;
        int ascending = 1;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            char p = s.charAt(i - 1);
            run = c == p ? run + 1 : 1;
            ascending = c == p + 1 ? ascending + 1 : 1;
            if (run >= 8 || ascending >= 8) {
                return true;
            }
        }
        long[] seen = new long[4];
        int distinct = 0;
        for (int i = 0; i < s.length() && distinct <= 4; i++) {
            char c = s.charAt(i);
            if (c >= 256) {
                distinct++;
            } else if ((seen[c >>> 6] & (1L << c)) == 0) {
                seen[c >>> 6] |= 1L << c;
                distinct++;
            }
        }
        return distinct <= 4;
    }

    /**
     * Checks a 20-character key ID: modern bodies are base32 ({@code A-Z2-7}); legacy ones (fifth character
     * {@code I} or {@code J}) and {@code A3T} ones may hold any upper-case letter or digit. Placeholders are rejected.
     */
    static boolean validKeyId(String id) {
        if (!AwsKeyId.isWellFormed(id)) {
            return false;
        }
        // Legacy and A3T bodies hold any digit; modern ones are base32.
        boolean anyDigit = AwsKeyId.isLegacy(id) || AwsKeyId.isA3t(id);
        for (int i = 4; i < 20; i++) {
            char c = id.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z';
            boolean digit = c >= '0' && c <= '9';
            if (!(letter || (anyDigit ? digit : c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return !isPlaceholder(id.substring(4));
    }

    /**
     * Decodes a captured secret-key value: 40 characters as they are, or a 56-character base64 value (a
     * Kubernetes Secret field) that decodes to 40. Returns the secret, or null when it is not a secret key.
     */
    static String secretKey(String value) {
        String v = value;
        if (v.length() == 56 && v.endsWith("=")) {
            try {
                v = new String(Base64.getDecoder().decode(v), StandardCharsets.ISO_8859_1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (v.length() != 40) {
            return null;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digitOrSymbol = false;
        boolean allHex = true;
        int slashes = 0;
        for (int i = 0; i < 40; i++) {
            char c = v.charAt(i);
            if (!isBase64(c)) {
                return null;
            }
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digitOrSymbol |= (c >= '0' && c <= '9') || c == '/' || c == '+';
            allHex &= isHex(c);
            if (c == '/') {
                slashes++;
            }
        }
        if (!upper || !lower || !digitOrSymbol || allHex) {
            return null;
        }
        if (slashes >= 3 && v.chars().noneMatch(Character::isDigit)) {
            return null; // a path such as src/main/java/SomeClass, not a key
        }
        if (looksLikePath(v) || holdsKeyId(v) || entropy(v) < 4.0 || isPlaceholder(v)) {
            return null;
        }
        return v;
    }

    /** True when the value holds a whole key-ID-shaped word: it is text about a key, not key material. */
    static boolean holdsKeyId(String v) {
        for (int i = 0; i + 20 <= v.length(); i++) {
            // Every credential prefix starts with A: the substrings are made only there.
            if (v.charAt(i) == 'A' && AwsKeyId.isCredentialPrefix(v.substring(i, i + 4))
                    && AwsKeyId.isWellFormed(v.substring(i, i + 20))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A path or URL path such as {@code api/v2/users/ListUsersHandler}: two or more slashes, no {@code +}, and
     * every part a word or camel-case words (mostly lower case, never two capitals in a row). Random key material
     * almost never looks like that.
     */
    static boolean looksLikePath(String v) {
        if (v.indexOf('+') >= 0) {
            return false;
        }
        int slashes = 0;
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) == '/') {
                slashes++;
            }
        }
        if (slashes < 2) {
            return false;
        }
        for (String part : v.split("/")) {
            int upper = 0;
            int lower = 0;
            boolean prevUpper = false;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                boolean up = c >= 'A' && c <= 'Z';
                if (up && prevUpper) {
                    return false;
                }
                prevUpper = up;
                if (up) {
                    upper++;
                } else if (c >= 'a' && c <= 'z') {
                    lower++;
                }
            }
            if (lower < 2 * upper) {
                return false;
            }
        }
        return true;
    }

    /** How STS session tokens begin (the base64 of their first bytes). */
    static final List<String> TOKEN_OPENINGS = List.of("IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdz", "FQoGZXIvYXdz", "AQoDYXdz");
    private static final int LONGEST_OPENING = TOKEN_OPENINGS.stream().mapToInt(String::length).max().orElse(0);

    /**
     * A session token: 100 or more base64 characters with the entropy of real key material. A value that is itself
     * the base64 of a token (a Kubernetes Secret field) is decoded to the token.
     */
    /** The fewest characters a session token has. */
    static final int SESSION_TOKEN_MIN = 100;

    static String sessionToken(String value) {
        if (value.length() < SESSION_TOKEN_MIN) {
            return null;
        }
        if (value.length() % 4 == 0 && mayOpenToken(value)) {
            try {
                String inner = new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1).trim();
                for (String opening : TOKEN_OPENINGS) {
                    if (inner.startsWith(opening)) {
                        return sessionToken(inner);
                    }
                }
            } catch (IllegalArgumentException e) {
                // not base64 as a whole: the value itself is the token
            }
        }
        char[] chars = value.toCharArray();
        for (char c : chars) {
            if (!isBase64(c) && c != '=') {
                return null;
            }
        }
        return entropy(chars) >= 4.5 ? value : null;
    }

    /**
     * False when the decoded value cannot start with a token opening, from its first 24 characters alone: the whole
     * 600-character value is then not decoded only to be thrown away. True when that cannot be told from them.
     */
    private static boolean mayOpenToken(String value) {
        byte[] head;
        try {
            head = Base64.getDecoder().decode(value.substring(0, 24));
        } catch (IllegalArgumentException e) {
            return true; // padding or a bad character early on: the whole decode says what it is
        }
        int t = 0;
        while (t < head.length && (head[t] & 0xff) <= ' ') {
            t++; // what trim() would drop
        }
        if (head.length - t < LONGEST_OPENING) {
            return true; // the longest opening would not fit in what is left
        }
        String inner = new String(head, t, head.length - t, StandardCharsets.ISO_8859_1);
        for (String opening : TOKEN_OPENINGS) {
            if (inner.startsWith(opening)) {
                return true;
            }
        }
        return false;
    }

    /** An account ID assigned to an account keyword: 12 digits (dashes allowed), not a placeholder. */
    static String accountId(String value) {
        String digits = value.replace("-", "");
        if (digits.length() != 12 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        if (PLACEHOLDER_ACCOUNTS.contains(digits) || digits.chars().distinct().count() <= 2) {
            return null;
        }
        return digits;
    }
}
