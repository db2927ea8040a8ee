package dev.keyward.org;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FS;

/**
 * Commit-only questions about a fork network, read with JGit, for walking shared history once: the root commits
 * of a repository (repositories that share one are one network), the commits where a fork's history meets its
 * parent's, and which commits a fork reaches. Reads no tree; stateless.
 */
final class Networks {

    private Networks() {
    }

    /** The root (parentless) commits reachable from {@code refs} (every ref when null), as ids. */
    static Set<String> roots(Path gitDir, List<String> refs) {
        Set<String> out = new TreeSet<>();
        try (Repository repo = open(gitDir); RevWalk rw = new RevWalk(repo)) {
            for (ObjectId tip : tips(repo, refs)) {
                rw.markStart(rw.parseCommit(tip));
            }
            for (RevCommit c : rw) {
                if (c.getParentCount() == 0) {
                    out.add(c.name());
                }
                c.disposeBody();
            }
        } catch (IOException | RuntimeException e) {
            return Set.of(); // a repository that cannot be read is walked, and reported, on its own
        }
        return out;
    }

    /**
     * The newest commits of the fork's history that the parent reaches (its other commits are the fork's own);
     * empty when they share nothing or either cannot be read.
     */
    static List<String> meeting(Path forkDir, List<String> forkRefs, Path parentDir, List<String> parentRefs) {
        try (Repository fork = open(forkDir)) {
            if (sameRepository(forkDir, parentDir)) {
                // One mirror: what the parent's refs reach is the shared history.
                try (RevWalk rw = new RevWalk(fork)) {
                    Set<ObjectId> parentTips = new HashSet<>(tips(fork, parentRefs));
                    for (ObjectId t : tips(fork, forkRefs)) {
                        rw.markStart(rw.parseCommit(t));
                    }
                    for (ObjectId t : parentTips) {
                        rw.markUninteresting(rw.parseCommit(t));
                    }
                    rw.sort(org.eclipse.jgit.revwalk.RevSort.BOUNDARY, true);
                    List<String> out = new ArrayList<>();
                    for (RevCommit c : rw) {
                        if (c.has(org.eclipse.jgit.revwalk.RevFlag.UNINTERESTING)) {
                            out.add(c.name());
                        }
                    }
                    // A fork tip the parent reaches is all shared.
                    for (ObjectId t : tips(fork, forkRefs)) {
                        RevCommit c = rw.parseCommit(t);
                        if (c.has(org.eclipse.jgit.revwalk.RevFlag.UNINTERESTING) && !out.contains(c.name())) {
                            out.add(c.name());
                        }
                    }
                    return out;
                }
            }
            try (Repository parent = open(parentDir); ObjectReader theirs = parent.newObjectReader();
                 RevWalk rw = new RevWalk(fork)) {
                // Separate repositories: a commit the parent's object store holds is shared, with its history.
                List<String> out = new ArrayList<>();
                Set<ObjectId> seen = new HashSet<>();
                List<RevCommit> stack = new ArrayList<>();
                for (ObjectId t : tips(fork, forkRefs)) {
                    RevCommit c = rw.parseCommit(t);
                    if (seen.add(c)) {
                        stack.add(c);
                    }
                }
                while (!stack.isEmpty()) {
                    RevCommit c = stack.remove(stack.size() - 1);
                    if (theirs.has(c)) {
                        out.add(c.name());
                        continue;
                    }
                    rw.parseHeaders(c);
                    for (RevCommit p : c.getParents()) {
                        if (seen.add(p)) {
                            stack.add(p);
                        }
                    }
                }
                return out;
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Where a blob first entered a fork's shared history. */
    record Place(String commit, String path, String author, String email, java.time.Instant date) {
    }

    /**
     * Where each of {@code blobs} first entered the history that {@code from} reaches (the fork's shared history),
     * walking it oldest first and reading only what each commit changed; blobs it does not hold are left out. Used
     * only for the parent's findings whose first commit the fork lacks, so it is seldom walked.
     */
    static java.util.Map<String, Place> firstPlaces(Path forkDir, Collection<String> from, Set<String> blobs) {
        java.util.Map<String, Place> out = new java.util.HashMap<>();
        if (blobs.isEmpty() || from.isEmpty()) {
            return out;
        }
        try (Repository repo = open(forkDir); RevWalk rw = new RevWalk(repo);
             TreeWalk tw = new TreeWalk(repo)) {
            for (String id : from) {
                rw.markStart(rw.parseCommit(ObjectId.fromString(id)));
            }
            rw.sort(org.eclipse.jgit.revwalk.RevSort.TOPO, true);
            rw.sort(org.eclipse.jgit.revwalk.RevSort.REVERSE, true);
            tw.setRecursive(true);
            for (RevCommit c : rw) {
                tw.reset();
                tw.addTree(c.getTree());
                for (RevCommit p : c.getParents()) {
                    tw.addTree(rw.parseCommit(p).getTree());
                }
                tw.setFilter(c.getParentCount() == 0 ? TreeFilter.ALL : TreeFilter.ANY_DIFF);
                while (tw.next()) {
                    if ((tw.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
                        continue;
                    }
                    String blob = tw.getObjectId(0).name();
                    if (blobs.contains(blob) && !out.containsKey(blob)) {
                        PersonIdent who = c.getAuthorIdent();
                        out.put(blob, new Place(c.name(), tw.getPathString(), who.getName(), who.getEmailAddress(),
                                who.getWhenAsInstant()));
                    }
                }
                if (out.size() == blobs.size()) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            return out; // what could not be read stays the parent's alone, as before
        }
        return out;
    }

    /** Those of {@code commits} that the fork's refs reach. */
    static Set<String> reached(Path forkDir, List<String> forkRefs, Collection<String> commits) {
        Set<String> out = new HashSet<>();
        try (Repository repo = open(forkDir); RevWalk rw = new RevWalk(repo)) {
            List<RevCommit> tips = new ArrayList<>();
            for (ObjectId t : tips(repo, forkRefs)) {
                tips.add(rw.parseCommit(t));
            }
            for (String id : commits) {
                ObjectId oid = ObjectId.fromString(id);
                if (!rw.getObjectReader().has(oid)) {
                    continue;
                }
                RevCommit c = rw.parseCommit(oid);
                for (RevCommit t : tips) {
                    if (rw.isMergedInto(c, t)) {
                        out.add(id);
                        break;
                    }
                }
                rw.reset();
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    private static boolean sameRepository(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static List<ObjectId> tips(Repository repo, List<String> refs) throws IOException {
        List<ObjectId> out = new ArrayList<>();
        List<Ref> all = refs == null ? repo.getRefDatabase().getRefs() : new ArrayList<>();
        if (refs != null) {
            for (String name : refs) {
                Ref r = repo.exactRef(name);
                if (r != null) {
                    all.add(r);
                }
            }
        }
        try (RevWalk rw = new RevWalk(repo)) {
            for (Ref r : all) {
                if (r.getObjectId() == null) {
                    continue;
                }
                RevObject o = rw.peel(rw.parseAny(r.getObjectId()));
                if (o instanceof RevCommit) {
                    out.add(o.copy());
                }
            }
        }
        return out;
    }

    private static Repository open(Path folder) throws IOException {
        File gitDir = RepositoryCache.FileKey.resolve(folder.toFile(), FS.DETECTED);
        if (gitDir == null) {
            throw new IOException(folder + " is not a Git repository");
        }
        return new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
    }
}
