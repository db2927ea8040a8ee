package dev.keyward.finding;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One blob of history that holds a credential: where it entered history, every path it appears at, and how long
 * it stayed. A credential's exposures, oldest first, draw its timeline. Immutable.
 *
 * @param blobId     the blob's object id
 * @param commit     the commit that first introduced the blob
 * @param introduced that commit's author date (null when unreadable)
 * @param paths      every path the blob appears at, sorted; the first place's path is among them
 * @param lastSeen   committer date of the newest commit holding the blob
 * @param atHead     whether the blob is in HEAD's tree
 * @param places     commit/path places holding the blob
 * @param repository the repository holding it when a run scans several, else null
 */
public record Exposure(String blobId, String commit, Instant introduced, List<String> paths, Instant lastSeen,
                       boolean atHead, long places, String repository) implements Serializable {
    public Exposure {
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(commit, "commit");
        paths = List.copyOf(paths);
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
