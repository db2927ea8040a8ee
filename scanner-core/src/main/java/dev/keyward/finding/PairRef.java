package dev.keyward.finding;

import java.util.Objects;

/** The other half of a credential pair: its rule, where it starts, and its fingerprint. */
public record PairRef(String ruleId, int line, int column, String fingerprint) implements java.io.Serializable {
    public PairRef {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
