package dev.keyward.finding;

import java.util.Objects;

/**
 * One detected credential. Immutable. The secret is kept whole here; reporters redact it (see
 * {@code dev.keyward.report.Redaction}). The fingerprint is made from the rule id and the secret by
 * {@link Fingerprint#of}, here and nowhere else, so no finding can carry a wrong one.
 */
public final class Finding implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String ruleId;
    private final String kind;
    private final Severity severity;
    private final Location location;
    private final Provenance provenance;
    private final String secret;
    private final String fingerprint;
    private final String accountId;
    private final PairRef pairedWith;

    /**
     * @param ruleId     the rule that found it
     * @param kind       what it is, such as {@code aws-access-key-id} or {@code aws-secret-access-key}
     * @param severity   how bad it is; both halves of a key pair are {@link Severity#CRITICAL}
     * @param location   where it starts
     * @param provenance where the scanned content came from
     * @param secret     the matched value, decoded if it was percent- or base64-encoded
     * @param accountId  the 12-digit AWS account decoded from the key ID, or null
     * @param pairedWith the other half of a credential pair, or null
     */
    public Finding(String ruleId, String kind, Severity severity, Location location, Provenance provenance,
                   String secret, String accountId, PairRef pairedWith) {
        this(ruleId, kind, severity, location, provenance, secret,
                Fingerprint.of(Objects.requireNonNull(ruleId, "ruleId"), Objects.requireNonNull(secret, "secret")),
                accountId, pairedWith);
    }

    /** For copies: the fingerprint is the one already made for the same rule id and secret. */
    private Finding(String ruleId, String kind, Severity severity, Location location, Provenance provenance,
                    String secret, String fingerprint, String accountId, PairRef pairedWith) {
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.location = Objects.requireNonNull(location, "location");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.fingerprint = fingerprint;
        this.accountId = accountId;
        this.pairedWith = pairedWith;
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("empty secret");
        }
    }

    /** The rule that found it. */
    public String ruleId() {
        return ruleId;
    }

    /** What it is, such as {@code aws-access-key-id}. */
    public String kind() {
        return kind;
    }

    /** How bad it is. */
    public Severity severity() {
        return severity;
    }

    /** Where it starts. */
    public Location location() {
        return location;
    }

    /** Where the scanned content came from. */
    public Provenance provenance() {
        return provenance;
    }

    /** The matched value, decoded if it was encoded. */
    public String secret() {
        return secret;
    }

    /** {@link Fingerprint#of} the rule id and the secret. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The 12-digit AWS account decoded from the key ID, or null. */
    public String accountId() {
        return accountId;
    }

    /** The other half of a credential pair, or null. */
    public PairRef pairedWith() {
        return pairedWith;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Finding f && ruleId.equals(f.ruleId) && kind.equals(f.kind) && severity == f.severity
                && location.equals(f.location) && provenance.equals(f.provenance) && secret.equals(f.secret)
                && Objects.equals(accountId, f.accountId) && Objects.equals(pairedWith, f.pairedWith);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ruleId, kind, severity, location, provenance, fingerprint, accountId, pairedWith);
    }

    /** Never the secret: a finding printed by accident must not leak it. */
    @Override
    public String toString() {
        return "Finding[ruleId=" + ruleId + ", kind=" + kind + ", severity=" + severity + ", location=" + location
                + ", provenance=" + provenance + ", fingerprint=" + fingerprint + ", accountId=" + accountId
                + ", pairedWith=" + pairedWith + "]";
    }
}
