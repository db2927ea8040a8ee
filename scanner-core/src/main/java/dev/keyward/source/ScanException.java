package dev.keyward.source;

/**
 * A scan that cannot start at all: not a Git repository, an unknown ref. Problems with single inputs never
 * throw; they become {@link dev.keyward.finding.ScanError}s in the result.
 */
public final class ScanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScanException(String message) {
        super(message);
    }

    public ScanException(String message, Throwable cause) {
        super(message, cause);
    }
}
