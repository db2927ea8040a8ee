package dev.keyward.source;

import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/** Where a history walk starts and what it leaves out: refs, stashes, worktree HEADs, {@code --since}. Stateless. */
final class StartPoints {

    private StartPoints() {
    }

    /**
     * The commits to walk from: the named refs, or every ref, HEAD, every stash and every worktree's detached HEAD.
     * A start point that is missing is an error; one that is not a commit is skipped.
     *
     * @throws ScanException when a named ref or revision does not exist
     */
    static List<ObjectId> of(Repository repo, RevWalk rw, HistoryOptions options, Issues out) throws IOException {
        Map<ObjectId, String> ids = new LinkedHashMap<>(); // start point -> the first ref naming it, in ref order
        if (!options.branches().isEmpty()) {
            for (String name : options.branches()) {
                ids.putIfAbsent(resolve(repo, name), name);
            }
        } else {
            for (Ref r : repo.getRefDatabase().getRefs()) {
                addRef(repo, r, ids);
            }
            Ref head = repo.exactRef(Constants.HEAD);
            if (head != null) {
                addRef(repo, head, ids);
            }
            // Every stash, not only the newest: older ones live in the reflog of refs/stash.
            ReflogReader stashLog = repo.getRefDatabase().getReflogReader(Constants.R_STASH);
            if (stashLog != null) {
                for (ReflogEntry e : stashLog.getReverseEntries()) {
                    if (!e.getNewId().equals(ObjectId.zeroId())) {
                        ids.putIfAbsent(e.getNewId(), Constants.R_STASH);
                    }
                }
            }
            worktreeHeads(repo, ids);
        }
        List<ObjectId> commitsOnly = new ArrayList<>();
        for (Map.Entry<ObjectId, String> start : ids.entrySet()) {
            ObjectId id = start.getKey();
            String ref = start.getValue();
            RevObject o;
            try {
                o = rw.peel(rw.parseAny(id));
            } catch (MissingObjectException e) {
                out.error(new ScanError(ref, ref + " points at " + id.name()
                        + ", which is missing (or in a damaged pack)"));
                continue;
            } catch (IOException e) {
                out.error(new ScanError(ref, ref + " points at " + id.name() + ", which " + Issues.reason(e)));
                continue;
            }
            if (o instanceof RevCommit) {
                commitsOnly.add(o.copy());
            } else {
                out.skipped(new Skipped(ref, ref + " points at a " + Constants.typeString(o.getType())
                        + ", not a commit: not scanned"));
            }
        }
        return commitsOnly;
    }

    private static void addRef(Repository repo, Ref r, Map<ObjectId, String> ids) throws IOException {
        if (r.isSymbolic() && r.getObjectId() == null) {
            return; // an unborn branch
        }
        Ref peeled = r.isPeeled() ? r : repo.getRefDatabase().peel(r);
        ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
        if (id != null) {
            ids.putIfAbsent(id, r.getName());
        }
    }

    static ObjectId resolve(Repository repo, String name) throws IOException {
        Ref r = repo.findRef(name);
        ObjectId id;
        try {
            id = r != null ? r.getObjectId() : repo.resolve(name);
        } catch (org.eclipse.jgit.errors.RevisionSyntaxException e) {
            throw new ScanException("not a valid ref or revision: '" + name + "'", e);
        }
        if (id == null) {
            throw new ScanException("unknown ref or revision: '" + name + "'");
        }
        return id;
    }

    /** Detached HEADs of linked worktrees (and of the main one, when scanning from a linked worktree). */
    private static void worktreeHeads(Repository repo, Map<ObjectId, String> ids) {
        File common = repo.getCommonDirectory();
        List<Path> heads = new ArrayList<>();
        heads.add(common.toPath().resolve(Constants.HEAD));
        Path wt = common.toPath().resolve("worktrees");
        if (Files.isDirectory(wt)) {
            try (var s = Files.list(wt)) {
                s.forEach(d -> heads.add(d.resolve(Constants.HEAD)));
            } catch (IOException e) {
                // A worktree list we cannot read: the refs still cover every branch.
            }
        }
        for (Path h : heads) {
            try {
                String text = Files.readString(h).trim();
                if (ObjectId.isId(text)) {
                    ids.putIfAbsent(ObjectId.fromString(text), common.toPath().relativize(h).toString());
                }
            } catch (IOException e) {
                // Absent or unreadable HEAD file: nothing detached to add.
            }
        }
    }

    /** Every commit the {@code --since} revision reaches: left out of the walk. */
    static Set<RevCommit> excluded(Repository repo, RevWalk rw, String sinceRevision, Set<ObjectId> shallow)
            throws IOException {
        ObjectId since = resolve(repo, sinceRevision);
        RevCommit top;
        try {
            RevObject o = rw.peel(rw.parseAny(since));
            if (!(o instanceof RevCommit c)) {
                throw new ScanException("--since '" + sinceRevision + "' is not a commit");
            }
            top = c;
        } catch (MissingObjectException e) {
            throw new ScanException("--since '" + sinceRevision + "' names a missing object", e);
        }
        Set<RevCommit> seen = new HashSet<>();
        seen.add(top);
        return closure(rw, new ArrayList<>(List.of(top)), seen, shallow);
    }

    /**
     * {@code already} and every commit of {@code known} (full ids) this repository holds, with their history:
     * what another repository's walk covered.
     */
    static Set<RevCommit> reachedBy(RevWalk rw, List<String> known, Set<RevCommit> already, Set<ObjectId> shallow) {
        Set<RevCommit> seen = new HashSet<>(already);
        List<RevCommit> stack = new ArrayList<>();
        for (String id : known) {
            ObjectId oid;
            try {
                oid = ObjectId.fromString(id);
            } catch (IllegalArgumentException e) {
                continue;
            }
            try {
                if (!rw.getObjectReader().has(oid)) {
                    continue;
                }
                RevCommit c = rw.parseCommit(oid);
                if (seen.add(c)) {
                    stack.add(c);
                }
            } catch (IOException e) {
                // Not a commit here, or unreadable: this repository's own walk covers it.
            }
        }
        return closure(rw, stack, seen, shallow);
    }

    private static Set<RevCommit> closure(RevWalk rw, List<RevCommit> stack, Set<RevCommit> seen,
                                          Set<ObjectId> shallow) {
        while (!stack.isEmpty()) {
            RevCommit c = stack.remove(stack.size() - 1);
            try {
                rw.parseHeaders(c);
                c.disposeBody();
            } catch (IOException e) {
                continue; // reported if the scanned history reaches it too
            }
            if (shallow.contains(c)) {
                continue;
            }
            for (RevCommit p : c.getParents()) {
                if (seen.add(p)) {
                    stack.add(p);
                }
            }
        }
        return seen;
    }

    static Set<ObjectId> shallowCommits(Repository repo) {
        try {
            return repo.getObjectDatabase() instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory od
                    ? od.getShallowCommits() : Set.of();
        } catch (IOException e) {
            return Set.of();
        }
    }
}
