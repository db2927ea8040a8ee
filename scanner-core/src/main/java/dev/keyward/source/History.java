package dev.keyward.source;

import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A repository's history in three parts that can be used apart, so that a run over many repositories, or a
 * distributed engine, can list blobs in one place, scan them in another and summarise them in a third:
 *
 * <ol>
 *   <li>{@link #enumerate}: walk every ref's commits and trees, reading no blob, into plain values;</li>
 *   <li>{@link #blobs}: a {@link Source} that reads a given set of those blobs, for {@code Scanner.scan};</li>
 *   <li>{@link #summarize}: the audit, one row per distinct credential.</li>
 * </ol>
 *
 * {@code Scanner.scanHistory} is the three in a row. Stateless and thread-safe; every call opens the repository
 * itself, and none holds state between calls.
 */
public final class History {

    private History() {
    }

    /**
     * Walks the history of the Git repository at or above {@code repo}: every blob reachable from every ref
     * (branches, tags, remote-tracking refs, every stash, notes, worktree HEADs), or from {@code options}' refs,
     * each unique blob once with the commit, path, author and date that first introduced it (the oldest in
     * history order). No blob is read. A folder that is not a repository, or a repository that cannot be read, is
     * an error in the inventory; submodules and refs to trees or blobs are listed as skipped.
     *
     * @throws dev.keyward.source.ScanException when a ref or revision named in the options does not exist
     */
    public static HistoryInventory enumerate(Path repo, HistoryOptions options) {
        return HistoryWalk.enumerate(Objects.requireNonNull(repo, "repo"), Objects.requireNonNull(options, "options"),
                List.of());
    }

    /**
     * As {@link #enumerate(Path, HistoryOptions)}, leaving out the history of {@code known} commits (full ids; those
     * this repository does not hold are ignored): a fork network's shared history, walked already for another
     * of its repositories. As with {@code since}, their trees count as seen, so only what they do not hold is
     * listed, and {@link HistoryInfo#commits()} counts the commits walked.
     */
    public static HistoryInventory enumerate(Path repo, HistoryOptions options, Collection<String> known) {
        return HistoryWalk.enumerate(Objects.requireNonNull(repo, "repo"), Objects.requireNonNull(options, "options"),
                List.copyOf(known));
    }

    /**
     * A source that reads exactly {@code which} (blobs of {@code repo}'s inventory) in pack order on
     * {@code options.threads()} workers; blobs over {@code options.maxBlobSize()} are skipped and listed, an
     * unreadable one is an error naming it. Findings name {@code repository} (null for a one-repository run).
     */
    public static Source blobs(Path repo, Collection<HistoryBlob> which, HistoryOptions options, String repository) {
        return new BlobReader(Objects.requireNonNull(repo, "repo"), List.copyOf(which), options.maxBlobSize(),
                options.threads(), repository);
    }

    /**
     * The audit of {@code findings} (from scanning the inventory's blobs): one row per distinct credential, oldest
     * first, with every blob and path holding it, whether HEAD still does, and days exposed counted to
     * {@code clock}'s now.
     */
    public static List<CredentialSummary> summarize(Path repo, HistoryInventory inventory, List<Finding> findings,
                                                    Clock clock) {
        return Audit.summarize(Objects.requireNonNull(repo, "repo"), Objects.requireNonNull(inventory, "inventory"),
                findings, Objects.requireNonNull(clock, "clock"));
    }
}
