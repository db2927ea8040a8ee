package dev.keyward.internal.detect;

import dev.keyward.finding.AwsKeyId;
import dev.keyward.finding.Fingerprint;

/** A match that passed its rule's checks, waiting to be paired and passed on. */
final class Candidate {

    final CompiledRule rule;
    /** Its input offset (moved once, when a base64 layer maps it back to the encoded text). */
    long abs;
    final String secret;
    final String account;
    int line;
    int column;
    /** The other half of a key pair (key ID and secret), matched one to one. */
    Candidate mate;
    private String fingerprint;

    Candidate(CompiledRule rule, long abs, String secret, String account) {
        this.rule = rule;
        this.abs = abs;
        this.secret = secret;
        this.account = account;
    }

    boolean isCredentialKey() {
        return rule.check == CompiledRule.Check.KEY_ID && AwsKeyId.isCredentialPrefix(secret.substring(0, 4));
    }

    /** Another service's access key ID (GCS HMAC, S3-compatible) under an AWS name: it pairs, but is not AWS's. */
    boolean isLookAlikeKey() {
        return rule.check == CompiledRule.Check.LOOK_ALIKE_KEY;
    }

    /** What a secret key pairs with: an AWS credential key ID or a look-alike. */
    boolean isPairingKey() {
        return isCredentialKey() || isLookAlikeKey();
    }

    /** The key it is deduplicated by: one candidate per rule kind and offset. */
    String key() {
        return key(rule, abs);
    }

    static String key(CompiledRule rule, long abs) {
        return rule.rule.kind() + "@" + abs;
    }

    String fingerprint() {
        if (fingerprint == null) {
            fingerprint = Fingerprint.of(rule.rule.id(), secret);
        }
        return fingerprint;
    }
}
