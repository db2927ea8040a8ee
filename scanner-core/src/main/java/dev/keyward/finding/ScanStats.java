package dev.keyward.finding;

/** Counts for a scan: items (files or blobs) scanned, bytes read, and wall time in milliseconds. */
public record ScanStats(long items, long bytes, long millis) {
    public ScanStats {
        if (items < 0 || bytes < 0 || millis < 0) {
            throw new IllegalArgumentException("negative stats");
        }
    }

    public static final ScanStats EMPTY = new ScanStats(0, 0, 0);
}
