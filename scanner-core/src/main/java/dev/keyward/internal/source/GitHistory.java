package dev.keyward.internal.source;

import dev.keyward.HistoryListener;
import dev.keyward.HistoryOptions;
import dev.keyward.ScanException;
import dev.keyward.ScanListener;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.ScanStats;
import dev.keyward.finding.Skipped;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Scans the history of a Git repository, each unique blob once.
 *
 * <p>Two phases. First, one walk over every commit reachable from the start points, parents before children
 * (oldest first among unrelated commits), reading each unique tree once: a tree seen before is never descended
 * again, so its blobs keep the commit and path where they first appeared. The walk records the tree graph, from
 * which the number of commit/path places of every blob is counted without visiting each commit's whole tree.
 * Second, the unique blobs are read in pack order by several workers, each with its own {@link ObjectReader}, and
 * handed to the blob scanner (the public {@code Scanner.scan}, where suppression applies).
 *
 * <p>Not thread-safe: one instance per scan.
 */
public final class GitHistory {

    /** Scans one blob; the public scanner entry point. */
    @FunctionalInterface
    public interface BlobScanner {
        void scan(InputStream in, Provenance provenance, ScanListener listener);

        /** Scans {@code content[0, length)}, which it only reads. */
        default void scan(byte[] content, int length, Provenance provenance, ScanListener listener) {
            scan(new java.io.ByteArrayInputStream(content, 0, length), provenance, listener);
        }
    }

    private static final int BATCH = 16;
    private static final byte[] LFS = "version https://git-lfs.github.com/spec/".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private final HistoryOptions options;
    private final BlobScanner scanner;
    private final Collector out;
    private final HistoryListener progress;

    // The walk's state.
    private final ObjectIdOwnerMap<Node> nodes = new ObjectIdOwnerMap<>();
    private final List<Node> blobs = new ArrayList<>();
    private final List<Node> postOrder = new ArrayList<>();
    private final List<CommitNode> commits = new ArrayList<>();
    private final Map<String, String> paths = new HashMap<>();
    private final Set<String> gitlinkPaths = new HashSet<>();
    private long treeCount;

    private GitHistory(HistoryOptions options, BlobScanner scanner, ScanListener listener) {
        this.options = options;
        this.scanner = scanner;
        this.out = new Collector(listener);
        this.progress = listener instanceof HistoryListener h ? h : new HistoryListener() {
            @Override
            public void finding(Finding finding) {
            }
        };
    }

    /**
     * Scans the repository at or above {@code repo}.
     *
     * @throws ScanException when it is not a repository or a named ref or revision does not exist
     */
    public static HistoryResult scan(Path repo, HistoryOptions options, BlobScanner scanner, ScanListener listener) {
        return new GitHistory(options, scanner, listener).run(repo);
    }

    private HistoryResult run(Path repoPath) {
        long start = System.nanoTime();
        if (options.tuneGitCaches()) {
            GitCaches.tune(options.threads());
        }
        try (Repository repo = open(repoPath)) {
            return run(repo, start);
        } catch (IOException e) {
            throw new ScanException("cannot read the repository at " + repoPath + ": " + e.getMessage(), e);
        }
    }

    static Repository open(Path repoPath) throws IOException {
        File dir = repoPath.toAbsolutePath().normalize().toFile();
        if (!dir.exists()) {
            throw new ScanException("no such folder: " + repoPath);
        }
        FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(dir);
        if (b.getGitDir() == null) {
            throw new ScanException("not a Git repository (nor any of its parent folders): " + repoPath);
        }
        b.setMustExist(true);
        try {
            return b.build();
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            throw new ScanException("not a Git repository: " + repoPath, e);
        }
    }

    private HistoryResult run(Repository repo, long start) throws IOException {
        Ref headRef = repo.exactRef(Constants.HEAD);
        ObjectId headId = headRef == null ? null : headRef.getObjectId();
        String headName = headRef != null && headRef.isSymbolic() ? headRef.getTarget().getName() : null;
        Set<ObjectId> shallow = shallowCommits(repo);
        HistoryInfo info;
        try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
            List<ObjectId> starts = startPoints(repo, rw);
            Set<RevCommit> boundary = new HashSet<>();
            Set<RevCommit> excluded = options.since() == null ? Set.of() : excluded(repo, rw);
            walkCommits(rw, starts, excluded, boundary, shallow);
            for (RevCommit b : boundary) {
                // What the --since revision already holds is not new: mark its trees seen, scan none of it.
                try {
                    rw.parseHeaders(b);
                    visitRoot(reader, b.getTree(), -1);
                } catch (IOException e) {
                    out.error(new ScanError(b.name(), "cannot read commit: " + e.getMessage()));
                }
            }
            for (CommitNode c : commits) {
                c.root = visitRoot(reader, c.tree, c.order);
            }
            countPlaces();
            info = new HistoryInfo(repo.getDirectory().getPath(), repo.isBare(), !shallow.isEmpty(),
                    headId == null ? null : headId.name(), headName, starts.size(), commits.size(), treeCount,
                    blobs.size());
        }
        progress.walked(info);
        long bytes = scanBlobs(repo);
        List<CredentialSummary> summary = summarize(repo, headId);
        ScanResult result = new ScanResult(out.findings, out.errors, out.skipped,
                new ScanStats(out.scanned.get(), bytes, Math.max(0, (System.nanoTime() - start) / 1_000_000),
                        out.baselined.get()));
        return new HistoryResult(result, info, summary);
    }

    // ---- start points

    private List<ObjectId> startPoints(Repository repo, RevWalk rw) throws IOException {
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
                out.error(new ScanError(ref, ref + " points at " + id.name() + ", which " + reason(e)));
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

    private void addRef(Repository repo, Ref r, Map<ObjectId, String> ids) throws IOException {
        if (r.isSymbolic() && r.getObjectId() == null) {
            return; // an unborn branch
        }
        Ref peeled = r.isPeeled() ? r : repo.getRefDatabase().peel(r);
        ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
        if (id != null) {
            ids.putIfAbsent(id, r.getName());
        }
    }

    private static ObjectId resolve(Repository repo, String name) throws IOException {
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

    private Set<RevCommit> excluded(Repository repo, RevWalk rw) throws IOException {
        ObjectId since = resolve(repo, options.since());
        RevCommit top;
        try {
            RevObject o = rw.peel(rw.parseAny(since));
            if (!(o instanceof RevCommit c)) {
                throw new ScanException("--since '" + options.since() + "' is not a commit");
            }
            top = c;
        } catch (MissingObjectException e) {
            throw new ScanException("--since '" + options.since() + "' names a missing object", e);
        }
        Set<RevCommit> seen = new HashSet<>();
        Set<ObjectId> shallow = shallowCommits(repo);
        List<RevCommit> stack = new ArrayList<>();
        stack.add(top);
        seen.add(top);
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

    private static Set<ObjectId> shallowCommits(Repository repo) {
        try {
            return repo.getObjectDatabase() instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory od
                    ? od.getShallowCommits() : Set.of();
        } catch (IOException e) {
            return Set.of();
        }
    }

    // ---- the commit walk

    private void walkCommits(RevWalk rw, List<ObjectId> starts, Set<RevCommit> excluded, Set<RevCommit> boundary,
                             Set<ObjectId> shallow) {
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
                out.error(new ScanError(c.name(), "commit " + c.name() + " " + reason(e)));
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
        // Parents before children; among commits free to go, the oldest (committer time) first.
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
        java.util.PriorityQueue<CommitNode> ready = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingLong((CommitNode n) -> n.time).thenComparing(n -> n.id.name()));
        for (CommitNode n : all) {
            if (n.waiting == 0) {
                ready.add(n);
            }
        }
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
    }

    // ---- the tree walk

    /** Visits a commit's root tree; {@code commit} -1 marks trees that are not to be scanned (--since). */
    private Node visitRoot(ObjectReader reader, AnyObjectId tree, int commit) {
        Node n = nodes.get(tree);
        if (n == null) {
            n = newNode(tree, true);
            visitTree(reader, n, "", commit);
        }
        return n;
    }

    private Node newNode(AnyObjectId id, boolean tree) {
        Node n = new Node(id, tree);
        nodes.add(n);
        if (tree) {
            treeCount++;
        }
        return n;
    }

    private void visitTree(ObjectReader reader, Node tree, String prefix, int commit) {
        byte[] raw;
        try {
            raw = reader.open(tree, Constants.OBJ_TREE).getCachedBytes();
        } catch (IOException e) {
            String where = commit >= 0 ? commits.get(commit).id.name() + ":" + prefix : prefix;
            out.error(new ScanError(where.isEmpty() ? tree.name() : where,
                    "tree " + tree.name() + " " + reason(e)));
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
                    visitTree(reader, k, prefix + p.getEntryPathString() + "/", commit);
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
                    out.skipped(new Skipped(commits.get(commit).id.name() + ":" + path,
                            "submodule (commit " + id.name() + "): not followed"));
                }
            }
            p.next();
        }
        tree.kids = kids.toArray(new Node[0]);
        postOrder.add(tree);
    }

    /** Places (commit/path pairs) per node: each commit counts its root once, and parents pass counts down. */
    private void countPlaces() {
        for (CommitNode c : commits) {
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

    // ---- blob scanning

    private long scanBlobs(Repository repo) {
        List<Node> order = new ArrayList<>(blobs);
        packOrder(repo, order);
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        int threads = (int) Math.max(1, Math.min(options.threads(), (order.size() + BATCH - 1) / BATCH));
        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try (ObjectReader reader = repo.newObjectReader()) {
                    long from;
                    while ((from = next.getAndAdd(BATCH)) < order.size()) {
                        long to = Math.min(order.size(), from + BATCH);
                        for (long i = from; i < to; i++) {
                            long n = scanBlob(reader, order.get((int) i));
                            progress.progress(done.incrementAndGet(), bytes.addAndGet(n));
                        }
                    }
                } catch (RuntimeException | Error e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "keyward-history-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.error(new ScanError(repo.getDirectory().getPath(), "interrupted"));
                break;
            }
        }
        synchronized (failure) {
            if (failure[0] instanceof Error err) {
                throw err;
            }
            if (failure[0] != null) {
                throw (RuntimeException) failure[0];
            }
        }
        return bytes.get();
    }

    /** Sorts blobs by their place in the pack files, so reads run forward through each pack. */
    private static void packOrder(Repository repo, List<Node> order) {
        if (!(repo.getObjectDatabase() instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory od)) {
            return;
        }
        int packNo = 0;
        for (var pack : od.getPacks()) {
            try {
                var idx = pack.getIndex();
                for (Node n : order) {
                    if (n.pack == Integer.MAX_VALUE) {
                        long off = idx.findOffset(n);
                        if (off >= 0) {
                            n.pack = packNo;
                            n.offset = off;
                        }
                    }
                }
            } catch (IOException e) {
                // An unreadable index: its objects are read (or reported) one by one in the scan.
            }
            packNo++;
        }
        order.sort(java.util.Comparator.comparingInt((Node n) -> n.pack).thenComparingLong(n -> n.offset));
    }

    /** Scans one blob; returns the bytes read. */
    private long scanBlob(ObjectReader reader, Node blob) {
        CommitNode c = commits.get(blob.commit);
        String where = c.id.name() + ":" + blob.path;
        try {
            return readAndScan(reader, blob, c, where);
        } catch (RuntimeException e) {
            // JGit reports some damage (a bad delta, a truncated pack) unchecked: still one object's problem.
            out.error(new ScanError(where, "blob " + blob.name() + " cannot be read (" + e + ")"));
            return 0;
        }
    }

    private long readAndScan(ObjectReader reader, Node blob, CommitNode c, String where) {
        try {
            var loader = reader.open(blob, Constants.OBJ_BLOB);
            long size = loader.getSize();
            if (size > options.maxBlobSize()) {
                out.skipped(new Skipped(where, "blob " + blob.name() + " larger than the size limit (" + size
                        + " > " + options.maxBlobSize() + " bytes)"));
                return 0;
            }
            Provenance.GitBlob prov = new Provenance.GitBlob(blob.name(), c.id.name(), blob.path, c.author, c.email,
                    c.date, (int) Math.min(Integer.MAX_VALUE, Math.max(0, blob.places - 1)));
            InputStream content;
            if (!loader.isLarge()) {
                byte[] b = loader.getCachedBytes();
                if (skipped(b, true, where, blob)) {
                    return 0;
                }
                java.nio.charset.Charset utf16 = Sniff.utf16(b, b.length);
                if (utf16 != null) {
                    String text = new String(b, 2, b.length - 2, utf16);
                    content = new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else if (Sniff.utf8Bom(b, b.length)) {
                    content = new java.io.ByteArrayInputStream(b, 3, b.length - 3);
                } else {
                    scanner.scan(b, b.length, prov, out); // most blobs: scanned where JGit holds them
                    return size;
                }
            } else {
                InputStream raw = new java.io.BufferedInputStream(loader.openStream(), Sniff.HEAD * 2);
                raw.mark(Sniff.HEAD);
                byte[] head = raw.readNBytes(Sniff.HEAD);
                raw.reset();
                java.nio.charset.Charset utf16 = Sniff.utf16(head, head.length);
                if (utf16 != null) {
                    // Decoded as it streams: a large UTF-16 file is scanned in constant memory too.
                    raw.skipNBytes(2);
                    content = org.apache.commons.io.input.ReaderInputStream.builder()
                            .setReader(new java.io.InputStreamReader(new Named(raw, blob), utf16))
                            .setCharset(java.nio.charset.StandardCharsets.UTF_8).get();
                } else if (skipped(head, false, where, blob)) {
                    raw.close();
                    return 0;
                } else {
                    if (Sniff.utf8Bom(head, head.length)) {
                        raw.skipNBytes(3); // not text: columns on line 1 match an editor's (as for files)
                    }
                    content = new Named(raw, blob);
                }
            }
            try (InputStream in = content) {
                scanner.scan(in, prov, out);
            }
            return size;
        } catch (MissingObjectException e) {
            out.error(new ScanError(where, "blob " + blob.name() + " is missing from the repository"));
        } catch (IOException e) {
            out.error(new ScanError(where, "blob " + blob.name() + " " + reason(e)));
        }
        return 0;
    }

    /**
     * Whether the blob is skipped, and said to be: a Git LFS pointer, or binary (a NUL in its first 8 KiB, unless
     * it starts with a UTF-16 byte-order mark). {@code whole} says whether {@code b} is the whole blob or only its
     * head (a large blob, streamed).
     */
    private boolean skipped(byte[] b, boolean whole, String where, Node blob) {
        if (whole && b.length < 1024 && startsWith(b, LFS)) {
            out.skipped(new Skipped(where, "Git LFS pointer (blob " + blob.name() + "): the content is not in "
                    + "the repository"));
            return true;
        }
        if (Sniff.utf16(b, b.length) == null && Sniff.hasNul(b, Math.min(b.length, Sniff.HEAD))) {
            out.skipped(new Skipped(where, "binary (NUL byte in the first 8 KiB of blob " + blob.name() + ")"));
            return true;
        }
        return false;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof MissingObjectException) {
            return "is missing from the repository";
        }
        return "cannot be read (" + (m == null ? e.getClass().getSimpleName() : m) + ")";
    }

    // ---- the audit summary

    private List<CredentialSummary> summarize(Repository repo, ObjectId head) {
        if (out.findings.isEmpty()) {
            return List.of();
        }
        Map<String, List<Finding>> byPrint = new LinkedHashMap<>();
        Map<ObjectId, Node> targets = new HashMap<>();
        for (Finding f : out.findings) {
            if (f.provenance() instanceof Provenance.GitBlob g) {
                byPrint.computeIfAbsent(f.fingerprint(), k -> new ArrayList<>()).add(f);
                Node n = nodes.get(ObjectId.fromString(g.blobId()));
                if (n != null) {
                    n.relevant = true;
                    targets.put(n.copy(), n);
                }
            }
        }
        for (Node t : postOrder) {
            for (Node k : t.kids) {
                if (k.relevant) {
                    t.relevant = true;
                    break;
                }
            }
        }
        Map<Node, Set<String>> pathsOf = new HashMap<>();
        Set<Node> atHead = new HashSet<>();
        try (ObjectReader reader = repo.newObjectReader()) {
            Map<Node, List<Hit>> memo = new HashMap<>();
            Set<Node> roots = new HashSet<>();
            for (CommitNode c : commits) {
                if (c.root.relevant && roots.add(c.root)) {
                    for (Hit h : hits(reader, c.root, memo)) {
                        pathsOf.computeIfAbsent(h.blob, k -> new HashSet<>()).add(h.path);
                    }
                }
            }
            if (head != null) {
                headBlobs(reader, head, targets, memo, atHead);
            }
        }
        Instant now = options.clock().instant();
        List<CredentialSummary> rows = new ArrayList<>();
        for (List<Finding> group : byPrint.values()) {
            Finding first = null;
            int firstOrder = Integer.MAX_VALUE;
            Set<Node> groupBlobs = new HashSet<>();
            boolean paired = false;
            for (Finding f : group) {
                Provenance.GitBlob g = (Provenance.GitBlob) f.provenance();
                Node n = nodes.get(ObjectId.fromString(g.blobId()));
                paired |= f.pairedWith() != null;
                if (n == null) {
                    continue;
                }
                groupBlobs.add(n);
                if (n.commit < firstOrder || (n.commit == firstOrder
                        && ScanResult.ORDER.compare(f, first) < 0)) {
                    first = f;
                    firstOrder = n.commit;
                }
            }
            if (first == null) {
                continue;
            }
            Set<String> where = new HashSet<>();
            long places = 0;
            long last = 0;
            boolean present = false;
            for (Node n : groupBlobs) {
                where.addAll(pathsOf.getOrDefault(n, Set.of(n.path)));
                places += n.places;
                last = Math.max(last, n.lastSeen);
                present |= atHead.contains(n);
            }
            Provenance.GitBlob origin = (Provenance.GitBlob) first.provenance();
            Instant introduced = origin.date() == null ? now : origin.date();
            long days = Math.max(0, Duration.between(introduced, now).toDays());
            rows.add(new CredentialSummary(first, paired, present, groupBlobs.size(), Math.max(1, where.size()),
                    Math.max(1, places), Instant.ofEpochSecond(last), days));
        }
        rows.sort(java.util.Comparator.comparingInt((CredentialSummary s) -> order(s))
                .thenComparing(CredentialSummary::first, ScanResult.ORDER));
        return rows;
    }

    private int order(CredentialSummary s) {
        Node n = nodes.get(ObjectId.fromString(s.origin().blobId()));
        return n == null ? Integer.MAX_VALUE : n.commit;
    }

    private record Hit(String path, Node blob) {
    }

    /** Every path below {@code tree} that leads to a blob with findings; only relevant trees are read. */
    private List<Hit> hits(ObjectReader reader, Node tree, Map<Node, List<Hit>> memo) {
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
                if (k != null && k.relevant) {
                    String name = p.getEntryPathString();
                    if (k.tree) {
                        for (Hit h : hits(reader, k, memo)) {
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

    private void headBlobs(ObjectReader reader, ObjectId head, Map<ObjectId, Node> targets, Map<Node, List<Hit>> memo,
                           Set<Node> atHead) {
        try (RevWalk rw = new RevWalk(reader)) {
            RevTree tree = rw.parseCommit(head).getTree();
            Node root = nodes.get(tree);
            if (root != null) {
                for (Hit h : hits(reader, root, memo)) {
                    atHead.add(h.blob);
                }
                return;
            }
            // HEAD lies outside what was walked (--branch, --since): look through its whole tree.
            try (org.eclipse.jgit.treewalk.TreeWalk tw = new org.eclipse.jgit.treewalk.TreeWalk(reader)) {
                tw.addTree(tree);
                tw.setRecursive(true);
                while (tw.next()) {
                    Node n = targets.get(tw.getObjectId(0));
                    if (n != null) {
                        atHead.add(n);
                    }
                }
            }
        } catch (IOException e) {
            out.error(new ScanError(head.name(), "cannot read HEAD's tree: " + e.getMessage()));
        }
    }

    // ---- state types

    /** A tree or blob of the walk. */
    private static final class Node extends ObjectIdOwnerMap.Entry {
        final boolean tree;
        Node[] kids;
        long places;
        long lastSeen;
        int commit = -1;
        String path;
        int pack = Integer.MAX_VALUE;
        long offset;
        boolean relevant;

        Node(AnyObjectId id, boolean tree) {
            super(id);
            this.tree = tree;
        }
    }

    private static final class CommitNode {
        final RevCommit id;
        final ObjectId tree;
        final long time;
        RevCommit[] parents;
        int waiting;
        int order;
        String author;
        String email;
        Instant date;
        Node root;

        CommitNode(RevCommit id, ObjectId tree, long time) {
            this.id = id;
            this.tree = tree;
            this.time = time;
        }
    }

    /** Names the blob in read errors from streamed (large) blobs. */
    private static final class Named extends java.io.FilterInputStream {
        private final ObjectId blob;

        Named(InputStream in, ObjectId blob) {
            super(in);
            this.blob = blob.copy();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new IOException("blob " + blob.name() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Collects results for the summary and passes them on. Thread-safe. */
    private static final class Collector implements ScanListener {
        final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
        final List<ScanError> errors = Collections.synchronizedList(new ArrayList<>());
        final List<Skipped> skipped = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong scanned = new AtomicLong();
        final AtomicLong baselined = new AtomicLong();
        private final ScanListener next;

        Collector(ScanListener next) {
            this.next = next;
        }

        @Override
        public void finding(Finding f) {
            findings.add(f);
            next.finding(f);
        }

        @Override
        public void error(ScanError e) {
            errors.add(e);
            next.error(e);
        }

        @Override
        public void skipped(Skipped s) {
            skipped.add(s);
            next.skipped(s);
        }

        @Override
        public void baselined(Finding f) {
            baselined.incrementAndGet();
            next.baselined(f);
        }

        @Override
        public void scanned(String path, long bytes) {
            scanned.incrementAndGet();
            next.scanned(path, bytes);
        }
    }
}
