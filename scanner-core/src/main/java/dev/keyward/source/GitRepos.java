package dev.keyward.source;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Opens the Git repository at or above a folder, for history and staged scans alike, with one set of messages for
 * what is not a repository. Stateless.
 */
final class GitRepos {

    private GitRepos() {
    }

    /** The folder is missing or not in a Git repository; the message says which, without the path. */
    static final class NotARepository extends Exception {
        private static final long serialVersionUID = 1L;

        NotARepository(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The repository whose work tree holds {@code start}, or whose Git folder (bare, or a linked worktree's, as
     * hooks are given in {@code GIT_DIR}) {@code start} is.
     *
     * @param indexFile the index to use instead of the repository's own, or null
     */
    static Repository open(Path start, Path indexFile) throws NotARepository, IOException {
        File dir = start.toAbsolutePath().normalize().toFile();
        if (!dir.exists()) {
            throw new NotARepository("no such folder");
        }
        FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
        if (RepositoryCache.FileKey.isGitRepository(dir, FS.DETECTED)) {
            b.setGitDir(dir);
        } else {
            b.findGitDir(dir);
        }
        if (b.getGitDir() == null) {
            throw new NotARepository("not a Git repository (nor any of its parent folders)");
        }
        if (indexFile != null) {
            b.setIndexFile(indexFile.toAbsolutePath().toFile());
        }
        try {
            return b.build();
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            throw new NotARepository("not a Git repository");
        }
    }
}
