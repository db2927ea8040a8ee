package dev.keyward.source;

import java.nio.file.Path;

/**
 * What {@link Scanner#scanStaged(Path, StagedOptions)} scans. Immutable.
 *
 * @param allLines     scan whole staged files instead of only the lines the commit adds
 * @param indexFile    the index to read instead of the repository's own ({@code GIT_INDEX_FILE}, as Git sets it for
 *                     hooks during {@code git commit -a} or {@code git commit PATH}), or null
 * @param maxDiffBytes staged files (or their committed version) larger than this are scanned whole instead of
 *                     being compared line by line, so a huge file costs one streaming pass and no diff
 */
public record StagedOptions(boolean allLines, Path indexFile, long maxDiffBytes) {

    /** Above this size a file is scanned whole rather than diffed (8 MiB). */
    public static final long DEFAULT_MAX_DIFF_BYTES = 8L * 1024 * 1024;

    public StagedOptions {
        if (maxDiffBytes < 0) {
            throw new IllegalArgumentException("maxDiffBytes must not be negative, was " + maxDiffBytes);
        }
    }

    /** Only added lines, the repository's own index. */
    public static StagedOptions defaults() {
        return new StagedOptions(false, null, DEFAULT_MAX_DIFF_BYTES);
    }

    /** A copy that scans whole staged files ({@code true}) or only added lines ({@code false}). */
    public StagedOptions withAllLines(boolean on) {
        return new StagedOptions(on, indexFile, maxDiffBytes);
    }

    /** A copy that reads this index file (null: the repository's own). */
    public StagedOptions withIndexFile(Path index) {
        return new StagedOptions(allLines, index, maxDiffBytes);
    }

    /** A copy with another size above which files are scanned whole. */
    public StagedOptions withMaxDiffBytes(long bytes) {
        return new StagedOptions(allLines, indexFile, bytes);
    }
}
