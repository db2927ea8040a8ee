package dev.keyward.spark;

import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import dev.keyward.org.Mirrors;
import dev.keyward.source.History;
import dev.keyward.source.HistoryBlob;
import dev.keyward.source.HistoryInventory;
import dev.keyward.source.HistoryOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The first stage's task: mirrors one fork network and walks each of its repositories. */
final class NetworkTask {

    private NetworkTask() {
    }

    static NetworkResult run(Network network, JobSettings settings) throws IOException {
        Path dir = Staging.mirrorDir(settings.staging());
        Mirrors mirrors = new Mirrors(Mirrors.Options.defaults(System.getenv()).withDir(dir)
                .withPullRequests(settings.pullRequests()));
        Mirrors.Result mirrored = mirrors.mirrorAll(network.repos(), r -> { });
        List<Problem> problems = new ArrayList<>();
        mirrored.failed().forEach(f -> problems.add(new Problem(f.spec().name(), true, f.spec().name(),
                f.message())));
        List<RepoInventory> repos = new ArrayList<>();
        Map<String, Long> sizes = new HashMap<>();
        Map<Path, String> published = new HashMap<>();
        HistoryOptions base = settings.history();
        for (Mirrors.Mirrored m : mirrored.mirrored()) {
            String name = m.spec().name();
            try {
                Map<String, String> tips = tips(m.gitDir(), m.refs());
                HistoryInventory inv = null;
                if (m.refs() == null || !m.refs().isEmpty()) {
                    inv = History.enumerate(m.gitDir(), m.refs() == null ? base : base.withBranches(m.refs()));
                    inv = ownHead(inv, m, tips);
                    for (ScanError e : inv.errors()) {
                        problems.add(new Problem(name, true, e.path(), e.message()));
                    }
                    for (Skipped s : inv.skipped()) {
                        problems.add(new Problem(name, false, s.path(), s.reason()));
                    }
                    sizes(m.gitDir(), inv.blobs(), sizes);
                }
                String where = published.get(m.gitDir());
                if (where == null) {
                    where = m.spec().isRemote() ? Staging.publish(settings.staging(), m.gitDir(), network.key())
                            : m.gitDir().toString();
                    published.put(m.gitDir(), where);
                }
                repos.add(new RepoInventory(name, network.key(), where, tips, inv));
            } catch (RuntimeException | IOException e) {
                problems.add(new Problem(name, true, name, "cannot read " + name + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            }
        }
        return new NetworkResult(network.key(), repos, problems, sizes);
    }

    /** The tips of a mirrored repository's refs, or of every ref and HEAD of a local one. */
    static Map<String, String> tips(Path gitDir, List<String> refs) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Repository repo = new FileRepositoryBuilder().findGitDir(gitDir.toFile()).setMustExist(true).build()) {
            if (refs == null) {
                for (Ref r : repo.getRefDatabase().getRefs()) {
                    if (r.getObjectId() != null) {
                        out.put(r.getName(), r.getObjectId().name());
                    }
                }
                Ref head = repo.exactRef(Constants.HEAD);
                if (head != null && head.getObjectId() != null) {
                    out.put(Constants.HEAD, head.getObjectId().name());
                }
            } else {
                for (String name : refs) {
                    Ref r = repo.exactRef(name);
                    if (r != null && r.getObjectId() != null) {
                        out.put(name, r.getObjectId().name());
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(gitDir + " is not a Git repository", e);
        }
        return out;
    }

    /** The inflated size of each blob, from the pack's object header (no blob is inflated). */
    private static void sizes(Path gitDir, List<HistoryBlob> blobs, Map<String, Long> out) throws IOException {
        try (Repository repo = new FileRepositoryBuilder().findGitDir(gitDir.toFile()).setMustExist(true).build();
             ObjectReader reader = repo.newObjectReader()) {
            for (HistoryBlob b : blobs) {
                if (!out.containsKey(b.blobId())) {
                    long n;
                    try {
                        n = reader.getObjectSize(ObjectId.fromString(b.blobId()), Constants.OBJ_BLOB);
                    } catch (IOException | RuntimeException e) {
                        n = 4096; // unreadable here; the scan reports it
                    }
                    out.put(b.blobId(), n);
                }
            }
        }
    }

    /** In a shared mirror HEAD is the root's; a fork's "at the tip" is its own default branch. */
    private static HistoryInventory ownHead(HistoryInventory inv, Mirrors.Mirrored m, Map<String, String> tips) {
        if (m.headRef() == null || m.headRef().equals(inv.info().headRef())) {
            return inv;
        }
        HistoryInfo i = inv.info();
        return new HistoryInventory(new HistoryInfo(i.gitDir(), i.bare(), i.shallow(), tips.get(m.headRef()),
                m.headRef(), i.refs(), i.commits(), i.trees(), i.blobs()), inv.blobs(), inv.roots(), inv.skipped(),
                inv.errors());
    }
}
