package dev.keyward.source;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Git's ignore rules for one folder of a work tree, as JGit's {@link IgnoreNode}s chained the way Git reads them:
 * the deepest {@code .gitignore} that has an opinion decides, then {@code .git/info/exclude}, then the excludes file
 * ({@code core.excludesFile}, by default {@code $XDG_CONFIG_HOME/git/ignore}). Matching is JGit's; this class only
 * finds the files and orders them. Immutable once built; a walk builds one per folder on its own thread.
 */
final class GitIgnores {

    /** The rules of one file, and the folder (relative to the work tree root, "" for the root) they apply in. */
    private record Level(IgnoreNode node, String base) {
    }

    /** Deepest first; the repository-wide files (relative to the root) come last. */
    private final List<Level> levels;

    private GitIgnores(List<Level> levels) {
        this.levels = levels;
    }

    /** The work tree holding {@code dir} (a folder with a {@code .git} entry at or above it), or null. */
    static Path workTreeOf(Path dir) {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return null;
    }

    /**
     * The rules at a work tree's root: {@code .gitignore} there, {@code info/exclude} and the excludes file. An
     * unreadable repository still gets its {@code .gitignore} files.
     */
    static GitIgnores root(Path workTree) throws IOException {
        workTree = workTree.toAbsolutePath().normalize(); // JGit cannot open the empty path "" (the current folder)
        List<Level> levels = new ArrayList<>();
        IgnoreNode own = load(workTree.resolve(".gitignore"));
        if (own != null) {
            levels.add(new Level(own, ""));
        }
        try (Repository repo = new FileRepositoryBuilder().setWorkTree(workTree.toFile()).setMustExist(true)
                .build()) {
            IgnoreNode exclude = load(new File(repo.getCommonDirectory(), "info/exclude").toPath());
            if (exclude != null) {
                levels.add(new Level(exclude, ""));
            }
            FS fs = repo.getFS();
            Path global = repo.getConfig().getPath("core", null, "excludesfile", fs, null, null);
            if (global == null) {
                Path xdg = SystemReader.getInstance().getXdgConfigDirectory(fs);
                global = xdg == null ? null : xdg.resolve("git").resolve("ignore");
            }
            IgnoreNode excludes = global == null ? null : load(global);
            if (excludes != null) {
                levels.add(new Level(excludes, ""));
            }
        } catch (IOException | RuntimeException e) {
            // Not a repository JGit can open (corrupt config, odd .git file): the .gitignore files still count.
        }
        return new GitIgnores(levels);
    }

    /** The rules inside {@code dir}, at {@code rel} (relative to the work tree root): its .gitignore, then ours. */
    GitIgnores enter(Path dir, String rel) throws IOException {
        IgnoreNode own = load(dir.resolve(".gitignore"));
        if (own == null) {
            return this;
        }
        List<Level> deeper = new ArrayList<>(levels.size() + 1);
        deeper.add(new Level(own, rel));
        deeper.addAll(levels);
        return new GitIgnores(deeper);
    }

    /** Whether the entry at {@code rel} (relative to the work tree root, '/'-separated) is ignored. */
    boolean ignored(String rel, boolean directory) {
        for (Level l : levels) {
            String p = l.base().isEmpty() ? rel : rel.substring(l.base().length() + 1);
            Boolean r = l.node().checkIgnored(p, directory);
            if (r != null) {
                return r;
            }
        }
        return false;
    }

    private static IgnoreNode load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(file.toString(), in);
        }
        return node.getRules().isEmpty() ? null : node;
    }
}
