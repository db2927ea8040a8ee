package dev.keyward.org;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an incremental run remembers between runs: the ref tips scanned per repository, the blobs already scanned
 * under a hash of the rules and suppression in force, the findings, and the runs. The default, {@link #open}, is
 * an embedded database in one file; a distributed engine can plug in its own.
 *
 * <p>Contract for an implementation: each method is atomic; {@link #commitBatch} makes a batch's blobs and
 * findings durable together or not at all, so a run killed at any moment leaves the store readable and the next
 * run redoes only the batches that were not committed. Used by one run at a time (an implementation keeps a
 * second one out), from one thread at a time.
 */
public interface StateStore extends AutoCloseable {

    /** A run: {@code ended} is null and {@code complete} false while it is going on or when it was killed. */
    record Run(long id, Instant started, Instant ended, boolean complete, String rulesHash) {
    }

    /**
     * A finding as it stands in one repository.
     *
     * @param repo      the repository ({@link RepoSpec#name()}) whose commit and path the finding names
     * @param finding   the finding, with {@link Provenance.GitBlob} provenance
     * @param rulesHash the rules and suppression it was found under
     * @param runId     the run that first found it there
     * @param reachable false once no ref of the repository reaches its blob (a force-push or a deleted ref)
     * @param atTip     whether the credential is in the tree of the repository's default branch tip
     */
    record StoredFinding(String repo, Finding finding, String rulesHash, long runId, boolean reachable,
                         boolean atTip) {
        public StoredFinding {
            Objects.requireNonNull(repo, "repo");
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(rulesHash, "rulesHash");
            if (!(finding.provenance() instanceof Provenance.GitBlob)) {
                throw new IllegalArgumentException("a stored finding comes from a Git blob");
            }
        }

        /** The blob the finding is in. */
        public String blobId() {
            return ((Provenance.GitBlob) finding.provenance()).blobId();
        }
    }

    /**
     * Opens (creating it when absent) the default store: an SQLite database in {@code file}, readable by the
     * owner only, in WAL mode, with a lock on {@code file + ".lock"} held until {@link #close}.
     *
     * @param wait how long to wait for another run to let go of the file
     * @throws OrgException "state file X is in use by another keyward run (pid N)" after {@code wait}, or why the
     *                      file cannot be used
     */
    static StateStore open(Path file, Duration wait) {
        return SqliteStateStore.open(file, wait);
    }

    /** A store in memory, for a run that keeps no state: it dedups blobs within the run and forgets on close. */
    static StateStore inMemory() {
        return new MemoryStateStore();
    }

    /** Starts a run; returns its id. */
    long startRun(Instant started, String rulesHash);

    /** Ends a run; {@code complete} when every repository was scanned. */
    void endRun(long runId, Instant ended, boolean complete);

    /** Every run, oldest first. */
    List<Run> runs();

    /** The ref tips (full ref name to commit id) recorded for a repository; empty when never scanned. */
    Map<String, String> refTips(String repo);

    /** Replaces a repository's recorded ref tips; called once all its blobs are committed. */
    void saveRefTips(String repo, Map<String, String> tips);

    /** Which of {@code blobIds} were scanned under {@code rulesHash}. */
    Set<String> scanned(Collection<String> blobIds, String rulesHash);

    /**
     * In one transaction: records {@code blobIds} as scanned under {@code rulesHash} by {@code runId}, and adds
     * (or updates) {@code findings}; a finding already stored keeps the run that first found it.
     */
    void commitBatch(long runId, String rulesHash, Collection<String> blobIds, Collection<StoredFinding> findings);

    /** Every stored finding. */
    List<StoredFinding> findings();

    /**
     * Marks a repository's findings: reachable when their blob is in {@code reachableBlobs}, and at the tip when
     * their fingerprint is in {@code atTipFingerprints}; in one transaction.
     */
    void markRepository(String repo, Set<String> reachableBlobs, Set<String> atTipFingerprints);

    /**
     * Replaces what is kept of a repository's audit: per credential fingerprint, each blob holding it there (its
     * paths, first and last commit dates, places, whether the tip holds it), as the last walk found. So the audit
     * of a repository that did not change is as full as when it was walked. The default keeps nothing.
     */
    default void saveExposures(String repo, Map<String, List<dev.keyward.finding.Exposure>> byFingerprint) {
    }

    /** What {@link #saveExposures} kept for a repository; empty by default. */
    default Map<String, List<dev.keyward.finding.Exposure>> exposures(String repo) {
        return Map.of();
    }

    /**
     * What the GitHub API said of a repository (see {@link GitHubOrg#rememberingIn}): the full name of its fork
     * network's root, {@code ""} when it is no fork, or null when it was never asked. The default keeps nothing.
     *
     * @param key the API's URL and the repository's full name, as {@link GitHubOrg} spells them
     */
    default String forkRoot(String key) {
        return null;
    }

    /** Records {@link #forkRoot}; the default keeps nothing. */
    default void saveForkRoot(String key, String root) {
    }

    /**
     * The root (parentless) commits that a repository's refs reached when it was last walked, so a repository
     * not walked in a run still joins a fork network by them; empty when unknown (and by default).
     */
    default Set<String> rootCommits(String repo) {
        return Set.of();
    }

    /** Replaces {@link #rootCommits}; the default keeps nothing. */
    default void saveRootCommits(String repo, Set<String> roots) {
    }

    /** Lets go of the store and its lock. */
    @Override
    void close();
}
