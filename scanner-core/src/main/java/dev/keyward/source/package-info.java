/**
 * Where scanned content comes from. A {@link dev.keyward.source.Source} yields {@link dev.keyward.source.Blob}s to a
 * {@link dev.keyward.source.BlobSink}; {@link dev.keyward.source.Content} is the one decoder that says how a blob's
 * bytes are read (or why they are skipped) for every source. {@link dev.keyward.source.Sources} has files and
 * folders, streams, bytes and the Git index; {@link dev.keyward.source.History} has a repository's history in three
 * parts (enumerate, read a set of blobs, summarise) that take and return plain serialisable values. The
 * implementations are package-private.
 */
package dev.keyward.source;
