package dev.keyward.source;

import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Exposure;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The history audit: one row per distinct credential (fingerprint), with where it entered history, every blob
 * and path holding it, whether HEAD still holds it and how long it has been exposed. The paths come from the
 * walk's tree graph when the inventory has one (only trees leading to a credential are read), else from reading
 * every tree once. Stateless.
 */
final class Audit {

    private Audit() {
    }

    static List<CredentialSummary> summarize(Path repoPath, HistoryInventory inv, List<Finding> findings,
                                             Clock clock) {
        Map<String, List<Finding>> byPrint = new LinkedHashMap<>();
        Set<String> wanted = new HashSet<>();
        for (Finding f : findings) {
            if (f.provenance() instanceof Provenance.GitBlob g) {
                byPrint.computeIfAbsent(f.fingerprint(), k -> new ArrayList<>()).add(f);
                wanted.add(g.blobId());
            }
        }
        if (byPrint.isEmpty()) {
            return List.of();
        }
        Map<String, HistoryBlob> blobs = new HashMap<>();
        for (HistoryBlob b : inv.blobs()) {
            if (wanted.contains(b.blobId())) {
                blobs.put(b.blobId(), b);
            }
        }
        Map<String, Set<String>> pathsOf = new HashMap<>();
        Set<String> atHead = new HashSet<>();
        try (Repository repo = GitRepos.open(repoPath, null); ObjectReader reader = repo.newObjectReader()) {
            if (inv.graph() != null) {
                fromGraph(reader, inv, blobs.keySet(), pathsOf, atHead);
            } else {
                byReading(reader, inv, blobs.keySet(), pathsOf, atHead);
            }
        } catch (GitRepos.NotARepository | IOException e) {
            // The repository went away since the walk: each blob still has its first path.
        }
        Instant now = clock.instant();
        List<CredentialSummary> rows = new ArrayList<>();
        for (List<Finding> group : byPrint.values()) {
            CredentialSummary row = row(group, blobs, pathsOf, atHead, now);
            if (row != null) {
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparingInt((CredentialSummary s) -> blobs.get(s.origin().blobId()).order())
                .thenComparing(CredentialSummary::first, ScanResult.ORDER));
        return rows;
    }

    private static CredentialSummary row(List<Finding> group, Map<String, HistoryBlob> blobs,
                                         Map<String, Set<String>> pathsOf, Set<String> atHead, Instant now) {
        Finding first = null;
        int firstOrder = Integer.MAX_VALUE;
        Map<String, HistoryBlob> groupBlobs = new LinkedHashMap<>();
        boolean paired = false;
        for (Finding f : group) {
            Provenance.GitBlob g = (Provenance.GitBlob) f.provenance();
            HistoryBlob b = blobs.get(g.blobId());
            paired |= f.pairedWith() != null;
            if (b == null) {
                continue;
            }
            groupBlobs.put(b.blobId(), b);
            if (b.order() < firstOrder || (b.order() == firstOrder && ScanResult.ORDER.compare(f, first) < 0)) {
                first = f;
                firstOrder = b.order();
            }
        }
        if (first == null) {
            return null;
        }
        Set<String> where = new HashSet<>();
        long places = 0;
        Instant last = Instant.EPOCH;
        boolean present = false;
        List<Exposure> exposures = new ArrayList<>();
        Provenance.GitBlob origin = (Provenance.GitBlob) first.provenance();
        for (HistoryBlob b : groupBlobs.values()) {
            Set<String> paths = new TreeSet<>(pathsOf.getOrDefault(b.blobId(), Set.of()));
            paths.add(b.path());
            where.addAll(paths);
            places += b.places();
            last = last.isAfter(b.lastSeen()) ? last : b.lastSeen();
            boolean head = atHead.contains(b.blobId());
            present |= head;
            exposures.add(new Exposure(b.blobId(), b.commit(), b.date(), List.copyOf(paths), b.lastSeen(), head,
                    b.places(), origin.repository()));
        }
        exposures.sort(Comparator.comparing((Exposure e) -> blobs.get(e.blobId()).order())
                .thenComparing(Exposure::blobId));
        Instant introduced = origin.date() == null ? now : origin.date();
        long days = Math.max(0, Duration.between(introduced, now).toDays());
        return new CredentialSummary(first, paired, present, groupBlobs.size(), Math.max(1, where.size()),
                Math.max(1, places), last, days, exposures);
    }

    /** Paths and HEAD from the walk's graph: only the trees that lead to a target are read again. */
    private static void fromGraph(ObjectReader reader, HistoryInventory inv, Set<String> targets,
                                  Map<String, Set<String>> pathsOf, Set<String> atHead) throws IOException {
        TreeGraph graph = inv.graph();
        Set<TreeGraph.Node> nodes = new HashSet<>();
        for (String id : targets) {
            TreeGraph.Node n = graph.nodes.get(ObjectId.fromString(id));
            if (n != null) {
                nodes.add(n);
            }
        }
        BitSet relevant = graph.relevant(nodes);
        Map<TreeGraph.Node, List<TreeGraph.Hit>> memo = new HashMap<>();
        for (String root : inv.roots()) {
            TreeGraph.Node r = graph.nodes.get(ObjectId.fromString(root));
            if (r != null && relevant.get(r.index)) {
                for (TreeGraph.Hit h : graph.hits(reader, r, relevant, memo)) {
                    pathsOf.computeIfAbsent(h.blob().name(), k -> new HashSet<>()).add(h.path());
                }
            }
        }
        RevTree head = headTree(reader, inv);
        if (head == null) {
            return;
        }
        TreeGraph.Node root = graph.nodes.get(head);
        if (root != null) {
            if (relevant.get(root.index)) {
                for (TreeGraph.Hit h : graph.hits(reader, root, relevant, memo)) {
                    atHead.add(h.blob().name());
                }
            }
            return;
        }
        headByWalking(reader, head, targets, atHead); // HEAD lies outside what was walked (--branch, --since)
    }

    /** Paths and HEAD by reading every root tree, each unique tree once. */
    private static void byReading(ObjectReader reader, HistoryInventory inv, Set<String> targets,
                                  Map<String, Set<String>> pathsOf, Set<String> atHead) throws IOException {
        Set<ObjectId> wanted = new HashSet<>();
        for (String id : targets) {
            wanted.add(ObjectId.fromString(id));
        }
        Map<ObjectId, List<String[]>> memo = new HashMap<>();
        for (String root : inv.roots()) {
            for (String[] hit : read(reader, ObjectId.fromString(root), wanted, memo)) {
                pathsOf.computeIfAbsent(hit[1], k -> new HashSet<>()).add(hit[0]);
            }
        }
        RevTree head = headTree(reader, inv);
        if (head != null) {
            headByWalking(reader, head, targets, atHead);
        }
    }

    /** (path, blob id) pairs below {@code tree} for the wanted blobs; each tree read once. */
    private static List<String[]> read(ObjectReader reader, ObjectId tree, Set<ObjectId> wanted,
                                       Map<ObjectId, List<String[]>> memo) throws IOException {
        List<String[]> known = memo.get(tree);
        if (known != null) {
            return known;
        }
        List<String[]> found = new ArrayList<>();
        CanonicalTreeParser p = new CanonicalTreeParser();
        p.reset(reader.open(tree, Constants.OBJ_TREE).getCachedBytes());
        MutableObjectId id = new MutableObjectId();
        while (!p.eof()) {
            id.fromRaw(p.idBuffer(), p.idOffset());
            int type = p.getEntryRawMode() & org.eclipse.jgit.lib.FileMode.TYPE_MASK;
            String name = p.getEntryPathString();
            if (type == org.eclipse.jgit.lib.FileMode.TYPE_TREE) {
                for (String[] h : read(reader, id.toObjectId(), wanted, memo)) {
                    found.add(new String[] {name + "/" + h[0], h[1]});
                }
            } else if (wanted.contains(id)) {
                found.add(new String[] {name, id.name()});
            }
            p.next();
        }
        List<String[]> kept = found.isEmpty() ? List.of() : found;
        memo.put(tree.copy(), kept);
        return kept;
    }

    private static RevTree headTree(ObjectReader reader, HistoryInventory inv) {
        if (inv.info().head() == null) {
            return null;
        }
        try (RevWalk rw = new RevWalk(reader)) {
            return rw.parseCommit(ObjectId.fromString(inv.info().head())).getTree();
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable HEAD: nothing is said to be at HEAD
        }
    }

    private static void headByWalking(ObjectReader reader, RevTree head, Set<String> targets, Set<String> atHead)
            throws IOException {
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(head);
            tw.setRecursive(true);
            while (tw.next()) {
                String id = tw.getObjectId(0).name();
                if (targets.contains(id)) {
                    atHead.add(id);
                }
            }
        }
    }
}
