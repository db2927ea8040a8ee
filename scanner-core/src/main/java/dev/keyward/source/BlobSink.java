package dev.keyward.source;

import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;

/**
 * Where a {@link Source} puts what it yields: blobs to scan, and what it skipped or could not read. The scanner
 * gives one to {@link Source#feed}; it decodes each blob with {@link Content}, scans it and reports the results.
 * Thread-safe: a source may call it from several threads at once.
 */
public interface BlobSink {

    /** Decodes, scans and reports one blob; returns when done with its content. */
    void blob(Blob blob);

    /**
     * Whether a blob at this place is wanted at all: false when the config allowlists its path or commit, so the
     * source need not open it. Asked before any other check.
     */
    boolean wants(Provenance provenance);

    /** Something deliberately not scanned, with the reason. */
    void skipped(Skipped skipped);

    /** Something that could not be read; the scan goes on without it. */
    void error(ScanError error);
}
