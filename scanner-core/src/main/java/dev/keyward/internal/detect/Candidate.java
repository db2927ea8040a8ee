package dev.keyward.internal.detect;

import dev.keyward.finding.AwsKeyId;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Location;
import dev.keyward.finding.Provenance;

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
    /** Whether it is a key ID of an AWS credential prefix, and one of an {@code ASIA} (temporary) key. */
    private final boolean credentialKey;
    private final boolean temporaryKey;
    /** Its finding before pairing, made once: the fingerprint (a SHA-256) is its costly part, wanted twice. */
    private Finding unpaired;

    Candidate(CompiledRule rule, long abs, String secret, String account) {
        this.rule = rule;
        this.abs = abs;
        this.secret = secret;
        this.account = account;
        boolean keyId = rule.check == CompiledRule.Check.KEY_ID && secret.length() >= 4;
        this.credentialKey = keyId && AwsKeyId.isCredentialPrefix(secret.substring(0, 4));
        this.temporaryKey = keyId && secret.startsWith("ASIA");
    }

    boolean isCredentialKey() {
        return credentialKey;
    }

    /** A key ID of a temporary credential ({@code ASIA}), which a session token goes with. */
    boolean isTemporaryKey() {
        return temporaryKey;
    }

    /** Another service's access key ID (GCS HMAC, S3-compatible) under an AWS name: it pairs, but is not AWS's. */
    boolean isLookAlikeKey() {
        return rule.check == CompiledRule.Check.LOOK_ALIKE_KEY;
    }

    /** What a secret key pairs with: an AWS credential key ID or a look-alike. */
    boolean isPairingKey() {
        return credentialKey || isLookAlikeKey();
    }

    /** The key it is deduplicated by: one candidate per rule kind and offset. */
    long key(int kinds) {
        return key(rule, abs, kinds);
    }

    static long key(CompiledRule rule, long abs, int kinds) {
        return abs * kinds + rule.kindId;
    }

    /** Its finding as its own rule reports it, unpaired; it must be located. */
    Finding unpaired(Provenance provenance) {
        if (unpaired == null) {
            Location loc = new Location(provenance.path(), line, column, abs);
            unpaired = new Finding(rule.rule.id(), rule.rule.kind(), rule.rule.severity(), loc, provenance, secret,
                    account, null);
        }
        return unpaired;
    }

    String fingerprint(Provenance provenance) {
        return unpaired(provenance).fingerprint();
    }
}
