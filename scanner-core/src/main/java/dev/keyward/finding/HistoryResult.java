package dev.keyward.finding;

import java.util.List;
import java.util.Objects;

/**
 * What a history scan found: the findings (one per credential per unique blob, each attributed to the commit that
 * first introduced the blob), the repository's facts, and the audit summary (one row per distinct credential,
 * oldest first). Immutable.
 */
public record HistoryResult(ScanResult result, HistoryInfo info, List<CredentialSummary> summary) {
    public HistoryResult {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(info, "info");
        summary = List.copyOf(summary);
    }
}
