package dev.keyward.source;

import dev.keyward.finding.Provenance;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.BitSet;
import java.util.Objects;

/**
 * One piece of content to scan: its provenance, its size, and its bytes, either held in an array or readable once
 * from a stream. A blob lives for one call of {@link BlobSink#blob}: the array is the source's to reuse and the
 * stream the source's to close once that call returns. Immutable.
 *
 * <p>A blob may be limited to some lines ({@link #onlyLines}): then only findings that start on one of them, or
 * whose pair does, are reported (a staged file scanned whole, reporting what the commit adds).
 */
public final class Blob {

    private final Provenance provenance;
    private final long size;
    private final byte[] bytes;
    private final int length;
    private final InputStream stream;
    private final BitSet lines;

    private Blob(Provenance provenance, long size, byte[] bytes, int length, InputStream stream, BitSet lines) {
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.size = size;
        this.bytes = bytes;
        this.length = length;
        this.stream = stream;
        this.lines = lines;
    }

    /** {@code content[0, length)}, read where it lies. */
    public static Blob of(Provenance provenance, byte[] content, int length) {
        Objects.requireNonNull(content, "content");
        if (length < 0 || length > content.length) {
            throw new IllegalArgumentException("length " + length + " outside the array of " + content.length);
        }
        return new Blob(provenance, length, content, length, null, null);
    }

    /** A stream to read to its end; {@code size} is its length when known, else -1. */
    public static Blob of(Provenance provenance, long size, InputStream in) {
        return new Blob(provenance, size, null, 0, Objects.requireNonNull(in, "in"), null);
    }

    /** A copy whose findings are kept only when they (or their pair) start on one of these 1-based lines. */
    public Blob onlyLines(BitSet lineNumbers) {
        return new Blob(provenance, size, bytes, length, stream, (BitSet) lineNumbers.clone());
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The size in bytes, or -1 when not known before reading. */
    public long size() {
        return size;
    }

    /** Whether the content is held in an array ({@link #bytes()}, {@link #length()}), not a stream. */
    public boolean inMemory() {
        return bytes != null;
    }

    /** The array holding the content, or null for a streamed blob; only {@code [0, length())} is content. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** The content as a stream: the blob's own stream, or one over its array. */
    public InputStream stream() {
        return stream != null ? stream : new ByteArrayInputStream(bytes, 0, length);
    }

    /** Whether a finding on {@code line} (or whose pair is there) is kept: always, unless limited to some lines. */
    public boolean keepsLine(int line) {
        return lines == null || lines.get(line);
    }

    /** Whether this blob is limited to some lines. */
    public boolean limited() {
        return lines != null;
    }
}
