package dev.keyward.finding;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of the history audit: a distinct credential (one fingerprint) across the whole history. Immutable.
 *
 * @param first       the finding in the blob that entered history first; its {@link Provenance.GitBlob} names
 *                    the commit, date, author and path that introduced the credential
 * @param paired      whether it was found as half of a key pair anywhere
 * @param atHead      whether it is still in the tree of HEAD (the commit checked out; in a bare repository, the
 *                    branch HEAD names, normally the default branch)
 * @param blobs       distinct blobs holding it
 * @param paths       distinct paths those blobs appear at
 * @param places      commit/path places holding it (a file unchanged over 100 commits counts 100)
 * @param lastSeen    date of the newest commit that still holds it
 * @param daysExposed whole days from the first commit's date to the scan: a key deleted from the tip is still in
 *                    history, so exposure lasts until the key is deactivated
 * @param exposures   each blob holding it, oldest first: its timeline
 */
public record CredentialSummary(Finding first, boolean paired, boolean atHead, int blobs, int paths, long places,
                                Instant lastSeen, long daysExposed, List<Exposure> exposures)
        implements java.io.Serializable {
    public CredentialSummary {
        exposures = List.copyOf(exposures);
        Objects.requireNonNull(first, "first");
        if (!(first.provenance() instanceof Provenance.GitBlob)) {
            throw new IllegalArgumentException("a history summary needs a Git finding");
        }
        if (blobs < 1 || paths < 1 || places < 1 || daysExposed < 0) {
            throw new IllegalArgumentException("bad counts");
        }
    }

    /** Where the credential entered history. */
    public Provenance.GitBlob origin() {
        return (Provenance.GitBlob) first.provenance();
    }
}
