package dev.keyward.finding;

import java.util.Objects;

/** Something deliberately not scanned (binary, too large, a FIFO, an LFS pointer, ...), and why. */
public record Skipped(String path, String reason) implements java.io.Serializable {
    public Skipped {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }
}
