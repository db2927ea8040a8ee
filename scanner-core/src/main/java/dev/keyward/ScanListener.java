package dev.keyward;

import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;

/**
 * Receives results as a scan produces them, for inputs too large to collect. Calls may come from several threads
 * at once when a folder is scanned in parallel; an implementation must be thread-safe.
 */
public interface ScanListener {

    /** A finding, complete with its pair. */
    void finding(Finding finding);

    /** Input that could not be read; the scan goes on. */
    default void error(ScanError error) {
    }

    /** Input deliberately not scanned, with the reason. */
    default void skipped(Skipped skipped) {
    }

    /**
     * A finding the baseline accepts: found, and not passed to {@link #finding}; told here so it can be counted
     * (a result's {@code stats().baselined()}).
     */
    default void baselined(Finding finding) {
    }

    /** One input (file, blob, stream) was scanned, of this many bytes. */
    default void scanned(String path, long bytes) {
    }
}
