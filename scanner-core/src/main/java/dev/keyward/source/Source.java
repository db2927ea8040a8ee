package dev.keyward.source;

/**
 * Something that yields blobs: files and folders, a stream, the Git index, a repository's history, many
 * repositories. {@code Scanner.scan(source, listener)} is the one path from any source to findings.
 *
 * <p>An implementation passes every blob to the sink, from one thread or several, and returns when all are done.
 * It never throws for unreadable input: what it cannot read goes to {@link BlobSink#error}, what it leaves out on
 * purpose to {@link BlobSink#skipped}, and it goes on.
 */
@FunctionalInterface
public interface Source {

    /** Passes every blob (and every skip and error) to {@code sink}; returns when all are done. */
    void feed(BlobSink sink);
}
