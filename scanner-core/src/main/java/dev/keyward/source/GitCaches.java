package dev.keyward.source;

import org.eclipse.jgit.storage.file.WindowCacheConfig;

/**
 * Sizes JGit's pack caches for reading a whole history. JGit's window cache is process-wide, so this is done only
 * when the caller asks (the command line does; embedders keep their own settings).
 */
final class GitCaches {

    private static final long MIB = 1024L * 1024;

    private GitCaches() {
    }

    static synchronized void tune(int threads) {
        long heap = Runtime.getRuntime().maxMemory();
        WindowCacheConfig c = new WindowCacheConfig();
        // Pack windows: an eighth of the heap, at most 256 MiB; large windows mean fewer, longer sequential reads.
        // (Windows are softly held, so whatever the limit allows stays on the heap: keep it modest.)
        c.setPackedGitLimit(clamp(heap / 8, 10 * MIB, 256 * MIB));
        c.setPackedGitWindowSize(64 * 1024);
        // Each reader keeps its own delta-base cache: a long delta chain is then inflated once, not per object.
        c.setDeltaBaseCacheLimit((int) clamp(heap / (16L * threads), 8 * MIB, 64 * MIB));
        // Blobs above this are streamed rather than held whole; all workers may hold one at once.
        c.setStreamFileThreshold((int) clamp(heap / (16L * threads), 1 * MIB, 50 * MIB));
        c.install();
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
