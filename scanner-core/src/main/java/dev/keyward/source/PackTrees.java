package dev.keyward.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads the trees of a history walk from the pack files, keeping every tree resolved on the way down a delta
 * chain (JGit's delta-base cache keeps only the base just above the object read, so reading a chain's trees
 * oldest first, as the walk does, walks most of the chain again for each of them). A tree these reads cannot
 * serve (loose, in no pack file, damaged, too large) is read by JGit, which reports what is wrong. One thread.
 */
final class PackTrees implements AutoCloseable {

    private final ObjectReader jgit;
    private final List<PackPlan> plans = new ArrayList<>();
    private final List<PackPlan.Reader> readers = new ArrayList<>();
    /** Packed trees these reads failed on, left to JGit (for tests: a sound pack serves all of its own). */
    long packFailures;

    /** {@code reader}: JGit's reader of {@code repo}, for what the packs cannot serve (not closed here). */
    PackTrees(Repository repo, ObjectReader reader) {
        this(repo, reader, Math.max(4L << 20, Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 64)));
    }

    /** {@code budget}: bytes of resolved trees kept (a tree larger than a quarter of it is not kept). */
    PackTrees(Repository repo, ObjectReader reader, long budget) {
        this.jgit = reader;
        if (repo.getObjectDatabase() instanceof ObjectDirectory od && !Boolean.getBoolean("keyward.history.jgitTrees")) {
            long limit = Math.max(1L << 20, Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 16));
            for (var pack : od.getPacks()) {
                PackPlan plan = PackPlan.open(pack);
                if (plan != null) {
                    plans.add(plan);
                }
            }
            // 8 MiB of cached pack blocks shared out among the packs (a repository may have hundreds), and at
            // least one block for each.
            int perPack = plans.isEmpty() ? 0 : (8 << 20) / PackPlan.BLOCK / plans.size();
            int blocks = Math.max(1, Integer.highestOneBit(perPack));
            for (PackPlan plan : plans) {
                readers.add(plan.new Reader(budget / plans.size(), limit, blocks));
            }
        }
    }

    /** A tree last read at a path: in which pack, its entry there, its content. */
    private record Last(int plan, PackPlan.Entry entry, byte[] data) {
    }

    /**
     * The tree last read at each path. A tree is mostly stored as a delta on another version of the same folder,
     * usually the one the walk read just before at that path: with it at hand, the cache of resolved trees can be
     * small (its trees outlive young collections, and a larger cache cost more collection than it saved reads).
     * The content is the array the walk keeps for that path anyway.
     */
    private final Map<String, Last> lastAt = new HashMap<>();

    /** The raw content of tree {@code id}, found at {@code path} (or null) by the walk. */
    byte[] tree(AnyObjectId id, String path) throws IOException {
        for (int i = 0; i < plans.size(); i++) {
            long off = plans.get(i).offsetOf(id);
            if (off >= 0) {
                try {
                    PackPlan.Reader r = readers.get(i);
                    PackPlan.Entry e = r.entryAt(off);
                    Last last = path == null ? null : lastAt.get(path);
                    byte[] data = last != null && last.plan() == i
                            ? r.resolve(e, Constants.OBJ_TREE, last.entry(), last.data())
                            : r.resolve(e, Constants.OBJ_TREE);
                    if (path != null) {
                        lastAt.put(path, new Last(i, e, data));
                    }
                    return data;
                } catch (IOException | DataFormatException | RuntimeException e) {
                    packFailures++;
                    break; // JGit reads it, and names the damage
                }
            }
        }
        return jgit.open(id, Constants.OBJ_TREE).getCachedBytes();
    }

    @Override
    public void close() {
        readers.forEach(PackPlan.Reader::close);
        plans.forEach(PackPlan::close);
    }
}
