package dev.keyward.finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one recipe for a finding's fingerprint: the hex SHA-256 of the rule id, a NUL byte and the secret (both
 * UTF-8). It stays the same when the line moves and changes when the secret or the rule does. {@link Finding}
 * computes its own with it, and baselines store it. Stateless.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** The fingerprint of {@code secret} found by rule {@code ruleId}: 64 lower-case hex digits. */
    public static String of(String ruleId, String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(ruleId.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
