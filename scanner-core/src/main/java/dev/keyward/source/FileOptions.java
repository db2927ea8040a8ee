package dev.keyward.source;

/**
 * How files and folders are walked ({@link Sources#files}). Immutable.
 *
 * @param respectIgnoreFiles inside a Git work tree, leave out what Git ignores
 * @param followSymlinks     follow symbolic links (loops are detected either way)
 * @param maxFileSize        files larger than this many bytes are skipped and listed
 * @param threads            files read and scanned in parallel
 */
public record FileOptions(boolean respectIgnoreFiles, boolean followSymlinks, long maxFileSize, int threads) {

    public FileOptions {
        if (maxFileSize < 0) {
            throw new IllegalArgumentException("maxFileSize must not be negative, was " + maxFileSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }

    /** Ignore files honoured, links not followed, 100 MiB, one thread per core. */
    public static FileOptions defaults() {
        return new FileOptions(true, false, 100L * 1024 * 1024, Runtime.getRuntime().availableProcessors());
    }
}
