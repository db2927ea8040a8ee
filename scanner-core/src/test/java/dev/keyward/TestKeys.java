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
}
