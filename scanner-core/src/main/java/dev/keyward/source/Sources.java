package dev.keyward.source;

import dev.keyward.finding.Provenance;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The sources keyward has: files and folders, a stream, bytes, the Git index. A repository's history is
 * {@link History#blobs}. Each returned source can be fed more than once (a stream only once).
 */
public final class Sources {

    private Sources() {
    }

    /**
     * Files and folders, walked in parallel: Git's ignore rules, links, special files and the size limit as
     * {@code options} say. Paths in findings begin with each path as given.
     */
    public static Source files(List<Path> paths, FileOptions options) {
        return new FileTree(Objects.requireNonNull(options, "options"), paths);
    }

    /** A stream read to its end (not closed), reported under {@code name}. */
    public static Source stream(InputStream in, String name) {
        Objects.requireNonNull(in, "in");
        Provenance p = new Provenance.Stream(name);
        return sink -> sink.blob(Blob.of(p, -1, in));
    }

    /** {@code content}, reported under {@code name}. */
    public static Source bytes(byte[] content, String name) {
        Objects.requireNonNull(content, "content");
        Provenance p = new Provenance.Stream(name);
        return sink -> sink.blob(Blob.of(p, content, content.length));
    }

    /**
     * What is about to be committed in the Git repository holding {@code repo}: the index's content (never the
     * work tree) of every path that differs from HEAD; by default limited to the lines the commit adds. Staged
     * blobs over {@code maxFileSize} are skipped and listed.
     */
    public static Source staged(Path repo, StagedOptions options, long maxFileSize) {
        return new StagedSource(Objects.requireNonNull(repo, "repo"), Objects.requireNonNull(options, "options"),
                maxFileSize);
    }
}
