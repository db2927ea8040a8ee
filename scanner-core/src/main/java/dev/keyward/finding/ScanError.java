package dev.keyward.finding;

import java.util.Objects;

/** Something that could not be scanned, and why. The scan went on without it. */
public record ScanError(String path, String message) implements java.io.Serializable {
    public ScanError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }
}
