package dev.keyward.cli;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a report goes. Standard output and special files (such as {@code /dev/null} or a FIFO) are written
 * directly; a regular file is written to a temporary file in the same folder and renamed over the target, so a
 * reader never sees half a report and an interrupted run leaves the old file as it was.
 */
final class ReportFile {

    /** Writes the body of a report. */
    @FunctionalInterface
    interface Body {
        void write(Writer out) throws IOException;
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ReportFile() {
    }

    /**
     * Writes to {@code target} ({@code null} or {@code -}: the command's standard output).
     *
     * @param ownerOnly create the file readable and writable by its owner only (reports holding whole secrets)
     */
    static void write(String target, Main.Io io, boolean ownerOnly, Body body) throws IOException {
        if (target == null || target.equals("-")) {
            body.write(io.out);
            io.out.flush();
            return;
        }
        Path path = Path.of(target);
        if (Files.isSymbolicLink(path) && Files.exists(path)) {
            path = path.toRealPath(); // replace what the link points at, not the link
        }
        if (Files.isDirectory(path)) {
            throw new IOException("it is a folder");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(path.toFile()),
                    StandardCharsets.UTF_8))) {
                body.write(w);
            }
            return;
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "no such folder");
        }
        Path tmp = dir.resolve("." + path.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong() & Long.MAX_VALUE) + ".tmp");
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Files.createFile(tmp, attrs);
        tmp.toFile().deleteOnExit(); // a run stopped by Ctrl-C leaves no temporary file behind
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 Writer w = new BufferedWriter(new OutputStreamWriter(java.nio.channels.Channels.newOutputStream(ch),
                         StandardCharsets.UTF_8))) {
                body.write(w);
                w.flush();
                ch.force(true);
            }
            if (ownerOnly && posix) {
                Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** A short reason for a failed write, without the exception's class name. */
    static String reason(Exception e) {
        if (e instanceof NoSuchFileException n) {
            return n.getReason() != null ? n.getReason() + ": " + n.getFile() : "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
