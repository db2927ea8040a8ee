package dev.keyward.source;

import dev.keyward.finding.Provenance;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One unique blob of a repository's history, as the walk found it without reading it: the commit, path, author
 * and date that first introduced it, how many commit/path places hold it, and the date of the newest commit that
 * still does. A plain value, for handing blobs to another thread, process or machine.
 *
 * @param blobId   the blob's object id (40 hex digits)
 * @param commit   the commit that first introduced it, in the walk's order
 * @param path     its path in that commit
 * @param author   that commit's author name ("" when unreadable)
 * @param email    that commit's author email ("" when unreadable)
 * @param date     that commit's author date
 * @param places   commit/path places holding it (a file unchanged over 100 commits counts 100)
 * @param lastSeen committer date of the newest commit holding it
 * @param order    the introducing commit's position in the walk (parents before children, oldest first)
 */
public record HistoryBlob(String blobId, String commit, String path, String author, String email, Instant date,
                          long places, Instant lastSeen, int order) implements Serializable {

    public HistoryBlob {
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (places < 0 || order < 0) {
            throw new IllegalArgumentException("negative places or order");
        }
    }

    /** Where findings in this blob are reported: its first place, in {@code repository} (null for a one-repository run). */
    public Provenance.GitBlob provenance(String repository) {
        return new Provenance.GitBlob(blobId, commit, path, author, email, date,
                (int) Math.min(Integer.MAX_VALUE, Math.max(0, places - 1)), repository);
    }
}
