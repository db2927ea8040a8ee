package dev.keyward.source;

import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * The trees and blobs of a history walk, each unique one read once: a tree seen before is never descended again,
 * so its blobs keep the commit and path where they first appeared. From the graph the number of commit/path
 * places of every blob is counted without visiting each commit's whole tree, and the audit finds every path of a
 * blob by reading only the trees that lead to it. Built by one thread; read-only once built.
 */
final class TreeGraph {

    /** A tree or blob of the walk. */
    static final class Node extends ObjectIdOwnerMap.Entry {
        final boolean tree;
        final int index;
        Node[] kids;
        long places;
        long lastSeen;
        int commit = -1;
        String path;

        Node(AnyObjectId id, boolean tree, int index) {
            super(id);
            this.tree = tree;
            this.index = index;
        }
    }

    /** A path below some tree that leads to a blob of interest. */
    record Hit(String path, Node blob) {
    }

    final ObjectIdOwnerMap<Node> nodes = new ObjectIdOwnerMap<>();
    /** Blobs to scan, in the order the walk met them. */
    final List<Node> blobs = new ArrayList<>();
    /** Trees, each after all trees below it. */
    private final List<Node> postOrder = new ArrayList<>();
    private final Map<String, String> paths = new HashMap<>();
    private final Set<String> gitlinkPaths = new HashSet<>();
    /** The last tree read at each path (the walk's memory of it: a tree's content per folder). */
    private final Map<String, Previous> last = new HashMap<>();
    private int count;
    long trees;

    /**
     * Visits a commit's root tree; {@code commit} -1 marks trees that are not to be scanned (what {@code --since}
     * already holds); {@code commitName} names the commit in messages.
     */
    Node visitRoot(PackTrees reader, AnyObjectId tree, int commit, String commitName, Issues out) {
        Node n = nodes.get(tree);
        if (n == null) {
            n = newNode(tree, true);
            visitTree(reader, n, "", commit, commitName, out);
        }
        return n;
    }

    private Node newNode(AnyObjectId id, boolean tree) {
        Node n = new Node(id, tree, count++);
        nodes.add(n);
        if (tree) {
            trees++;
        }
        return n;
    }

    private void visitTree(PackTrees reader, Node tree, String prefix, int commit, String commitName,
                           Issues out) {
        byte[] raw;
        try {
            raw = reader.tree(tree, prefix);
        } catch (IOException e) {
            String where = commit >= 0 ? commitName + ":" + prefix : prefix;
            out.error(new ScanError(where.isEmpty() ? tree.name() : where,
                    "tree " + tree.name() + " " + Issues.reason(e)));
            tree.kids = new Node[0];
            postOrder.add(tree);
            return;
        }
        // Most entries of a new tree are those of the last tree read at the same path: an entry whose bytes
        // (mode, name, id) are the same as there reuses that entry's node, with no lookup by id.
        Previous prev = last.get(prefix);
        int q = 0;
        MutableObjectId id = new MutableObjectId();
        List<Node> kids = new ArrayList<>();
        int[] starts = new int[16];
        Node[] byEntry = new Node[16];
        int entries = 0;
        int at = 0;
        while (at < raw.length) {
            int start = at;
            int mode = 0;
            while (at < raw.length && raw[at] != ' ') {
                mode = (mode << 3) + (raw[at++] - '0');
            }
            int nameStart = ++at;
            while (at < raw.length && raw[at] != 0) {
                at++;
            }
            int nameEnd = at;
            at += 1 + Constants.OBJECT_ID_LENGTH;
            if (at > raw.length || nameEnd == nameStart) {
                String where = commit >= 0 ? commitName + ":" + prefix : prefix;
                out.error(new ScanError(where.isEmpty() ? tree.name() : where,
                        "tree " + tree.name() + " is malformed: its entries after offset " + start + " are not read"));
                break;
            }
            Node k = null;
            if (prev != null) {
                while (q < prev.count && compareNames(prev.raw, prev.starts[q], raw, nameStart, nameEnd) < 0) {
                    q++;
                }
                if (q < prev.count && Arrays.equals(prev.raw, prev.starts[q], prev.starts[q + 1], raw, start, at)) {
                    k = prev.nodes[q++];
                }
            }
            int type = mode & FileMode.TYPE_MASK;
            if (k == null && (type == FileMode.TYPE_TREE || type == FileMode.TYPE_FILE
                    || type == FileMode.TYPE_SYMLINK || type == FileMode.TYPE_GITLINK)) {
                id.fromRaw(raw, nameEnd + 1);
                if (type == FileMode.TYPE_TREE) {
                    k = nodes.get(id);
                    if (k == null) {
                        k = newNode(id, true);
                        visitTree(reader, k, prefix + name(raw, nameStart, nameEnd) + "/", commit, commitName, out);
                    }
                } else if (type != FileMode.TYPE_GITLINK) {
                    k = nodes.get(id);
                    if (k == null) {
                        k = newNode(id, false);
                        if (commit >= 0) {
                            k.commit = commit;
                            k.path = paths.computeIfAbsent(prefix + name(raw, nameStart, nameEnd), x -> x);
                            blobs.add(k);
                        }
                    }
                } else if (commit >= 0) {
                    String path = prefix + name(raw, nameStart, nameEnd);
                    if (gitlinkPaths.add(path)) {
                        out.skipped(new Skipped(commitName + ":" + path, "submodule (commit " + id.name()
                                + "): not followed"));
                    }
                }
            }
            if (k != null) {
                kids.add(k);
            }
            if (entries + 1 >= starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
                byEntry = Arrays.copyOf(byEntry, byEntry.length * 2);
            }
            starts[entries] = start;
            byEntry[entries++] = k;
        }
        starts[entries] = at;
        last.put(prefix, new Previous(raw, starts, byEntry, entries));
        tree.kids = kids.toArray(new Node[0]);
        postOrder.add(tree);
    }

    /** The last tree read at a path: its content, where each entry starts, and each entry's node (or null). */
    private record Previous(byte[] raw, int[] starts, Node[] nodes, int count) {
    }

    /** The entry name starting at {@code a} (NUL-ended) against {@code b[from, to)}, byte by byte, unsigned. */
    private static int compareNames(byte[] a, int entryStart, byte[] b, int from, int to) {
        int i = entryStart;
        while (a[i] != ' ') {
            i++;
        }
        i++;
        for (int j = from; ; i++, j++) {
            int x = a[i] & 0xff;
            int y = j < to ? b[j] & 0xff : 0;
            if (x != y || x == 0) {
                return x - y;
            }
        }
    }

    private static String name(byte[] raw, int from, int to) {
        return RawParseUtils.decode(StandardCharsets.UTF_8, raw, from, to);
    }

    /** Places (commit/path pairs) per node: each commit counts its root once, and parents pass counts down. */
    void countPlaces(List<CommitWalk.CommitNode> commits) {
        last.clear(); // the walk is over
        for (CommitWalk.CommitNode c : commits) {
            c.root.places++;
            c.root.lastSeen = Math.max(c.root.lastSeen, c.time);
        }
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            Node t = postOrder.get(i);
            if (t.places == 0) {
                continue;
            }
            for (Node k : t.kids) {
                k.places += t.places;
                k.lastSeen = Math.max(k.lastSeen, t.lastSeen);
            }
        }
    }

    /** The nodes (by index) that are, or lead to, one of {@code targets}. */
    BitSet relevant(Set<Node> targets) {
        BitSet relevant = new BitSet(count);
        for (Node t : targets) {
            relevant.set(t.index);
        }
        for (Node t : postOrder) {
            for (Node k : t.kids) {
                if (relevant.get(k.index)) {
                    relevant.set(t.index);
                    break;
                }
            }
        }
        return relevant;
    }

    /** Every path below {@code tree} that leads to a relevant blob; only relevant trees are read. */
    List<Hit> hits(ObjectReader reader, Node tree, BitSet relevant, Map<Node, List<Hit>> memo) {
        List<Hit> known = memo.get(tree);
        if (known != null) {
            return known;
        }
        List<Hit> found = new ArrayList<>();
        memo.put(tree, found);
        try {
            CanonicalTreeParser p = new CanonicalTreeParser();
            p.reset(reader.open(tree, Constants.OBJ_TREE).getCachedBytes());
            MutableObjectId id = new MutableObjectId();
            while (!p.eof()) {
                id.fromRaw(p.idBuffer(), p.idOffset());
                Node k = nodes.get(id);
                if (k != null && relevant.get(k.index)) {
                    String name = p.getEntryPathString();
                    if (k.tree) {
                        for (Hit h : hits(reader, k, relevant, memo)) {
                            found.add(new Hit(name + "/" + h.path, h.blob));
                        }
                    } else {
                        found.add(new Hit(name, k));
                    }
                }
                p.next();
            }
        } catch (IOException e) {
            // Already reported by the walk.
        }
        return found;
    }
}
