package dev.keyward.source;

import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Walks files and folders and hands each readable text file to a blob scanner, on a pool of worker threads.
 *
 * <ul>
 *   <li>Inside a Git work tree, entries Git ignores are not scanned (see {@link GitIgnores}); {@code .git} never
 *       is. A path given explicitly is scanned even if ignored, as ripgrep does.</li>
 *   <li>Symbolic links are listed as skipped unless followed; followed links that lead back to a folder being
 *       walked are loops, listed as skipped. A path given explicitly is followed.</li>
 *   <li>FIFOs, sockets and devices are skipped without being opened (opening a FIFO would block).</li>
 *   <li>What a file's content is (text in which charset, binary, an LFS pointer) is decided by the scanner's
 *       one content decoder, {@link dev.keyward.source.Content}, as for every other source.</li>
 *   <li>Files over the size limit are skipped and listed.</li>
 * </ul>
 *
 * <p>Paths are reported as the user gave the root, joined with '/' to the names below it. Thread-safe: each
 * {@link #feed} call has its own pool and state.
 */
final class FileTree implements Source {

    /**
     * Files up to this size are read whole into their worker's buffer (kept from file to file) and scanned where
     * they lie; larger ones are streamed. Most files are small, and a buffer per file costs more than its scan.
     */
    static final int WHOLE = 1 << 20;
    /** Files queued or being scanned per worker: keeps the walk ahead of the workers, with bounded memory. */
    static final int IN_FLIGHT_PER_THREAD = 64;
    static final String LINK_LOOP = "symbolic link loop (leads back to a folder above it)";
    static final String SPECIAL = "special file (FIFO, socket or device): not opened";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final LinkOption[] FOLLOW = {};

    private final FileOptions options;
    private final List<Path> roots;

    FileTree(FileOptions options, List<Path> roots) {
        this.options = options;
        this.roots = List.copyOf(roots);
    }

    /** Feeds each path; a missing path is an error, the others are still scanned. Returns when all are done. */
    @Override
    public void feed(BlobSink listener) {
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "keyward-file");
            t.setDaemon(true);
            return t;
        });
        Walk walk = new Walk(pool, new Semaphore(options.threads() * IN_FLIGHT_PER_THREAD), listener);
        try {
            for (Path root : roots) {
                walk.root(root, root.toString());
            }
            walk.inFlight.acquire(options.threads() * IN_FLIGHT_PER_THREAD); // every file is done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.error(new ScanError("?", "interrupted before every file was scanned"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The state of one scan call: the pool, the files handed to it, and the folders being walked. */
    private final class Walk {
        final ExecutorService pool;
        final Semaphore inFlight;
        final Set<Object> ancestors = new HashSet<>();
        /** Each worker's read buffer; gone with this walk (and the pool's threads). */
        final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[1 << 16]);
        final BlobSink listener;

        Walk(ExecutorService pool, Semaphore inFlight, BlobSink listener) {
            this.pool = pool;
            this.inFlight = inFlight;
            this.listener = listener;
        }

        void root(Path root, String shown) throws InterruptedException {
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(root, BasicFileAttributes.class, FOLLOW);
            } catch (NoSuchFileException e) {
                if (Files.isSymbolicLink(root)) {
                    listener.skipped(new Skipped(shown, "broken symbolic link"));
                } else {
                    listener.error(new ScanError(shown, "no such file or folder"));
                }
                return;
            } catch (FileSystemException e) {
                if (isLinkLoop(e)) {
                    listener.skipped(new Skipped(shown, LINK_LOOP));
                } else {
                    listener.error(new ScanError(shown, "cannot read: " + reason(e)));
                }
                return;
            } catch (IOException e) {
                listener.error(new ScanError(shown, "cannot read: " + reason(e)));
                return;
            }
            Path name = root.toAbsolutePath().normalize().getFileName();
            if (name != null && name.toString().equals(".git")) {
                listener.skipped(new Skipped(shown, "Git's own folder (not scanned as files)"));
                return;
            }
            if (!attrs.isDirectory()) {
                file(root, shown, attrs);
                return;
            }
            GitIgnores ignores = null;
            String rel = "";
            if (options.respectIgnoreFiles()) {
                Path abs = root.toAbsolutePath().normalize();
                Path workTree = GitIgnores.workTreeOf(abs);
                if (workTree != null && !workTree.equals(abs)) {
                    try {
                        // The rules of the folders between the work tree's root and this one apply here too.
                        ignores = GitIgnores.root(workTree);
                        Path inside = workTree.relativize(abs);
                        Path dir = workTree;
                        for (int i = 0; i < inside.getNameCount() - 1; i++) {
                            dir = dir.resolve(inside.getName(i));
                            rel = rel.isEmpty() ? inside.getName(i).toString() : rel + "/" + inside.getName(i);
                            ignores = ignores.enter(dir, rel);
                        }
                        rel = inside.toString().replace(java.io.File.separatorChar, '/');
                    } catch (IOException e) {
                        listener.error(new ScanError(shown, "cannot read Git's ignore files: " + reason(e)));
                        ignores = null;
                        rel = "";
                    }
                }
            }
            folder(root, shown, attrs, ignores, rel);
        }

        /** A folder: its own ignore rules, then each entry in name order. */
        void folder(Path dir, String shown, BasicFileAttributes attrs, GitIgnores outer, String rel)
                throws InterruptedException {
            Object key = attrs.fileKey() != null ? attrs.fileKey() : dir.toAbsolutePath().normalize();
            if (!ancestors.add(key)) {
                listener.skipped(new Skipped(shown, LINK_LOOP));
                return;
            }
            try {
                GitIgnores ignores = outer;
                String base = rel;
                if (options.respectIgnoreFiles()) {
                    try {
                        if (Files.exists(dir.resolve(".git"), NOFOLLOW)) {
                            ignores = GitIgnores.root(dir); // a work tree of its own: its rules, not the outer ones
                            base = "";
                        } else if (ignores != null) {
                            ignores = ignores.enter(dir, base);
                        }
                    } catch (IOException e) {
                        listener.error(new ScanError(shown, "cannot read Git's ignore files: " + reason(e)));
                    }
                }
                List<Path> children = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path c : ds) {
                        children.add(c);
                    }
                } catch (IOException e) {
                    listener.error(new ScanError(shown, "cannot list folder: " + reason(e)));
                    return;
                }
                children.sort(null);
                for (Path c : children) {
                    String name = c.getFileName().toString();
                    if (name.equals(".git")) {
                        continue;
                    }
                    entry(c, join(shown, name), ignores, base.isEmpty() ? name : base + "/" + name);
                }
            } finally {
                ancestors.remove(key);
            }
        }

        void entry(Path path, String shown, GitIgnores ignores, String rel) throws InterruptedException {
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
                if (attrs.isSymbolicLink()) {
                    if (ignores != null && ignores.ignored(rel, false)) {
                        return;
                    }
                    if (!options.followSymlinks()) {
                        listener.skipped(new Skipped(shown, "symbolic link (not followed; see --follow-symlinks)"));
                        return;
                    }
                    try {
                        attrs = Files.readAttributes(path, BasicFileAttributes.class, FOLLOW);
                    } catch (NoSuchFileException e) {
                        listener.skipped(new Skipped(shown, "broken symbolic link"));
                        return;
                    } catch (FileSystemException e) {
                        if (!isLinkLoop(e)) {
                            throw e;
                        }
                        listener.skipped(new Skipped(shown, LINK_LOOP));
                        return;
                    }
                }
            } catch (NoSuchFileException e) {
                listener.skipped(new Skipped(shown, "vanished before it could be read"));
                return;
            } catch (IOException e) {
                listener.error(new ScanError(shown, "cannot read: " + reason(e)));
                return;
            }
            if (ignores != null && ignores.ignored(rel, attrs.isDirectory())) {
                return;
            }
            if (attrs.isDirectory()) {
                folder(path, shown, attrs, ignores, rel);
            } else {
                file(path, shown, attrs);
            }
        }

        void file(Path path, String shown, BasicFileAttributes attrs) throws InterruptedException {
            if (!listener.wants(new Provenance.File(shown))) {
                return;
            }
            if (!attrs.isRegularFile()) {
                listener.skipped(new Skipped(shown, SPECIAL));
                return;
            }
            if (attrs.size() > options.maxFileSize()) {
                listener.skipped(new Skipped(shown, "too large: " + attrs.size() + " bytes, over the limit of "
                        + options.maxFileSize()));
                return;
            }
            inFlight.acquire();
            pool.execute(() -> {
                try {
                    scanFile(path, shown, attrs.size(), buffers, listener);
                } catch (Throwable t) { // even an Error: the file is reported, the permit comes back
                    listener.error(new ScanError(shown, "internal error: " + t));
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    static String join(String parent, String name) {
        if (parent.isEmpty()) {
            return name;
        }
        if (parent.endsWith("/") || parent.endsWith(java.io.File.separator)) {
            return parent + name;
        }
        return parent + "/" + name;
    }

    private static void scanFile(Path path, String shown, long size, ThreadLocal<byte[]> buffers, BlobSink sink) {
        // Checked again just before opening: a file replaced by a FIFO since the walk saw it would block the open.
        try {
            if (Files.readAttributes(path, BasicFileAttributes.class).isOther()) {
                sink.skipped(new Skipped(shown, SPECIAL));
                return;
            }
        } catch (IOException e) {
            // the open below says what is wrong
        }
        Provenance prov = new Provenance.File(shown);
        try (InputStream raw = Files.newInputStream(path)) {
            if (size >= WHOLE) {
                sink.blob(Blob.of(prov, size, raw));
                return;
            }
            byte[] buf = buffers.get();
            if (buf.length <= size) {
                // Room for a byte more than the size: a file that grew since the walk fills it, and is streamed.
                buf = new byte[(int) Math.min(WHOLE, Math.max(2L * buf.length, size + 1))];
                buffers.set(buf);
            }
            int n = raw.readNBytes(buf, 0, buf.length);
            if (n < buf.length) {
                sink.blob(Blob.of(prov, buf, n)); // the whole file, scanned where it lies
            } else {
                sink.blob(Blob.of(prov, -1, new SequenceInputStream(new ByteArrayInputStream(buf, 0, n), raw)));
            }
        } catch (NoSuchFileException e) {
            sink.skipped(new Skipped(shown, "vanished before it could be read"));
        } catch (IOException e) {
            sink.error(new ScanError(shown, "cannot read: " + reason(e)));
        } catch (RuntimeException e) {
            sink.error(new ScanError(shown, "internal error: " + e));
        }
    }

    private static boolean isLinkLoop(FileSystemException e) {
        return e.getReason() != null && e.getReason().contains("symbolic links"); // ELOOP's message
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
