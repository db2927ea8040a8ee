package dev.keyward.finding;

import java.time.Instant;
import java.util.Objects;

/**
 * Where scanned content came from. A closed set: every blob has exactly one of these, and {@link #path()} is
 * never empty.
 */
public sealed interface Provenance extends java.io.Serializable
        permits Provenance.File, Provenance.Stream, Provenance.GitBlob, Provenance.Staged {

    /** The path to show for this content. */
    String path();

    /**
     * Where to point a person at this content when it is skipped or unreadable: its path, or {@code COMMIT:PATH}
     * for a blob of history (so {@code git show COMMIT:PATH} opens it).
     */
    default String place() {
        return path();
    }

    /** A file on disk, named as the user gave it. */
    record File(String path) implements Provenance {
        public File {
            requirePath(path);
        }
    }

    /** A stream such as standard input or an embedder's {@code InputStream}, under the name it was given. */
    record Stream(String path) implements Provenance {
        public Stream {
            requirePath(path);
        }
    }

    /**
     * A blob of Git history: its object id, and the commit, path, author and date that first introduced it, with
     * how many other commit/path places hold the same blob, and the repository holding it when a run scans
     * several (null for one).
     */
    record GitBlob(String blobId, String commit, String path, String author, String email, Instant date,
                   int otherOccurrences, String repository) implements Provenance {
        public GitBlob {
            Objects.requireNonNull(blobId, "blobId");
            Objects.requireNonNull(commit, "commit");
            requirePath(path);
            if (otherOccurrences < 0) {
                throw new IllegalArgumentException("otherOccurrences < 0");
            }
        }

        /** A blob of the one repository a run scans. */
        public GitBlob(String blobId, String commit, String path, String author, String email, Instant date,
                       int otherOccurrences) {
            this(blobId, commit, path, author, email, date, otherOccurrences, null);
        }

        @Override
        public String place() {
            return commit + ":" + path;
        }

        /** A copy naming the repository that holds it. */
        public GitBlob inRepository(String name) {
            return new GitBlob(blobId, commit, path, author, email, date, otherOccurrences, name);
        }
    }

    /** A file's content in the Git index (what is about to be committed). */
    record Staged(String path) implements Provenance {
        public Staged {
            requirePath(path);
        }
    }

    private static void requirePath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
    }
}
