package dev.keyward.org;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One repository of a run: a local folder or a clone URL, the name reports use, and the fork network it belongs
 * to. Immutable and serialisable (paths are kept as strings), so a distributed engine can ship it.
 *
 * @param name    what reports call it, such as {@code acme/api}; never holds a password
 * @param url     the clone URL, or null for a local repository; may hold user info, which {@link #toString()}
 *                hides
 * @param path    the local folder (work tree or bare), or null for a clone URL
 * @param network the fork network: repositories with the same key share objects (a fork and its parent); by
 *                default the repository's own {@link #key()}
 */
public record RepoSpec(String name, String url, String path, String network) implements Serializable {

    public RepoSpec {
        requireText(name, "name");
        requireText(network, "network");
        if ((url == null) == (path == null)) {
            throw new IllegalArgumentException("a repository is either a clone URL or a local path, not both or none");
        }
        if (url != null) {
            requireText(url, "url");
        } else {
            requireText(path, "path");
        }
    }

    /** A local repository, named as given. */
    public static RepoSpec local(Path folder) {
        String p = folder.toString();
        return new RepoSpec(p, null, p, localKey(folder));
    }

    /** A clone URL, named {@code host/path}; throws {@link IllegalArgumentException} for a URL keyward cannot use. */
    public static RepoSpec remote(String url) {
        CloneUrl u = CloneUrl.parse(url);
        return new RepoSpec(u.key(), url, null, u.key());
    }

    /** A copy with another display name. */
    public RepoSpec withName(String newName) {
        return new RepoSpec(newName, url, path, network);
    }

    /** A copy in another fork network (the key of the network's root repository). */
    public RepoSpec withNetwork(String key) {
        return new RepoSpec(name, url, path, key);
    }

    /** Whether this repository has to be mirrored before it can be read. */
    public boolean isRemote() {
        return url != null;
    }

    /** The local folder; only for a local repository. */
    public Path localPath() {
        if (path == null) {
            throw new IllegalStateException(name + " is a clone URL, not a local folder");
        }
        return Path.of(path);
    }

    /**
     * This repository's own identity: {@code host/path} of a clone URL (lower-case host, no {@code .git}, no user
     * info), or {@code local:} and the absolute path of a folder. A fork whose {@link #network} differs from its
     * key is a member of another repository's network.
     */
    public String key() {
        return url != null ? CloneUrl.parse(url).key() : localKey(Path.of(path));
    }

    /** Whether this repository is the root of its fork network (its objects are the network's). */
    public boolean isNetworkRoot() {
        return key().equals(network);
    }

    /** Hides a password or token in the URL. */
    @Override
    public String toString() {
        String where = url != null ? CloneUrl.redact(url) : path;
        return "RepoSpec[" + name + " " + where + (isNetworkRoot() ? "" : " network=" + network) + "]";
    }

    private static String localKey(Path folder) {
        return "local:" + folder.toAbsolutePath().normalize();
    }

    private static void requireText(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
    }

    private static final long serialVersionUID = 1L;
}
