package dev.keyward.source;

import dev.keyward.finding.ScanError;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Every commit reachable from the start points, in the order blobs are attributed: parents before children, and
 * among commits free to go, the oldest (committer time) first. Stateless.
 */
final class CommitWalk {

    /** One walked commit: its tree, its author, and its place in the order. */
    static final class CommitNode {
        final RevCommit id;
        final ObjectId tree;
        final long time;
        RevCommit[] parents;
        int waiting;
        int order;
        String author;
        String email;
        Instant date;
        TreeGraph.Node root;

        CommitNode(RevCommit id, ObjectId tree, long time) {
            this.id = id;
            this.tree = tree;
            this.time = time;
        }
    }

    private CommitWalk() {
    }

    /**
     * The commits, ordered; parents in {@code excluded} are not walked but added to {@code boundary}, and shallow
     * commits have no parents. An unreadable commit is an error, and what only it leads to is not walked.
     */
    static List<CommitNode> walk(RevWalk rw, List<ObjectId> starts, Set<RevCommit> excluded,
                                 Set<RevCommit> boundary, Set<ObjectId> shallow, Issues out) {
        Map<RevCommit, CommitNode> byCommit = new HashMap<>();
        List<RevCommit> stack = new ArrayList<>();
        for (ObjectId id : starts) {
            RevCommit c = rw.lookupCommit(id);
            if (excluded.contains(c)) {
                boundary.add(c);
            } else if (!byCommit.containsKey(c)) {
                byCommit.put(c, null);
                stack.add(c);
            }
        }
        Map<String, String> people = new HashMap<>();
        while (!stack.isEmpty()) {
            RevCommit c = stack.remove(stack.size() - 1);
            try {
                rw.parseHeaders(c);
                rw.parseBody(c);
            } catch (IOException e) {
                // Kept in the map (as null) so that other children of this commit do not report it again.
                out.error(new ScanError(c.name(), "commit " + c.name() + " " + Issues.reason(e)));
                continue;
            }
            CommitNode n = new CommitNode(c, c.getTree().copy(), c.getCommitTime());
            try {
                var who = c.getAuthorIdent();
                n.author = people.computeIfAbsent(who.getName(), k -> k);
                n.email = people.computeIfAbsent(who.getEmailAddress(), k -> k);
                n.date = who.getWhenAsInstant();
            } catch (RuntimeException e) {
                n.author = "";
                n.email = "";
                n.date = Instant.ofEpochSecond(c.getCommitTime());
            }
            c.disposeBody();
            byCommit.put(c, n);
            RevCommit[] parents = shallow.contains(c) ? new RevCommit[0] : c.getParents();
            n.parents = parents;
            for (RevCommit p : parents) {
                if (excluded.contains(p)) {
                    boundary.add(p);
                } else if (!byCommit.containsKey(p)) {
                    byCommit.put(p, null);
                    stack.add(p);
                }
            }
        }
        return ordered(byCommit);
    }

    private static List<CommitNode> ordered(Map<RevCommit, CommitNode> byCommit) {
        List<CommitNode> all = new ArrayList<>();
        for (CommitNode n : byCommit.values()) {
            if (n != null) {
                all.add(n);
            }
        }
        Map<RevCommit, List<CommitNode>> children = new HashMap<>();
        for (CommitNode n : all) {
            for (RevCommit p : n.parents) {
                if (byCommit.get(p) != null) {
                    n.waiting++;
                    children.computeIfAbsent(p, k -> new ArrayList<>()).add(n);
                }
            }
        }
        PriorityQueue<CommitNode> ready = new PriorityQueue<>(
                Comparator.comparingLong((CommitNode n) -> n.time).thenComparing(n -> n.id.name()));
        for (CommitNode n : all) {
            if (n.waiting == 0) {
                ready.add(n);
            }
        }
        List<CommitNode> commits = new ArrayList<>(all.size());
        while (!ready.isEmpty()) {
            CommitNode n = ready.poll();
            n.order = commits.size();
            commits.add(n);
            for (CommitNode ch : children.getOrDefault(n.id, List.of())) {
                if (--ch.waiting == 0) {
                    ready.add(ch);
                }
            }
        }
        return commits;
    }
}
