package dev.keyward.finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one recipe for a finding's fingerprint: the hex SHA-256 of the rule id, a NUL byte and the secret (both
 * UTF-8). It stays the same when the line moves and changes when the secret or the rule does. {@link Finding}
 * computes its own with it, and baselines store it. Stateless.
 */
public final class Fingerprint {

    /**
     * Never updated, only cloned: {@code MessageDigest.getInstance} looks the provider up each time, which cost as
     * much as the digest itself on text dense with credentials.
     */
    private static final MessageDigest PROTOTYPE = newDigest();
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Fingerprint() {
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static MessageDigest digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newDigest();
        }
    }

    /** The fingerprint of {@code secret} found by rule {@code ruleId}: 64 lower-case hex digits. */
    public static String of(String ruleId, String secret) {
        MessageDigest md = digest();
        md.update(ruleId.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(secret.getBytes(StandardCharsets.UTF_8));
        byte[] d = md.digest();
        byte[] hex = new byte[2 * d.length];
        for (int i = 0; i < d.length; i++) {
            hex[2 * i] = HEX[(d[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(hex, StandardCharsets.ISO_8859_1);
    }
}
