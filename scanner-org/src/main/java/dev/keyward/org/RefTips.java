package dev.keyward.org;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Reads ref tips without walking anything: what {@link HistoryParts#tips} does for real repositories, so an
 * unchanged repository costs one ref read. Stateless.
 */
final class RefTips {

    private RefTips() {
    }

    /**
     * The tips of {@code refs} (those that exist), or of every ref and {@code HEAD} when {@code refs} is null.
     *
     * @throws OrgException when {@code folder} is neither a repository nor a work tree with one
     */
    static Map<String, String> read(Path folder, List<String> refs) {
        java.io.File gitDir = RepositoryCache.FileKey.resolve(folder.toFile(), FS.DETECTED);
        if (gitDir == null) {
            throw new OrgException(folder + " is not a Git repository");
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build()) {
            Map<String, String> out = new TreeMap<>();
            if (refs == null) {
                for (Ref r : repo.getRefDatabase().getRefs()) {
                    put(out, r);
                }
                ObjectId head = repo.resolve("HEAD");
                if (head != null) {
                    out.put("HEAD", head.name());
                }
            } else {
                for (String name : refs) {
                    Ref r = repo.exactRef(name);
                    if (r != null) {
                        put(out, r);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new OrgException("cannot read the refs of " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void put(Map<String, String> out, Ref r) {
        if (!r.isSymbolic() && r.getObjectId() != null) {
            out.put(r.getName(), r.getObjectId().name());
        }
    }
}
