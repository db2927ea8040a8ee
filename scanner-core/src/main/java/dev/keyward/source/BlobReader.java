package dev.keyward.source;

import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads a given set of blobs of one repository, in pack order, on several workers (each with its own
 * {@link ObjectReader}), and passes each to the sink: one {@code wants} call per blob before any is read, then for
 * each wanted blob exactly one {@code blob}, {@code skipped} or {@code error} call (an unwanted one is not read,
 * though it is still resolved when a wanted blob's delta needs it). Immutable; each {@link #feed} opens the
 * repository anew.
 */
final class BlobReader implements Source {

    private static final int BATCH = 16;

    private final Path repoPath;
    private final List<HistoryBlob> blobs;
    private final long maxBlobSize;
    private final int threads;
    private final String repository;
    private final boolean inPackOrder;

    BlobReader(Path repoPath, List<HistoryBlob> blobs, long maxBlobSize, int threads, String repository) {
        this(repoPath, blobs, maxBlobSize, threads, repository, !Boolean.getBoolean("keyward.history.jgitReads"));
    }

    /** {@code inPackOrder} false: every blob read through JGit's object reader (for comparisons). */
    BlobReader(Path repoPath, List<HistoryBlob> blobs, long maxBlobSize, int threads, String repository,
               boolean inPackOrder) {
        this.repoPath = repoPath;
        this.blobs = List.copyOf(blobs);
        this.maxBlobSize = maxBlobSize;
        this.threads = threads;
        this.repository = repository;
        this.inPackOrder = inPackOrder;
    }

    /** A blob to read, and where it lies in the packs. */
    private static final class Item {
        final HistoryBlob blob;
        final ObjectId id;
        int pack = Integer.MAX_VALUE;
        long offset;

        Item(HistoryBlob blob) {
            this.blob = blob;
            this.id = ObjectId.fromString(blob.blobId());
        }
    }

    /** One worker's unit of work: a family of one pack's plan, or blobs left to JGit. */
    private record Unit(PackPlan plan, PackPlan.Family family, List<Item> items) {
    }

    @Override
    public void feed(BlobSink sink) {
        if (blobs.isEmpty()) {
            return;
        }
        List<HistoryBlob> wanted = new ArrayList<>(blobs.size());
        for (HistoryBlob b : blobs) {
            if (sink.wants(b.provenance(repository))) {
                wanted.add(b);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        List<PackPlan> plans = new ArrayList<>();
        try (Repository repo = GitRepos.open(repoPath, null)) {
            List<Unit> units = plan(repo, wanted, plans);
            AtomicInteger next = new AtomicInteger();
            int n = Math.max(1, Math.min(threads, units.size()));
            long heap = Runtime.getRuntime().maxMemory();
            // Per worker: resolved bases kept for their deltas, and the largest object held whole (larger ones
            // are streamed by JGit).
            long budget = Math.max(4L << 20, heap / (5L * n));
            long limit = Math.max(1L << 20, Math.min(64L << 20, heap / (8L * n)));
            List<Thread> workers = new ArrayList<>();
            Throwable[] failure = new Throwable[1];
            for (int t = 0; t < n; t++) {
                Thread w = new Thread(() -> {
                    Map<PackPlan, PackPlan.Reader> readers = new HashMap<>();
                    try (ObjectReader reader = repo.newObjectReader()) {
                        int u;
                        while ((u = next.getAndIncrement()) < units.size()) {
                            Unit unit = units.get(u);
                            if (unit.family() == null) {
                                for (Item item : unit.items()) {
                                    read(reader, item, sink);
                                }
                            } else {
                                PackPlan.Reader r = readers.computeIfAbsent(unit.plan(),
                                        p -> p.new Reader(budget, limit));
                                readFamily(r, unit.family(), reader, sink);
                            }
                        }
                    } catch (RuntimeException | Error e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    } finally {
                        readers.values().forEach(PackPlan.Reader::close);
                    }
                }, "keyward-history-" + t);
                w.setDaemon(true);
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            synchronized (failure) {
                if (failure[0] instanceof Error err) {
                    throw err;
                }
                if (failure[0] != null) {
                    throw (RuntimeException) failure[0];
                }
            }
        } catch (GitRepos.NotARepository e) {
            sink.error(new ScanError(repoPath.toString(), e.getMessage()));
        } catch (IOException e) {
            sink.error(new ScanError(repoPath.toString(), "cannot read the repository: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sink.error(new ScanError(repoPath.toString(), "interrupted"));
        } finally {
            plans.forEach(PackPlan::close);
        }
    }

    /**
     * The work: each pack's wanted blobs as families read base first (largest first), then what JGit reads in
     * pack order (loose objects, blobs the plans cannot serve), in batches.
     */
    private List<Unit> plan(Repository repo, List<HistoryBlob> wanted, List<PackPlan> plans) {
        List<Item> order = new ArrayList<>(wanted.size());
        for (HistoryBlob b : wanted) {
            order.add(new Item(b));
        }
        List<Unit> units = new ArrayList<>();
        List<Item> left = new ArrayList<>();
        if (inPackOrder && repo.getObjectDatabase()
                instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory od) {
            long limit = Math.min(maxBlobSize, 64L << 20);
            int packNo = 0;
            for (var pack : od.getPacks()) {
                PackPlan plan = PackPlan.open(pack);
                int no = packNo++;
                if (plan == null) {
                    continue;
                }
                plans.add(plan);
                for (Item n : order) {
                    if (n.pack == Integer.MAX_VALUE) {
                        long off = plan.offsetOf(n.id);
                        if (off >= 0) {
                            n.pack = no;
                            n.offset = off;
                            plan.want(n, off, limit);
                        }
                    }
                }
                plan.plan();
                for (PackPlan.Family f : plan.families) {
                    units.add(new Unit(plan, f, null));
                }
                for (Object o : plan.leftOver) {
                    left.add((Item) o);
                }
            }
            for (Item n : order) {
                if (n.pack == Integer.MAX_VALUE) {
                    left.add(n);
                }
            }
        } else {
            left = packOrder(repo, order);
        }
        left.sort(Comparator.comparingInt((Item n) -> n.pack).thenComparingLong(n -> n.offset));
        for (int i = 0; i < left.size(); i += BATCH) {
            units.add(new Unit(null, null, left.subList(i, Math.min(left.size(), i + BATCH))));
        }
        return units;
    }

    /** A family's wanted blobs to the sink; one that cannot be read so is read by JGit (which names the damage). */
    private void readFamily(PackPlan.Reader r, PackPlan.Family family, ObjectReader reader, BlobSink sink) {
        r.walk(family, new PackPlan.Reader.Visit() {
            @Override
            public void resolved(PackPlan.Entry e, byte[] b) {
                if (e.wanted != null) {
                    Item item = (Item) e.wanted;
                    Provenance.GitBlob prov = item.blob.provenance(repository);
                    if (b.length > maxBlobSize) {
                        sink.skipped(new Skipped(prov.place(), "blob " + item.id.name()
                                + " larger than the size limit (" + b.length + " > " + maxBlobSize + " bytes)"));
                    } else {
                        sink.blob(Blob.of(prov, b, b.length));
                    }
                }
            }

            @Override
            public void failed(PackPlan.Entry e) {
                if (e.wanted != null) {
                    read(reader, (Item) e.wanted, sink);
                }
            }
        });
    }

    /** The blobs sorted by their place in the pack files, so reads run forward through each pack. */
    private List<Item> packOrder(Repository repo, List<Item> order) {
        if (!(repo.getObjectDatabase() instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory od)) {
            return order;
        }
        int packNo = 0;
        for (var pack : od.getPacks()) {
            try {
                var idx = pack.getIndex();
                for (Item n : order) {
                    if (n.pack == Integer.MAX_VALUE) {
                        long off = idx.findOffset(n.id);
                        if (off >= 0) {
                            n.pack = packNo;
                            n.offset = off;
                        }
                    }
                }
            } catch (IOException e) {
                // An unreadable index: its objects are read (or reported) one by one.
            }
            packNo++;
        }
        return order;
    }

    private void read(ObjectReader reader, Item item, BlobSink sink) {
        Provenance.GitBlob prov = item.blob.provenance(repository);
        String where = prov.place();
        try {
            ObjectLoader loader = reader.open(item.id, Constants.OBJ_BLOB);
            long size = loader.getSize();
            if (size > maxBlobSize) {
                sink.skipped(new Skipped(where, "blob " + item.id.name() + " larger than the size limit (" + size
                        + " > " + maxBlobSize + " bytes)"));
            } else if (!loader.isLarge()) {
                byte[] b = loader.getCachedBytes(); // most blobs: scanned where JGit holds them
                sink.blob(Blob.of(prov, b, b.length));
            } else {
                try (InputStream in = new Named(loader.openStream(), item.id)) {
                    sink.blob(Blob.of(prov, size, in));
                }
            }
        } catch (MissingObjectException e) {
            sink.error(new ScanError(where, "blob " + item.id.name() + " is missing from the repository"));
        } catch (IOException e) {
            sink.error(new ScanError(where, "blob " + item.id.name() + " " + Issues.reason(e)));
        } catch (RuntimeException e) {
            // JGit reports some damage (a bad delta, a truncated pack) unchecked: still one object's problem.
            sink.error(new ScanError(where, "blob " + item.id.name() + " cannot be read (" + e + ")"));
        }
    }

    /** Names the blob in read errors from streamed (large) blobs. */
    private static final class Named extends FilterInputStream {
        private final ObjectId blob;

        Named(InputStream in, ObjectId blob) {
            super(in);
            this.blob = blob.copy();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new IOException("blob " + blob.name() + ": " + e.getMessage(), e);
            }
        }
    }
}
