package dev.keyward.internal.detect;

/**
 * The bytes of the input held in memory: {@code buf[0, len)} is input offsets {@code [base, base + len)}. One per
 * scan, shared by its parts, which read it and never keep an index into it across a read.
 */
final class Buffer {

    byte[] buf;
    /** The input offset of {@code buf[0]}. */
    long base;
    int len;

    /** The input offset just past the last byte held. */
    long end() {
        return base + len;
    }
}
