package dev.keyward.finding;

import java.util.Objects;

/**
 * Facts about a scanned Git repository. Immutable.
 *
 * @param gitDir  the repository's Git folder
 * @param bare    whether it has no work tree
 * @param shallow whether it is a shallow clone: older history is missing, so "first introduced" may name the
 *                oldest commit present rather than the one that really introduced a blob
 * @param head    the commit HEAD points at, or null (empty repository, unborn branch)
 * @param headRef the branch HEAD names (such as {@code refs/heads/main}), or null when detached or absent
 * @param refs    start points walked (refs, stash entries, worktree HEADs)
 * @param commits commits walked
 * @param trees   unique trees read
 * @param blobs   unique blobs to scan
 */
public record HistoryInfo(String gitDir, boolean bare, boolean shallow, String head, String headRef, int refs,
                          long commits, long trees, long blobs) implements java.io.Serializable {
    public HistoryInfo {
        Objects.requireNonNull(gitDir, "gitDir");
        if (refs < 0 || commits < 0 || trees < 0 || blobs < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }
}
