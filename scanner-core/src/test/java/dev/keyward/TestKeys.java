package dev.keyward;

import java.util.Random;

/** Builds fake AWS credentials at run time, so no key is ever committed. */
public final class TestKeys {

    public static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    public static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private TestKeys() {
    }

    /** A modern key ID: prefix and 16 random base32 characters (fifth character never I or J). */
    public static String keyId(Random r, String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        while (sb.length() < 20) {
            char c = BASE32.charAt(r.nextInt(32));
            if (sb.length() == 4 && (c == 'I' || c == 'J')) {
                continue;
            }
            sb.append(c);
        }
        if (dev.keyward.internal.detect.TestHooks.isPlaceholder(sb.substring(4))) {
            return keyId(r, prefix);
        }
        return sb.toString();
    }

    /** A secret access key: 40 random base64 characters with upper, lower and a digit. */
    public static String secret(Random r) {
        while (true) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                sb.append(BASE64.charAt(r.nextInt(64)));
            }
            String s = sb.toString();
            if (s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase)
                    && s.chars().anyMatch(Character::isDigit) && !s.contains("//")
                    && !dev.keyward.internal.detect.TestHooks.isPlaceholder(s)) {
                return s;
            }
        }
    }

    /** A session token of {@code length} characters beginning with a real token's opening. */
    public static String sessionToken(Random r, int length) {
        StringBuilder sb = new StringBuilder("IQoJb3JpZ2luX2Vj");
        while (sb.length() < length) {
            sb.append(BASE64.charAt(r.nextInt(64)));
        }
        return sb.toString();
    }

    /** A legacy key ID: fifth character I or J, then upper-case letters and digits (at least one 0, 1, 8 or 9). */
    public static String legacyKeyId(Random r, String prefix) {
        String body = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder(prefix).append(r.nextBoolean() ? 'I' : 'J');
        while (sb.length() < 19) {
            sb.append(body.charAt(r.nextInt(body.length())));
        }
        sb.append("0189".charAt(r.nextInt(4)));
        return sb.toString();
    }

    /** A key-ID-shaped word AWS never issues: a modern-looking body holding a 0, 1, 8 or 9. */
    public static String nonBase32KeyId(Random r, String prefix) {
        String id = keyId(r, prefix);
        int at = 5 + r.nextInt(15);
        return id.substring(0, at) + "0189".charAt(r.nextInt(4)) + id.substring(at + 1);
    }

    /** A 40-character lower-case hex string, shaped like a Git SHA-1. */
    public static String hex40(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return sb.toString();
    }

    /** {@code n} random base64 characters. */
    public static String base64Chars(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(BASE64.charAt(r.nextInt(64)));
        }
        return sb.toString();
    }

    /** The standard base64 of a string's UTF-8 bytes. */
    public static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
