package dev.keyward.source;

import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What a commit would add: every path whose staged blob differs from HEAD's, read from the Git index (never the
 * work tree). By default only the lines the commit adds are reported: each staged blob is scanned whole, so line
 * numbers are the staged file's and a new secret beside an unchanged key ID still pairs, and findings are kept
 * when they, or the other half of their pair, start on an added line. Renames are compared with their old
 * content; during a merge a line counts as added only if none of the merged commits has it at that path.
 *
 * <p>Immutable: each {@link #feed} reads the index anew.
 */
final class StagedSource implements Source {

    private final Path start;
    private final StagedOptions options;
    private final long maxFileSize;

    StagedSource(Path start, StagedOptions options, long maxFileSize) {
        this.start = start;
        this.options = options;
        this.maxFileSize = maxFileSize;
    }

    /** Feeds what is staged in the repository holding the start folder (a work tree, or any folder inside one). */
    @Override
    public void feed(BlobSink sink) {
        try (Repository repo = GitRepos.open(start, options.indexFile())) {
            if (repo.isBare()) {
                sink.error(new ScanError(start.toString(), "bare repository: nothing is staged"));
                return;
            }
            scan(repo, sink);
        } catch (GitRepos.NotARepository e) {
            sink.error(new ScanError(start.toString(), e.getMessage()));
        } catch (IOException | RuntimeException e) {
            sink.error(new ScanError(start.toString(), "cannot read the repository: " + message(e)));
        }
    }

    /**
     * What to do when the index is in a format JGit cannot read: split (core.splitIndex, which JGit misreads as a
     * bad path) or sparse (index.sparse). Empty for any other failure.
     */
    static String indexFormatHint(Repository repo, Exception e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("'sdir'") || m.contains("Invalid path: ") && m.endsWith("/") // a folder entry, read as a path
                || repo.getConfig().getBoolean("index", "sparse", false)) {
            return " (a sparse index, which keyward cannot read yet: 'git config index.sparse false' and then"
                    + " 'git sparse-checkout reapply' write it in full)";
        }
        if (m.contains("'link'") || repo.getConfig().getBoolean("core", "splitIndex", false)) {
            return " (a split index, which keyward cannot read yet: 'git config core.splitIndex false' and then"
                    + " 'git update-index --no-split-index' write it in full)";
        }
        return "";
    }

    private void scan(Repository repo, BlobSink sink) throws IOException {
        DirCache index;
        try {
            index = repo.readDirCache();
        } catch (IOException | RuntimeException e) {
            sink.error(new ScanError("<index>", "cannot read the Git index " + repo.getIndexFile() + ": "
                    + message(e) + indexFormatHint(repo, e)));
            return;
        }
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            ObjectId head = repo.resolve(Constants.HEAD + "^{commit}");
            RevTree headTree = head == null ? null : rw.parseCommit(head).getTree();
            List<RevTree> otherParents = new ArrayList<>();
            if (head != null) {
                List<ObjectId> mergeHeads = repo.readMergeHeads();
                if (mergeHeads != null) {
                    for (ObjectId m : mergeHeads) {
                        RevCommit c = rw.parseCommit(m);
                        otherParents.add(c.getTree());
                    }
                }
            }

            List<String> unmerged = new ArrayList<>();
            for (int i = 0; i < index.getEntryCount(); i++) {
                DirCacheEntry e = index.getEntry(i);
                if (e.getStage() > DirCacheEntry.STAGE_1 && (unmerged.isEmpty()
                        || !unmerged.get(unmerged.size() - 1).equals(e.getPathString()))) {
                    unmerged.add(e.getPathString());
                }
            }
            for (String p : unmerged) {
                sink.skipped(new Skipped(p, "unmerged (merge conflict): resolve it and stage the result"));
            }

            List<DiffEntry> changes;
            try (TreeWalk tw = new TreeWalk(repo, reader)) {
                tw.setRecursive(true);
                tw.addTree(headTree == null ? new EmptyTreeIterator() : parser(reader, headTree));
                tw.addTree(new DirCacheIterator(index));
                tw.setFilter(TreeFilter.ANY_DIFF);
                changes = DiffEntry.scan(tw);
            }
            if (!options.allLines() && headTree != null && hasAddAndDelete(changes)) {
                RenameDetector rd = new RenameDetector(reader, repo.getConfig().get(
                        org.eclipse.jgit.diff.DiffConfig.KEY));
                rd.addAll(changes);
                try {
                    changes = rd.compute(reader, NullProgressMonitor.INSTANCE);
                } catch (org.eclipse.jgit.api.errors.CanceledException e) {
                    throw new IOException("rename detection cancelled", e);
                }
            }
            for (DiffEntry d : changes) {
                if (d.getChangeType() == DiffEntry.ChangeType.DELETE || unmerged.contains(d.getNewPath())) {
                    continue;
                }
                scanEntry(reader, d, otherParents, sink);
            }
        }
    }

    /** Renames can only pair an added path with a deleted one; without both, detection has nothing to do. */
    private static boolean hasAddAndDelete(List<DiffEntry> changes) {
        boolean add = false;
        boolean delete = false;
        for (DiffEntry d : changes) {
            add |= d.getChangeType() == DiffEntry.ChangeType.ADD;
            delete |= d.getChangeType() == DiffEntry.ChangeType.DELETE;
        }
        return add && delete;
    }

    private static AbstractTreeIterator parser(ObjectReader reader, RevTree tree) throws IOException {
        CanonicalTreeParser p = new CanonicalTreeParser();
        p.reset(reader, tree);
        return p;
    }

    private void scanEntry(ObjectReader reader, DiffEntry d, List<RevTree> otherParents, BlobSink sink) {
        String path = d.getNewPath();
        FileMode mode = d.getNewMode();
        if (mode == FileMode.GITLINK) {
            sink.skipped(new Skipped(path, "submodule (scanned in its own repository)"));
            return;
        }
        if (mode.getObjectType() != Constants.OBJ_BLOB) {
            return;
        }
        Provenance prov = new Provenance.Staged(path);
        if (!sink.wants(prov)) {
            return;
        }
        ObjectId id = d.getNewId().toObjectId();
        try {
            ObjectLoader loader = reader.open(id, Constants.OBJ_BLOB);
            long size = loader.getSize();
            if (size > maxFileSize) {
                sink.skipped(new Skipped(path, "larger than the size limit (" + size + " > " + maxFileSize
                        + " bytes)"));
                return;
            }
            boolean wholeFile = options.allLines() || size > options.maxDiffBytes()
                    || d.getChangeType() == DiffEntry.ChangeType.ADD && otherParents.isEmpty();
            if (wholeFile && loader.isLarge()) {
                try (InputStream in = loader.openStream()) {
                    sink.blob(Blob.of(prov, size, in));
                }
                return;
            }
            byte[] now = loader.getCachedBytes(Integer.MAX_VALUE - 8);
            Blob blob = Blob.of(prov, now, now.length);
            // Lines are compared only in UTF-8 text; binary, LFS and UTF-16 go to the decoder whole.
            BitSet added = wholeFile || !utf8Text(now) ? null : addedLines(reader, d, now, otherParents);
            sink.blob(added == null ? blob : blob.onlyLines(added));
        } catch (IOException | RuntimeException e) {
            sink.error(new ScanError(path, "cannot read staged blob " + id.name() + ": " + message(e)));
        }
    }

    private static boolean utf8Text(byte[] b) {
        return Content.of(b, b.length, true) instanceof Content.Text t
                && t.charset().equals(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Line numbers (1-based) of {@code now} that are added relative to the old side and to every other merge
     * parent's version at the same path; null when an old side is too large or binary to compare.
     */
    private BitSet addedLines(ObjectReader reader, DiffEntry d, byte[] now, List<RevTree> otherParents)
            throws IOException {
        RawText b = new RawText(now);
        BitSet added = null;
        if (d.getChangeType() != DiffEntry.ChangeType.ADD) {
            added = addedAgainst(reader, d.getOldId().toObjectId(), b);
            if (added == null) {
                return null;
            }
        }
        for (RevTree parent : otherParents) {
            try (TreeWalk tw = TreeWalk.forPath(reader, d.getNewPath(), parent)) {
                if (tw == null || (tw.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
                    if (added == null) {
                        added = allLines(b);
                    }
                    continue;
                }
                BitSet vsParent = addedAgainst(reader, tw.getObjectId(0), b);
                if (vsParent == null) {
                    return null;
                }
                if (added == null) {
                    added = vsParent;
                } else {
                    added.and(vsParent);
                }
            }
        }
        return added == null ? allLines(b) : added;
    }

    private BitSet addedAgainst(ObjectReader reader, ObjectId oldId, RawText b) throws IOException {
        ObjectLoader old = reader.open(oldId, Constants.OBJ_BLOB);
        if (old.getSize() > options.maxDiffBytes()) {
            return null;
        }
        byte[] before = old.getCachedBytes();
        if (!utf8Text(before)) {
            return null;
        }
        BitSet added = new BitSet();
        for (Edit e : DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, new RawText(before), b)) {
            added.set(e.getBeginB() + 1, e.getEndB() + 1);
        }
        return added;
    }

    private static BitSet allLines(RawText b) {
        BitSet all = new BitSet();
        all.set(1, b.size() + 1);
        return all;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
