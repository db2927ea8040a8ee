package dev.keyward.source;

import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.IOException;
import java.util.ArrayList;
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
    private int count;
    long trees;

    /**
     * Visits a commit's root tree; {@code commit} -1 marks trees that are not to be scanned (what {@code --since}
     * already holds); {@code commitName} names the commit in messages.
     */
    Node visitRoot(ObjectReader reader, AnyObjectId tree, int commit, String commitName, Issues out) {
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

    private void visitTree(ObjectReader reader, Node tree, String prefix, int commit, String commitName,
                           Issues out) {
        byte[] raw;
        try {
            raw = reader.open(tree, Constants.OBJ_TREE).getCachedBytes();
        } catch (IOException e) {
            String where = commit >= 0 ? commitName + ":" + prefix : prefix;
            out.error(new ScanError(where.isEmpty() ? tree.name() : where,
                    "tree " + tree.name() + " " + Issues.reason(e)));
            tree.kids = new Node[0];
            postOrder.add(tree);
            return;
        }
        CanonicalTreeParser p = new CanonicalTreeParser();
        p.reset(raw);
        MutableObjectId id = new MutableObjectId();
        List<Node> kids = new ArrayList<>();
        while (!p.eof()) {
            int mode = p.getEntryRawMode();
            id.fromRaw(p.idBuffer(), p.idOffset());
            int type = mode & FileMode.TYPE_MASK;
            if (type == FileMode.TYPE_TREE) {
                Node k = nodes.get(id);
                if (k == null) {
                    k = newNode(id, true);
                    visitTree(reader, k, prefix + p.getEntryPathString() + "/", commit, commitName, out);
                }
                kids.add(k);
            } else if (type == FileMode.TYPE_FILE || type == FileMode.TYPE_SYMLINK) {
                Node k = nodes.get(id);
                if (k == null) {
                    k = newNode(id, false);
                    if (commit >= 0) {
                        k.commit = commit;
                        k.path = paths.computeIfAbsent(prefix + p.getEntryPathString(), s -> s);
                        blobs.add(k);
                    }
                }
                kids.add(k);
            } else if (type == FileMode.TYPE_GITLINK && commit >= 0) {
                String path = prefix + p.getEntryPathString();
                if (gitlinkPaths.add(path)) {
                    out.skipped(new Skipped(commitName + ":" + path, "submodule (commit " + id.name()
                            + "): not followed"));
                }
            }
            p.next();
        }
        tree.kids = kids.toArray(new Node[0]);
        postOrder.add(tree);
    }

    /** Places (commit/path pairs) per node: each commit counts its root once, and parents pass counts down. */
    void countPlaces(List<CommitWalk.CommitNode> commits) {
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
