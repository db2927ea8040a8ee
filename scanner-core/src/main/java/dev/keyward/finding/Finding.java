package dev.keyward.finding;

import java.util.Objects;

/**
 * One detected credential. Immutable. The secret is kept whole here; reporters redact it (see
 * {@code dev.keyward.report.Redaction}). The fingerprint is the hex SHA-256 of the rule id and the secret, so it
 * stays the same when the line moves and changes when the secret does.
 *
 * @param ruleId      the rule that found it
 * @param kind        what it is, such as {@code aws-access-key-id} or {@code aws-secret-access-key}
 * @param severity    how bad it is; both halves of a key pair are {@link Severity#CRITICAL}
 * @param location    where it starts
 * @param provenance  where the scanned content came from
 * @param secret      the matched value, decoded if it was percent- or base64-encoded
 * @param fingerprint hex SHA-256 over rule id and secret
 * @param accountId   the 12-digit AWS account decoded from the key ID, or null
 * @param pairedWith  the other half of a credential pair, or null
 */
public record Finding(String ruleId, String kind, Severity severity, Location location, Provenance provenance,
                      String secret, String fingerprint, String accountId, PairRef pairedWith)
        implements java.io.Serializable {
    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("empty secret");
        }
    }

    /** The path of the location. */
    public String path() {
        return location.path();
    }

    /** This finding as a {@link PairRef}, for the other half of its pair to point at. */
    public PairRef asPairRef() {
        return new PairRef(ruleId, location.line(), location.column(), fingerprint);
    }

    /** A copy with another severity and pair. */
    public Finding withPair(Severity newSeverity, PairRef pair) {
        return new Finding(ruleId, kind, newSeverity, location, provenance, secret, fingerprint, accountId, pair);
    }

    /** A copy with another account id. */
    public Finding withAccountId(String account) {
        return new Finding(ruleId, kind, severity, location, provenance, secret, fingerprint, account, pairedWith);
    }

    /** A copy attributed to another provenance and location (used when history maps a blob to its first path). */
    public Finding withOrigin(Location newLocation, Provenance newProvenance) {
        return new Finding(ruleId, kind, severity, newLocation, newProvenance, secret, fingerprint, accountId,
                pairedWith);
    }
}
