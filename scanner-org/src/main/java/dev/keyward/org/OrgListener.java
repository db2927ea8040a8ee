package dev.keyward.org;

import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;

/**
 * Told what an {@link OrgScan} does as it goes, for a progress line and streaming output. Calls come from the
 * thread running the scan, except {@link #scanned}, which may come from scanning threads: thread-safe.
 */
public interface OrgListener {

    /** How a repository went. */
    enum Outcome { SCANNED, UNCHANGED, FAILED }

    /** Repository {@code index} (from 1) of {@code total} is being mirrored (cloned, fetched or asked for its refs). */
    default void mirroring(RepoSpec repo, int index, int total) {
    }

    /**
     * Progress of a clone or fetch: JGit's task (such as "Receiving objects") and how far it is; {@code total} 0
     * when unknown.
     */
    default void transfer(RepoSpec repo, String task, long done, long total) {
    }

    /** Repository {@code index} (from 1) of {@code total} is being read. */
    default void repoStarted(RepoSpec repo, int index, int total) {
    }

    /** A repository is done. */
    default void repoDone(RepoSpec repo, Outcome outcome) {
    }

    /** A finding attributed to a repository in this run (a new one, or a blob scanned before now found in it). */
    default void finding(OrgFinding finding) {
    }

    /** A repository could not be mirrored or read, or a part of one could not be read; the run goes on. */
    default void error(String repo, ScanError error) {
    }

    /** Content deliberately not scanned. */
    default void skipped(String repo, Skipped skipped) {
    }

    /** One blob was read and scanned, of this many bytes. */
    default void scanned(String path, long bytes) {
    }

    /** Something the user should see, such as a rate-limit wait. */
    default void notice(String message) {
    }
}
