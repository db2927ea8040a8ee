package dev.keyward.source;

import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.ScanError;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Walks a repository's history without reading a blob: start points, the commit walk, the tree graph, and from
 * them the inventory of unique blobs with their first places. Stateless.
 */
final class HistoryWalk {

    private HistoryWalk() {
    }

    static HistoryInventory enumerate(Path repoPath, HistoryOptions options, List<String> known) {
        if (options.tuneGitCaches()) {
            GitCaches.tune(options.threads());
        }
        Issues out = new Issues();
        try (Repository repo = GitRepos.open(repoPath, null)) {
            return walk(repo, options, known, out);
        } catch (GitRepos.NotARepository e) {
            out.error(new ScanError(repoPath.toString(), e.getMessage()));
        } catch (IOException e) {
            out.error(new ScanError(repoPath.toString(), "cannot read the repository: " + e.getMessage()));
        }
        return new HistoryInventory(new HistoryInfo(repoPath.toString(), false, false, null, null, 0, 0, 0, 0),
                List.of(), List.of(), out.skipped, out.errors, null);
    }

    private static HistoryInventory walk(Repository repo, HistoryOptions options, List<String> known, Issues out)
            throws IOException {
        Ref headRef = repo.exactRef(Constants.HEAD);
        ObjectId headId = headRef == null ? null : headRef.getObjectId();
        String headName = headRef != null && headRef.isSymbolic() ? headRef.getTarget().getName() : null;
        Set<ObjectId> shallow = StartPoints.shallowCommits(repo);
        TreeGraph graph = new TreeGraph();
        List<CommitWalk.CommitNode> commits;
        int starts;
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader);
             PackTrees trees = new PackTrees(repo, reader)) {
            List<ObjectId> points = StartPoints.of(repo, rw, options, out);
            starts = points.size();
            Set<RevCommit> boundary = new HashSet<>();
            Set<RevCommit> excluded = options.since() == null ? new HashSet<>()
                    : StartPoints.excluded(repo, rw, options.since(), shallow);
            if (!known.isEmpty()) {
                excluded = StartPoints.reachedBy(rw, known, excluded, shallow);
            }
            commits = CommitWalk.walk(rw, points, excluded, boundary, shallow, out);
            for (RevCommit b : boundary) {
                // What the --since revision already holds is not new: mark its trees seen, scan none of it.
                try {
                    rw.parseHeaders(b);
                    graph.visitRoot(trees, b.getTree(), -1, b.name(), out);
                } catch (IOException e) {
                    out.error(new ScanError(b.name(), "cannot read commit: " + e.getMessage()));
                }
            }
            for (CommitWalk.CommitNode c : commits) {
                c.root = graph.visitRoot(trees, c.tree, c.order, c.id.name(), out);
            }
        }
        graph.countPlaces(commits);
        String[] names = new String[commits.size()];
        Set<String> roots = new LinkedHashSet<>();
        for (CommitWalk.CommitNode c : commits) {
            names[c.order] = c.id.name();
            roots.add(c.tree.name());
        }
        List<HistoryBlob> blobs = new ArrayList<>(graph.blobs.size());
        for (TreeGraph.Node k : graph.blobs) {
            CommitWalk.CommitNode c = commits.get(k.commit);
            blobs.add(new HistoryBlob(k.name(), names[k.commit], k.path, c.author, c.email, c.date, k.places,
                    Instant.ofEpochSecond(k.lastSeen), k.commit));
        }
        HistoryInfo info = new HistoryInfo(repo.getDirectory().getPath(), repo.isBare(), !shallow.isEmpty(),
                headId == null ? null : headId.name(), headName, starts, commits.size(), graph.trees, blobs.size());
        return new HistoryInventory(info, blobs, new ArrayList<>(roots), out.skipped, out.errors, graph);
    }
}
