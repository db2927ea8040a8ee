package dev.keyward.org;

import dev.keyward.source.HistoryOptions;
import java.util.Objects;

/**
 * How an {@link OrgScan} runs. Immutable.
 *
 * @param history   the walk and scan settings of each repository ({@code branches} empty: every ref)
 * @param rulesHash a hash of the rules and suppression in force: a blob is scanned again when it changes
 * @param batchSize blobs scanned and committed to the state together; a killed run redoes at most one batch
 */
public record OrgOptions(HistoryOptions history, String rulesHash, int batchSize) {
    public OrgOptions {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(rulesHash, "rulesHash");
        if (rulesHash.isBlank()) {
            throw new IllegalArgumentException("rulesHash is empty");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
    }

    /** {@code history} and {@code rulesHash}, batches of 1000 blobs. */
    public static OrgOptions of(HistoryOptions history, String rulesHash) {
        return new OrgOptions(history, rulesHash, 1000);
    }

    public OrgOptions withBatchSize(int n) {
        return new OrgOptions(history, rulesHash, n);
    }
}
