package dev.keyward.internal.source;

import dev.keyward.ScanListener;
import dev.keyward.StagedOptions;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.commons.io.input.ReaderInputStream;
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
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FS;

/**
 * What a commit would add: every path whose staged blob differs from HEAD's, read from the Git index (never the
 * work tree). By default only the lines the commit adds are reported: each staged blob is scanned whole, so line
 * numbers are the staged file's and a new secret beside an unchanged key ID still pairs, and findings are kept
 * when they, or the other half of their pair, start on an added line. Renames are compared with their old
 * content; during a merge a line counts as added only if none of the merged commits has it at that path.
 *
 * <p>One instance per scan; not thread-safe.
 */
public final class StagedSource {

    /** Scans one blob through the scanner's single choke point. */
    @FunctionalInterface
    public interface BlobScanner {
        void scan(InputStream in, Provenance provenance, ScanListener listener);
    }

    static final int SNIFF = 8000;

    private final StagedOptions options;
    private final long maxFileSize;
    private final BlobScanner scanner;
    private final ScanListener listener;

    public StagedSource(StagedOptions options, long maxFileSize, BlobScanner scanner, ScanListener listener) {
        this.options = options;
        this.maxFileSize = maxFileSize;
        this.scanner = scanner;
        this.listener = listener;
    }

    /** Scans what is staged in the repository holding {@code start} (a work tree, or any folder inside one). */
    public void scan(Path start) {
        FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
        java.io.File dir = start.toAbsolutePath().toFile();
        if (!dir.exists()) {
            listener.error(new ScanError(start.toString(), "no such folder"));
            return;
        }
        if (RepositoryCache.FileKey.isGitRepository(dir, FS.DETECTED)) {
            b.setGitDir(dir); // a Git directory itself, as hooks are given in GIT_DIR for linked worktrees
        } else {
            b.findGitDir(dir);
        }
        if (b.getGitDir() == null) {
            listener.error(new ScanError(start.toString(), "not a Git repository (or any parent up to /)"));
            return;
        }
        if (options.indexFile() != null) {
            b.setIndexFile(options.indexFile().toAbsolutePath().toFile());
        }
        try (Repository repo = b.build()) {
            if (repo.isBare()) {
                listener.error(new ScanError(start.toString(), "bare repository: nothing is staged"));
                return;
            }
            scan(repo);
        } catch (IOException | RuntimeException e) {
            listener.error(new ScanError(start.toString(), "cannot read the repository: " + message(e)));
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

    private void scan(Repository repo) throws IOException {
        DirCache index;
        try {
            index = repo.readDirCache();
        } catch (IOException | RuntimeException e) {
            listener.error(new ScanError("<index>", "cannot read the Git index " + repo.getIndexFile() + ": "
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
                listener.skipped(new Skipped(p, "unmerged (merge conflict): resolve it and stage the result"));
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
                scanEntry(reader, d, otherParents);
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

    private void scanEntry(ObjectReader reader, DiffEntry d, List<RevTree> otherParents) {
        String path = d.getNewPath();
        FileMode mode = d.getNewMode();
        if (mode == FileMode.GITLINK) {
            listener.skipped(new Skipped(path, "submodule (scanned in its own repository)"));
            return;
        }
        if (mode.getObjectType() != Constants.OBJ_BLOB) {
            return;
        }
        ObjectId id = d.getNewId().toObjectId();
        try {
            ObjectLoader loader = reader.open(id, Constants.OBJ_BLOB);
            long size = loader.getSize();
            if (size > maxFileSize) {
                listener.skipped(new Skipped(path, "larger than the size limit (" + size + " > " + maxFileSize
                        + " bytes)"));
                return;
            }
            Provenance prov = new Provenance.Staged(path);
            boolean wholeFile = options.allLines() || size > options.maxDiffBytes()
                    || d.getChangeType() == DiffEntry.ChangeType.ADD && otherParents.isEmpty();
            if (wholeFile) {
                scanStream(loader, prov, listener);
                return;
            }
            byte[] now = loader.getCachedBytes(Integer.MAX_VALUE - 8);
            if (RawText.isBinary(now, Math.min(now.length, SNIFF), now.length <= SNIFF)) {
                scanStream(loader, prov, listener); // skipped, or UTF-16 decoded and scanned whole
                return;
            }
            BitSet added = addedLines(reader, d, now, otherParents);
            if (added == null) {
                scanStream(loader, prov, listener); // the old side could not be compared: scan it all
            } else if (!added.isEmpty()) {
                scanner.scan(new ByteArrayInputStream(now), prov, new AddedLinesOnly(listener, added));
            } else {
                listener.scanned(path, 0);
            }
        } catch (IOException | RuntimeException e) {
            listener.error(new ScanError(path, "cannot read staged blob " + id.name() + ": " + message(e)));
        }
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
        if (RawText.isBinary(before, Math.min(before.length, SNIFF), before.length <= SNIFF)) {
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

    private void scanStream(ObjectLoader loader, Provenance prov, ScanListener to) throws IOException {
        try (InputStream raw = loader.openStream()) {
            byte[] head = raw.readNBytes(SNIFF);
            InputStream all = new SequenceInputStream(new ByteArrayInputStream(head), raw);
            if (RawText.isBinary(head, head.length, head.length < SNIFF)) {
                Charset utf16 = Sniff.utf16(head, head.length); // decoded and scanned; other binary is skipped
                if (utf16 == null) {
                    listener.skipped(new Skipped(prov.path(), "binary (NUL byte in the first 8 KB)"));
                    return;
                }
                all.skipNBytes(2);
                all = ReaderInputStream.builder().setReader(new InputStreamReader(all, utf16))
                        .setCharset(StandardCharsets.UTF_8).get();
            }
            scanner.scan(all, prov, to);
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Passes on findings that start on an added line, or whose pair does. */
    private static final class AddedLinesOnly implements ScanListener {
        private final ScanListener to;
        private final BitSet added;

        AddedLinesOnly(ScanListener to, BitSet added) {
            this.to = to;
            this.added = added;
        }

        @Override
        public void finding(Finding f) {
            if (added(f)) {
                to.finding(f);
            }
        }

        @Override
        public void baselined(Finding f) {
            if (added(f)) {
                to.baselined(f);
            }
        }

        private boolean added(Finding f) {
            return added.get(f.location().line()) || f.pairedWith() != null && added.get(f.pairedWith().line());
        }

        @Override
        public void error(ScanError error) {
            to.error(error);
        }

        @Override
        public void skipped(Skipped skipped) {
            to.skipped(skipped);
        }

        @Override
        public void scanned(String path, long bytes) {
            to.scanned(path, bytes);
        }
    }
}
