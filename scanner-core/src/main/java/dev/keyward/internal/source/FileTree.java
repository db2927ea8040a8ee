package dev.keyward.internal.source;

import dev.keyward.ScanListener;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
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
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * Walks files and folders and hands each readable text file to a blob scanner. Skips (and reports) binary,
 * oversized and special files; never opens a FIFO, socket or device. Thread-safe per call: each
 * {@link #scan(List)} uses its own worker pool.
 */
public final class FileTree {

    /** File-walk settings. */
    public record Options(boolean respectIgnoreFiles, boolean followSymlinks, long maxFileSize, int threads) {
    }

    /** Scans one blob. */
    @FunctionalInterface
    public interface BlobScanner {
        void scan(InputStream in, Provenance provenance) throws IOException;
    }

    static final int SNIFF = 8192;

    private final Options options;
    private final BlobScanner scanner;
    private final ScanListener listener;

    public FileTree(Options options, BlobScanner scanner, ScanListener listener) {
        this.options = options;
        this.scanner = scanner;
        this.listener = listener;
    }

    /** Scans each path; a missing path is an error, the others are still scanned. */
    public void scan(List<Path> roots) {
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "keyward-file");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> pending = new ArrayList<>();
        try {
            for (Path root : roots) {
                walk(root, root.toString(), pool, pending, new HashSet<>());
            }
            for (Future<?> f : pending) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    listener.error(new ScanError("?", "internal error: " + e.getCause()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.error(new ScanError("?", "interrupted"));
        } finally {
            pool.shutdownNow();
        }
    }

    private void walk(Path path, String shown, ExecutorService pool, List<Future<?>> pending, Set<Object> seenDirs) {
        BasicFileAttributes attrs;
        try {
            LinkOption[] opts = options.followSymlinks() ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
            attrs = Files.readAttributes(path, BasicFileAttributes.class, opts);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(path)) {
                listener.skipped(new Skipped(shown, "broken symbolic link"));
            } else {
                listener.error(new ScanError(shown, "no such file or folder"));
            }
            return;
        } catch (IOException e) {
            listener.error(new ScanError(shown, "cannot read attributes: " + e.getMessage()));
            return;
        }
        if (attrs.isSymbolicLink()) {
            listener.skipped(new Skipped(shown, "symbolic link (not followed; use --follow-symlinks)"));
            return;
        }
        if (attrs.isDirectory()) {
            Object key = attrs.fileKey() != null ? attrs.fileKey() : path.toAbsolutePath().normalize();
            if (!seenDirs.add(key)) {
                listener.skipped(new Skipped(shown, "symbolic link loop"));
                return;
            }
            if (path.getFileName() != null && path.getFileName().toString().equals(".git")) {
                return;
            }
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
                for (Path c : ds) {
                    children.add(c);
                }
            } catch (IOException e) {
                listener.error(new ScanError(shown, "cannot list folder: " + e.getMessage()));
                seenDirs.remove(key);
                return;
            }
            children.sort(null);
            for (Path c : children) {
                walk(c, join(shown, c.getFileName().toString()), pool, pending, seenDirs);
            }
            seenDirs.remove(key);
            return;
        }
        if (!attrs.isRegularFile()) {
            listener.skipped(new Skipped(shown, "not a regular file (FIFO, socket or device)"));
            return;
        }
        if (attrs.size() > options.maxFileSize()) {
            listener.skipped(new Skipped(shown, "larger than the size limit (" + attrs.size() + " > "
                    + options.maxFileSize() + " bytes)"));
            return;
        }
        pending.add(pool.submit(() -> scanFile(path, shown)));
    }

    private static String join(String parent, String name) {
        if (parent.isEmpty()) {
            return name;
        }
        if (parent.endsWith("/") || parent.endsWith(java.io.File.separator)) {
            return parent + name;
        }
        return parent + "/" + name;
    }

    private void scanFile(Path path, String shown) {
        try (InputStream raw = Files.newInputStream(path)) {
            byte[] head = raw.readNBytes(SNIFF);
            InputStream content;
            if (head.length >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE)
                    || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF))) {
                boolean le = head[0] == (byte) 0xFF;
                byte[] rest = raw.readAllBytes();
                byte[] all = new byte[head.length + rest.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(rest, 0, all, head.length, rest.length);
                String text = new String(all, 2, all.length - 2, le ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
                content = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            } else {
                for (byte b : head) {
                    if (b == 0) {
                        listener.skipped(new Skipped(shown, "binary (NUL byte in the first 8 KiB)"));
                        return;
                    }
                }
                content = new SequenceInputStream(new ByteArrayInputStream(head), raw);
            }
            scanner.scan(content, new Provenance.File(shown));
        } catch (NoSuchFileException e) {
            listener.error(new ScanError(shown, "vanished before it could be read"));
        } catch (IOException e) {
            listener.error(new ScanError(shown, "cannot read: " + e.getMessage()));
        }
    }
}
