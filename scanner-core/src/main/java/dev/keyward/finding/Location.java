package dev.keyward.finding;

import java.util.Objects;

/**
 * Where a finding starts: the path as the user gave it (or a name such as {@code <stdin>}), a 1-based line, a
 * 1-based column counted in characters, and the 0-based byte offset into the scanned content.
 */
public record Location(String path, int line, int column, long offset) implements java.io.Serializable {
    public Location {
        Objects.requireNonNull(path, "path");
        if (line < 1 || column < 1 || offset < 0) {
            throw new IllegalArgumentException("bad location " + line + ":" + column + " @" + offset);
        }
    }
}
