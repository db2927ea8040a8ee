package dev.keyward.finding;

/**
 * Counts for a scan: items (files or blobs) scanned, bytes read, wall time in milliseconds, and findings the
 * baseline accepted (found, and not reported).
 */
public record ScanStats(long items, long bytes, long millis, long baselined) implements java.io.Serializable {
    public ScanStats {
        if (items < 0 || bytes < 0 || millis < 0 || baselined < 0) {
            throw new IllegalArgumentException("negative stats");
        }
    }

    /** Stats of a scan without a baseline, or whose baseline accepted nothing. */
    public ScanStats(long items, long bytes, long millis) {
        this(items, bytes, millis, 0);
    }

    public static final ScanStats EMPTY = new ScanStats(0, 0, 0);
}
