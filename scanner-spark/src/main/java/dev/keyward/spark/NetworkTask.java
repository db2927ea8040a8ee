package dev.keyward.spark;

import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import dev.keyward.org.Mirrors;
import dev.keyward.org.RepoSpec;
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
        return run(network, settings, () -> { });
    }

    /**
     * Mirrors and walks the network's repositories whose ref tips moved since the state's last walk (all of them
     * without a state); the others are neither fetched nor walked. Mirrors go into a folder of this attempt's own
     * (see {@link Staging}), so two attempts at once never share one.
     *
     * @param afterBegin a test seam: runs once this attempt's folder is made, before anything is fetched
     */
    static NetworkResult run(Network network, JobSettings settings, Runnable afterBegin) throws IOException {
        Mirrors.Options options = Mirrors.Options.defaults(System.getenv()).withPullRequests(settings.pullRequests());
        List<Problem> problems = new ArrayList<>();
        List<RepoInventory> repos = new ArrayList<>();
        List<RepoSpec> todo = new ArrayList<>();
        for (RepoSpec spec : network.repos()) {
            Map<String, String> now = unchangedTips(spec, network.known().get(spec.name()), settings, options);
            if (now != null) {
                repos.add(new RepoInventory(spec.name(), network.key(), null, now, null, true));
            } else {
                todo.add(spec);
            }
        }
        Staging.Attempt attempt = todo.stream().anyMatch(RepoSpec::isRemote)
                ? Staging.begin(settings.staging(), network.key(), dir -> new Mirrors(options.withDir(dir))
                        .folderOf(network.key())) : null;
        afterBegin.run();
        Map<String, Long> sizes = new HashMap<>();
        int cloned = 0;
        try {
            Mirrors mirrors = new Mirrors(attempt == null ? options : options.withDir(attempt.dir()));
            Mirrors.Result mirrored = mirrors.mirrorAll(todo, r -> { });
            mirrored.failed().forEach(f -> problems.add(new Problem(f.spec().name(), true, f.spec().name(),
                    f.message())));
            Map<Path, String> published = new HashMap<>();
            cloned = (int) mirrored.mirrored().stream().filter(m -> m.created() && m.spec().isRemote())
                    .map(Mirrors.Mirrored::gitDir).distinct().count();
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
                        where = m.spec().isRemote() ? Staging.publish(settings.staging(), attempt, m.gitDir())
                                : m.gitDir().toString();
                        published.put(m.gitDir(), where);
                    }
                    tips.put(JobSettings.SETTINGS, settings.tipsKey());
                    repos.add(new RepoInventory(name, network.key(), where, tips, inv, false));
                } catch (RuntimeException | IOException e) {
                    problems.add(new Problem(name, true, name, "cannot read " + name + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
                }
            }
        } finally {
            if (attempt != null) {
                Staging.discardScratch(settings.staging(), attempt);
            }
        }
        return new NetworkResult(network.key(), repos, problems, sizes, attempt == null ? null : attempt.id(),
                cloned);
    }

    /**
     * The repository's tips now, when they (and the settings) are those it was last walked at; else null. A
     * remote is asked without fetching; a question that fails is asked again by the fetch, which names the problem.
     */
    private static Map<String, String> unchangedTips(RepoSpec spec, Map<String, String> known, JobSettings settings,
                                                     Mirrors.Options options) {
        if (known == null) {
            return null;
        }
        try {
            Map<String, String> now = new TreeMap<>(spec.isRemote() ? new Mirrors(options).advertisedTips(spec)
                    : tips(spec.localPath(), null));
            now.put(JobSettings.SETTINGS, settings.tipsKey());
            return now.equals(known) ? now : null;
        } catch (RuntimeException | IOException e) {
            return null;
        }
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
