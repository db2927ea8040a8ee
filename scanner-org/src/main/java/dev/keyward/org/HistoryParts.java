package dev.keyward.org;

import dev.keyward.ScanListener;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import dev.keyward.source.HistoryOptions;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The separate parts of a history scan that {@link OrgScan} drives, one repository at a time: read the ref tips,
 * list the blobs without reading any, scan a chosen set of blobs, summarise per credential. Implementations take
 * and return plain values and hold no state between calls, so a distributed engine can run them anywhere.
 * scanner-core's history parts are adapted to this; an implementation must be thread-safe.
 */
public interface HistoryParts {

    /**
     * The real parts: scanner-core's {@code History} walk, blob reader and audit, with {@code scanner}'s rules,
     * config and baseline. Pair it with {@link RulesHash#of} for the {@link OrgOptions#rulesHash()}.
     */
    static HistoryParts of(dev.keyward.Scanner scanner) {
        return new CoreHistoryParts(scanner);
    }

    /**
     * The first place of one unique blob in a repository.
     *
     * @param places      commit/path places holding the blob in this repository
     * @param commitOrder the position of {@code commit} in the walk (older first), to order first appearances
     */
    record Blob(String blobId, String commit, String path, String author, String email, Instant date, long places,
                int commitOrder) implements Serializable {
        public Blob {
            Objects.requireNonNull(blobId, "blobId");
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(path, "path");
            if (places < 1) {
                throw new IllegalArgumentException("places < 1");
            }
        }

        private static final long serialVersionUID = 1L;
    }

    /** What a walk found: the repository's facts, its unique blobs, and what it skipped or could not read. */
    record Inventory(HistoryInfo info, List<Blob> blobs, List<Skipped> skipped, List<ScanError> errors) {
        public Inventory {
            Objects.requireNonNull(info, "info");
            blobs = List.copyOf(blobs);
            skipped = List.copyOf(skipped);
            errors = List.copyOf(errors);
        }
    }

    /**
     * The tips of the given refs (full name to commit id), or of every ref and {@code HEAD} when {@code refs} is
     * null; cheap, so an unchanged repository costs no walk.
     *
     * @throws OrgException when the folder is not a readable repository
     */
    Map<String, String> tips(Path gitDir, List<String> refs);

    /** Walks every commit and tree of {@code options}' refs without reading a blob. */
    Inventory enumerate(Path gitDir, HistoryOptions options);

    /**
     * As {@link #enumerate(Path, HistoryOptions)}, leaving out the history of {@code known} commits (those this
     * repository holds): a fork's history shared with its parent, walked already. The default walks everything.
     */
    default Inventory enumerate(Path gitDir, HistoryOptions options, Collection<String> known) {
        return enumerate(gitDir, options);
    }

    /**
     * Reads and scans exactly {@code which}; each finding arrives on {@code listener} with the {@code GitBlob}
     * provenance of its {@link Blob}.
     */
    void scan(Path gitDir, Collection<Blob> which, HistoryOptions options, ScanListener listener);

    /** One row per credential of {@code findings} in this repository ({@code atHead}: at the default branch tip). */
    List<CredentialSummary> summarize(Path gitDir, Inventory inventory, List<Finding> findings, Clock clock);
}
