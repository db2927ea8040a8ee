package dev.keyward.source;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Scanner#scanHistory(java.nio.file.Path, HistoryOptions)} walks and how. Immutable; start from
 * {@link #defaults()} and change one setting at a time with the {@code with...} methods.
 *
 * @param branches      refs to scan (branch, tag or remote names, or any revision); empty means every ref
 * @param since         a revision whose history is left out (only what it does not reach is scanned), or null
 * @param maxBlobSize   blobs larger than this many bytes are skipped and listed
 * @param threads       blobs scanned in parallel
 * @param tuneGitCaches size JGit's process-wide pack caches for a history scan; off by default because it changes
 *                      JGit settings for the whole JVM (the command line turns it on)
 * @param clock         "now", for the days a credential has been exposed
 */
public record HistoryOptions(List<String> branches, String since, long maxBlobSize, int threads,
                             boolean tuneGitCaches, Clock clock) {

    public HistoryOptions {
        branches = List.copyOf(Objects.requireNonNull(branches, "branches"));
        for (String b : branches) {
            if (b.isBlank()) {
                throw new IllegalArgumentException("branches: an empty ref name");
            }
        }
        if (since != null && since.isBlank()) {
            throw new IllegalArgumentException("since: an empty revision");
        }
        if (maxBlobSize < 0) {
            throw new IllegalArgumentException("maxBlobSize must not be negative, was " + maxBlobSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** Every ref, 100 MiB blob limit, one thread per core, JGit caches left alone, the system clock. */
    public static HistoryOptions defaults() {
        return new HistoryOptions(List.of(), null, 100L * 1024 * 1024, Runtime.getRuntime().availableProcessors(),
                false, Clock.systemUTC());
    }

    public HistoryOptions withBranches(List<String> refs) {
        return new HistoryOptions(refs, since, maxBlobSize, threads, tuneGitCaches, clock);
    }

    public HistoryOptions withSince(String revision) {
        return new HistoryOptions(branches, revision, maxBlobSize, threads, tuneGitCaches, clock);
    }

    public HistoryOptions withMaxBlobSize(long bytes) {
        return new HistoryOptions(branches, since, bytes, threads, tuneGitCaches, clock);
    }

    public HistoryOptions withThreads(int n) {
        return new HistoryOptions(branches, since, maxBlobSize, n, tuneGitCaches, clock);
    }

    public HistoryOptions withTunedGitCaches(boolean on) {
        return new HistoryOptions(branches, since, maxBlobSize, threads, on, clock);
    }

    public HistoryOptions withClock(Clock c) {
        return new HistoryOptions(branches, since, maxBlobSize, threads, tuneGitCaches, c);
    }
}
