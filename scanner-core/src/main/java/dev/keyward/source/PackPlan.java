package dev.keyward.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.pack.BinaryDelta;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Reads wanted blobs of one pack file the way {@code git index-pack} resolves deltas: in pack order, each delta
 * chain once, base first. The wanted blobs and every base they need are grouped into families (all entries whose
 * chains end at the same whole object); a worker takes a family and walks it in offset order (a base always lies
 * before its deltas in a pack written by git or JGit), keeping each resolved base in a bounded cache until its
 * last delta is applied, so a blob costs one inflate and one delta application instead of a walk down its chain.
 * Whatever this cannot read so (a base in another pack or after its delta, damage, a blob too large to hold) is
 * left to JGit, which reports what is wrong. Built by one thread; each family is read by one thread.
 */
final class PackPlan implements AutoCloseable {

    /** A pack entry that is wanted, or is a base of one that is. */
    static final class Entry {
        final long offset;
        long end;
        long dataStart;
        int type;
        long size;
        Entry base;
        int children;
        /** The planned deltas on this entry, smallest subtree first (set by {@link #plan}). */
        List<Entry> kids;
        int subtree;
        /** The wanted blob at this entry, or null for a base only. */
        Object wanted;

        Entry(long offset) {
            this.offset = offset;
        }
    }

    /** Entries sharing one whole base, in offset order. */
    record Family(List<Entry> entries, long bytes) {
    }

    static final int OBJ_OFS_DELTA = 6;
    static final int OBJ_REF_DELTA = 7;
    /** The size of the blocks a tree walk's reader caches (see {@link Reader#blocks}). */
    static final int BLOCK = 8192;

    private final FileChannel channel;
    private final long[] offsets;
    private final long end;
    private final PackIndex index;
    /** The entries parsed so far, by their index in {@link #offsets} (no boxed offsets, no map nodes). */
    private final Entry[] entries;
    /** Wanted items this plan cannot serve: JGit reads them. */
    final List<Object> leftOver = new ArrayList<>();
    final List<Family> families = new ArrayList<>();

    private PackPlan(FileChannel channel, long[] offsets, long end, PackIndex index) {
        this.channel = channel;
        this.offsets = offsets;
        this.entries = new Entry[offsets.length];
        this.end = end;
        this.index = index;
    }

    /** Opens {@code pack}'s file and index; null when either cannot be read (JGit then reads its blobs). */
    static PackPlan open(Pack pack) {
        FileChannel ch = null;
        try {
            PackIndex idx = pack.getIndex();
            long n = idx.getObjectCount();
            long[] offs = new long[Math.toIntExact(n)];
            for (int i = 0; i < n; i++) {
                offs[i] = idx.getOffset(i);
            }
            Arrays.sort(offs);
            ch = FileChannel.open(Path.of(pack.getPackFile().getPath()), StandardOpenOption.READ);
            long size = ch.size() - Constants.OBJECT_ID_LENGTH; // the trailing checksum
            if (n > 0 && offs[offs.length - 1] >= size) {
                ch.close();
                return null;
            }
            return new PackPlan(ch, offs, size, idx);
        } catch (IOException | ArithmeticException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
            return null;
        }
    }

    /** Offset of {@code id} in this pack, or -1. */
    long offsetOf(AnyObjectId id) {
        return index.findOffset(id);
    }

    /**
     * Adds a wanted blob at {@code offset}; {@code limit} is the largest object this plan holds in memory (a larger
     * one, or any damage met on the way, leaves the blob to JGit).
     */
    void want(Object item, long offset, long limit) {
        try {
            Entry e = entry(offset, null);
            if (e.wanted != null) {
                leftOver.add(item);
                return;
            }
            // Follow the chain to a whole object, checking it is sound for reading base first.
            Entry c = e;
            int depth = 0;
            while (c.type == OBJ_OFS_DELTA || c.type == OBJ_REF_DELTA) {
                if (c.base == null || c.base.offset >= c.offset || ++depth > 10_000 || c.size > limit) {
                    leftOver.add(item);
                    return;
                }
                c = c.base;
            }
            if (c.type != Constants.OBJ_BLOB || c.size > limit) {
                leftOver.add(item);
                return;
            }
            e.wanted = item;
            for (Entry b = e; b.base != null; b = b.base) {
                b.base.children++;
            }
        } catch (IOException e) {
            leftOver.add(item);
        }
    }

    /** Groups the wanted entries and their bases into families; call once, after every {@link #want}. */
    void plan() {
        List<Entry> planned = new ArrayList<>();
        for (Entry e : entries) {
            if (e != null && (e.wanted != null || e.children > 0)) {
                planned.add(e); // (else met on a chain that was then left to JGit)
            }
        }
        // Deltas lie after their bases (want() checks it): from the last entry back, each subtree is complete.
        planned.sort((a, b) -> Long.compare(b.offset, a.offset));
        for (Entry e : planned) {
            e.subtree++;
            if (e.base != null) {
                e.base.subtree += e.subtree;
                if (e.base.kids == null) {
                    e.base.kids = new ArrayList<>(2);
                }
                e.base.kids.add(e);
            }
        }
        for (Entry e : planned) {
            if (e.kids != null && e.kids.size() > 1) {
                e.kids.sort((a, b) -> Integer.compare(a.subtree, b.subtree));
            }
        }
        Map<Entry, List<Entry>> byRoot = new HashMap<>();
        for (Entry e : planned) {
            Entry root = e;
            while (root.base != null) {
                root = root.base;
            }
            byRoot.computeIfAbsent(root, r -> new ArrayList<>()).add(e);
        }
        for (List<Entry> f : byRoot.values()) {
            f.sort((a, b) -> Long.compare(a.offset, b.offset));
            long bytes = 0;
            for (Entry e : f) {
                bytes += e.end - e.offset;
            }
            families.add(new Family(f, bytes));
        }
        // Largest families first, so the last ones to finish are small.
        families.sort((a, b) -> Long.compare(b.bytes, a.bytes));
    }

    /**
     * The entry at {@code offset} (of an object in this pack), its chain of bases parsed; with {@code into}, the
     * headers are read through that reader's block cache. One thread at a time: the entries are not locked.
     */
    private Entry entry(long offset, Reader into) throws IOException {
        int at = Arrays.binarySearch(offsets, offset);
        if (at < 0) {
            throw new IOException("no object at offset " + offset);
        }
        Entry e = entries[at];
        if (e != null) {
            return e;
        }
        e = new Entry(offset);
        e.end = at + 1 < offsets.length ? offsets[at + 1] : end;
        byte[] h = new byte[(int) Math.min(32 + Constants.OBJECT_ID_LENGTH, e.end - offset)];
        if (into != null && into.blocks.length > 0) {
            into.cachedRead(h, h.length, offset);
        } else {
            readFully(ByteBuffer.wrap(h), offset);
        }
        int p = 0;
        int c = h[p++] & 0xff;
        e.type = (c >> 4) & 7;
        long size = c & 15;
        int shift = 4;
        while ((c & 0x80) != 0) {
            c = h[p++] & 0xff;
            size |= (long) (c & 0x7f) << shift;
            shift += 7;
        }
        e.size = size;
        entries[at] = e;
        if (e.type == OBJ_OFS_DELTA) {
            c = h[p++] & 0xff;
            long back = c & 127;
            while ((c & 128) != 0) {
                c = h[p++] & 0xff;
                back = ((back + 1) << 7) + (c & 127);
            }
            e.dataStart = offset + p;
            e.base = back > 0 && back <= offset ? entry(offset - back, into) : null;
        } else if (e.type == OBJ_REF_DELTA) {
            ObjectId base = ObjectId.fromRaw(h, p);
            e.dataStart = offset + p + Constants.OBJECT_ID_LENGTH;
            long bo = index.findOffset(base);
            e.base = bo >= 0 ? entry(bo, into) : null;
        } else {
            e.dataStart = offset + p;
        }
        return e;
    }

    /** One worker's reading state: its inflater, buffer and cache of resolved bases. */
    final class Reader {
        private final Inflater inflater = new Inflater();
        /** For {@link #resolve}: resolved objects, least recently used first. */
        private final LinkedHashMap<Entry, byte[]> recent = new LinkedHashMap<>(256, 0.75f, true);
        private final long budget;
        private final long limit;
        private long cached;
        /** Bytes of bases {@link #walk} holds for their remaining deltas. */
        private long held;
        private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        /**
         * For the tree walk: the pack read in aligned {@link #BLOCK}-byte blocks, kept in a direct-mapped cache, as
         * JGit's window cache does. The trees of a commit lie near each other and near their bases, so most
         * headers and deltas are then copied from memory rather than read with a system call each. Empty (no
         * cache) for the blob readers, whose entries are read once each in offset order.
         */
        private final byte[][] blocks;
        private final long[] tags;

        /** {@code budget}: bytes of resolved bases kept; {@code limit}: the largest object held in memory. */
        Reader(long budget, long limit) {
            this(budget, limit, 0);
        }

        /** {@code blockCount}: a power of two, the blocks of {@link #blocks} (at most; allocated as used), or 0. */
        Reader(long budget, long limit, int blockCount) {
            if (Integer.bitCount(blockCount) > 1) {
                throw new IllegalArgumentException("not a power of two: " + blockCount);
            }
            this.budget = budget;
            this.limit = limit;
            this.blocks = new byte[blockCount][];
            this.tags = new long[blockCount];
        }

        /** What a family's walk hands on: every entry resolved, and every entry that could not be. */
        interface Visit {
            void resolved(Entry e, byte[] data);

            void failed(Entry e);
        }

        /**
         * Resolves every entry of {@code family} depth first from its whole object, as {@code git index-pack}
         * does: each entry costs one delta application on its base's content. Only the bases that still have
         * deltas to go are held, and a base's largest subtree is walked last, after dropping the base, so at most
         * about log2(entries) bases are held at once; past the budget a base is dropped and resolved again.
         */
        void walk(Family family, Visit v) {
            visit(family.entries().get(0), null, v);
        }

        private void visit(Entry e, byte[] base, Visit v) {
            byte[] data;
            try {
                data = base == null ? again(e) : apply(base, e);
            } catch (IOException | DataFormatException | RuntimeException ex) {
                failAll(e, v);
                return;
            }
            base = null;
            v.resolved(e, data);
            List<Entry> ks = e.kids;
            if (ks == null) {
                return;
            }
            for (int i = 0; i < ks.size(); i++) {
                if (i == ks.size() - 1) {
                    byte[] d = data;
                    data = null;
                    visit(ks.get(i), d, v);
                } else if (data != null && held + data.length <= budget) {
                    held += data.length;
                    visit(ks.get(i), data, v);
                    held -= data.length;
                } else {
                    data = null;
                    visit(ks.get(i), null, v); // resolved again from the whole object
                }
            }
        }

        private void failAll(Entry e, Visit v) {
            v.failed(e);
            if (e.kids != null) {
                for (Entry k : e.kids) {
                    failAll(k, v);
                }
            }
        }

        private byte[] apply(byte[] base, Entry e) throws IOException, DataFormatException {
            byte[] delta = inflate(e);
            if (BinaryDelta.getResultSize(delta) > limit) {
                throw new IOException("object at offset " + e.offset + " is too large to hold");
            }
            return BinaryDelta.apply(base, delta);
        }

        /** {@code e} resolved from its whole object, holding nothing. */
        private byte[] again(Entry e) throws IOException, DataFormatException {
            ArrayDeque<Entry> chain = new ArrayDeque<>();
            Entry c = e;
            while (c.base != null) {
                chain.push(c);
                c = c.base;
                if (chain.size() > 10_000) {
                    throw new IOException("delta chain at offset " + e.offset + " does not end");
                }
            }
            if (c.size > limit) {
                throw new IOException("object at offset " + c.offset + " is too large to hold");
            }
            byte[] data = inflate(c);
            while (!chain.isEmpty()) {
                data = apply(data, chain.pop());
            }
            return data;
        }

        /**
         * The content of any entry whose chain ends at a whole object of {@code type}, resolved from the nearest
         * object already resolved; every object resolved on the way is kept (least recently used dropped first,
         * within the budget), so reading the versions of one file, or tree, in either order costs about one delta
         * application each. Not for use with {@link #content} on the same reader.
         */
        byte[] resolve(Entry e, int type) throws IOException, DataFormatException {
            return resolve(e, type, null, null);
        }

        /** As {@link #resolve(Entry, int)}, with {@code hint}'s content known to be {@code hintData}. */
        byte[] resolve(Entry e, int type, Entry hint, byte[] hintData) throws IOException, DataFormatException {
            Entry root = e;
            int depth = 0;
            while (root.base != null) {
                root = root.base;
                if (++depth > 10_000) {
                    throw new IOException("delta chain at offset " + e.offset + " does not end");
                }
            }
            if (root.type != type) {
                throw new IOException("object at offset " + e.offset + " is not of type " + type);
            }
            ArrayDeque<Entry> chain = new ArrayDeque<>();
            byte[] data;
            Entry c = e;
            while (true) {
                data = c == hint ? hintData : recent.get(c);
                if (data != null) {
                    break;
                }
                if (c.base == null) {
                    if (c.size > limit) {
                        throw new IOException("object at offset " + c.offset + " is too large to hold");
                    }
                    data = inflate(c);
                    keep(c, data);
                    break;
                }
                chain.push(c);
                c = c.base;
            }
            while (!chain.isEmpty()) {
                Entry d = chain.pop();
                byte[] delta = inflate(d);
                if (BinaryDelta.getResultSize(delta) > limit) {
                    throw new IOException("object at offset " + d.offset + " is too large to hold");
                }
                data = BinaryDelta.apply(data, delta);
                keep(d, data);
            }
            return data;
        }

        private void keep(Entry e, byte[] data) {
            if (data.length > budget / 4) {
                return;
            }
            recent.put(e, data);
            cached += data.length;
            var it = recent.values().iterator();
            while (cached > budget && it.hasNext()) {
                cached -= it.next().length;
                it.remove();
            }
        }

        /** The entry at {@code offset}, parsed by this reader's thread through its block cache. */
        Entry entryAt(long offset) throws IOException {
            return entry(offset, this);
        }

        /** Copies the pack's bytes {@code [at, at + len)} into {@code dst} through the block cache. */
        private void cachedRead(byte[] dst, int len, long at) throws IOException {
            int off = 0;
            while (off < len) {
                long no = (at + off) / BLOCK;
                int slot = (int) (no & (blocks.length - 1));
                byte[] b = blocks[slot];
                if (b == null || tags[slot] != no) {
                    if (b == null) {
                        b = blocks[slot] = new byte[BLOCK];
                    }
                    tags[slot] = -1; // not valid while it is being filled
                    readFully(ByteBuffer.wrap(b, 0, (int) Math.min(BLOCK, end - no * BLOCK)), no * BLOCK);
                    tags[slot] = no;
                }
                int from = (int) (at + off - no * BLOCK);
                int k = Math.min(len - off, BLOCK - from);
                System.arraycopy(b, from, dst, off, k);
                off += k;
            }
        }

        private byte[] inflate(Entry e) throws IOException, DataFormatException {
            int len = (int) (e.end - e.dataStart);
            if (in.capacity() < len) {
                in = ByteBuffer.allocate(Math.max(len, in.capacity() * 2));
            }
            if (blocks.length > 0 && len <= 4 * BLOCK) {
                cachedRead(in.array(), len, e.dataStart);
            } else {
                in.clear().limit(len);
                readFully(in, e.dataStart);
            }
            byte[] out = new byte[Math.toIntExact(e.size)];
            inflater.reset();
            inflater.setInput(in.array(), 0, len);
            int n = 0;
            while (n < out.length) {
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n != out.length) {
                throw new DataFormatException("object at offset " + e.offset + " inflates to " + n + " of "
                        + out.length + " bytes");
            }
            return out;
        }

        void close() {
            inflater.end();
        }
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int k = channel.read(b, pos);
            if (k < 0) {
                throw new IOException("pack ends early at " + pos);
            }
            pos += k;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing lost
        }
    }
}
