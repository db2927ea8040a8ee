package dev.keyward;

import dev.keyward.finding.HistoryInfo;

/**
 * A {@link ScanListener} that also hears how far a history scan has got, for progress displays. Calls come from
 * several threads at once; an implementation must be thread-safe.
 */
public interface HistoryListener extends ScanListener {

    /** The history has been walked: {@code info.blobs()} unique blobs are about to be read. */
    default void walked(HistoryInfo info) {
    }

    /** One more blob was dealt with (scanned, skipped or failed); totals so far. */
    default void progress(long blobsDone, long bytesDone) {
    }
}
