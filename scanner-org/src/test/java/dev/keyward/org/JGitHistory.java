package dev.keyward.org;

import dev.keyward.ScanListener;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.Provenance;
import dev.keyward.source.HistoryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

/**
 * A small stand-in for scanner-core's history parts behind our own seam, over real repositories, until the
 * adapter lands: walks the given refs' commits oldest first, takes each blob's first place, and "scans" with
 * {@link FakeHistory#detect}. Counts the blobs it reads.
 */
final class JGitHistory implements HistoryParts {

    final Map<String, Integer> scans = new ConcurrentHashMap<>();

    private static Repository open(Path folder) throws IOException {
        java.io.File dir = RepositoryCache.FileKey.resolve(folder.toFile(), FS.DETECTED);
        if (dir == null) {
            throw new OrgException(folder + " is not a Git repository");
        }
        return new FileRepositoryBuilder().setGitDir(dir).setMustExist(true).build();
    }

    @Override
    public Map<String, String> tips(Path gitDir, List<String> refs) {
        return RefTips.read(gitDir, refs);
    }

    @Override
    public Inventory enumerate(Path gitDir, HistoryOptions options) {
        try (Repository repo = open(gitDir); RevWalk walk = new RevWalk(repo)) {
            List<ObjectId> starts = new ArrayList<>();
            if (options.branches().isEmpty()) {
                repo.getRefDatabase().getRefs().forEach(r -> starts.add(r.getObjectId()));
            } else {
                for (String name : options.branches()) {
                    Ref r = repo.exactRef(name);
                    if (r != null) {
                        starts.add(r.getObjectId());
                    }
                }
            }
            for (ObjectId id : starts) {
                RevObject o = walk.peel(walk.parseAny(id));
                if (o instanceof RevCommit c) {
                    walk.markStart(c);
                }
            }
            walk.sort(RevSort.TOPO);
            walk.sort(RevSort.REVERSE, true);
            Map<String, Blob> first = new LinkedHashMap<>();
            int order = 0;
            long commits = 0;
            for (RevCommit c : walk) {
                commits++;
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(c.getTree());
                    tw.setRecursive(true);
                    while (tw.next()) {
                        if (tw.getFileMode(0).getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB
                                || tw.getFileMode(0) == FileMode.GITLINK) {
                            continue;
                        }
                        String id = tw.getObjectId(0).name();
                        Blob old = first.get(id);
                        first.put(id, old != null ? new Blob(id, old.commit(), old.path(), old.author(), old.email(),
                                old.date(), old.places() + 1, old.commitOrder())
                                : new Blob(id, c.name(), tw.getPathString(), c.getAuthorIdent().getName(),
                                c.getAuthorIdent().getEmailAddress(), c.getAuthorIdent().getWhenAsInstant(), 1, order));
                    }
                }
                order++;
            }
            ObjectId head = repo.resolve("HEAD");
            return new Inventory(new HistoryInfo(gitDir.toString(), repo.isBare(), false,
                    head == null ? null : head.name(), repo.getFullBranch(), starts.size(), commits, 0, first.size()),
                    new ArrayList<>(first.values()), List.of(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void scan(Path gitDir, Collection<Blob> which, HistoryOptions options, ScanListener listener) {
        try (Repository repo = open(gitDir); ObjectReader reader = repo.newObjectReader()) {
            for (Blob b : which) {
                byte[] bytes = reader.open(ObjectId.fromString(b.blobId())).getBytes();
                scans.merge(b.blobId(), 1, Integer::sum);
                FakeHistory.detect(b, new String(bytes, StandardCharsets.UTF_8), listener);
                listener.scanned(b.path(), bytes.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<CredentialSummary> summarize(Path gitDir, Inventory inventory, List<Finding> findings, Clock clock) {
        Set<String> atHead = new HashSet<>();
        try (Repository repo = open(gitDir); RevWalk walk = new RevWalk(repo)) {
            if (inventory.info().head() != null) {
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(walk.parseCommit(ObjectId.fromString(inventory.info().head())).getTree());
                    tw.setRecursive(true);
                    while (tw.next()) {
                        atHead.add(tw.getObjectId(0).name());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<Finding>> by = new LinkedHashMap<>();
        findings.forEach(f -> by.computeIfAbsent(f.fingerprint(), k -> new ArrayList<>()).add(f));
        List<CredentialSummary> out = new ArrayList<>();
        by.forEach((fp, list) -> out.add(new CredentialSummary(list.get(0), false,
                list.stream().anyMatch(f -> atHead.contains(((Provenance.GitBlob) f.provenance()).blobId())),
                list.size(), list.size(), list.size(), null, 0, List.of())));
        return out;
    }
}
