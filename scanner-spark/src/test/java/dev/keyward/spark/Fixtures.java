package dev.keyward.spark;

import dev.keyward.TestKeys;
import dev.keyward.org.RepoSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The repositories of the Spark tests, built with JGit and served as {@code file://} URLs: a parent with a planted
 * pair later deleted, a fork adding a second key, an unchanged fork, an unrelated repository vendoring the same
 * file, a repository of about 40 MB of generated text (one key deep inside), and a repository whose key is only
 * reachable from {@code refs/pull/1/head}.
 */
final class Fixtures {

    final Path root;
    final Map<String, Path> sources = new LinkedHashMap<>();
    final List<RepoSpec> specs = new ArrayList<>();
    private final Random random = new Random(14);
    private int tick;

    private final boolean withBig;

    Fixtures(Path root) {
        this(root, true);
    }

    /** {@code withBig} false leaves out the 40 MB repository (for the cluster test, which is about failures). */
    Fixtures(Path root, boolean withBig) {
        this.root = root;
        this.withBig = withBig;
    }

    static String pair(Random r) {
        return "aws_access_key_id = " + TestKeys.keyId(r, "AKIA") + "\naws_secret_access_key = " + TestKeys.secret(r)
                + "\n";
    }

    Fixtures build() throws IOException, GitAPIException {
        String planted = "# deploy settings\n" + pair(random);
        Path parent = root.resolve("src/acme/parent");
        try (Git g = Git.init().setDirectory(parent.toFile()).setInitialBranch("main").call()) {
            write(parent, "README.md", "the parent\n");
            commit(g, "first");
            write(parent, "deploy/settings.ini", planted);
            commit(g, "settings");
            Files.delete(parent.resolve("deploy/settings.ini"));
            g.rm().addFilepattern("deploy/settings.ini").call();
            commit(g, "remove the key");
        }
        Path forkA = clone(parent, "src/alice/parent");
        try (Git g = Git.open(forkA.toFile())) {
            write(forkA, "ci/creds.txt", "ci\n" + pair(random));
            commit(g, "ci key");
        }
        Path forkB = clone(parent, "src/bob/parent");
        Path vendor = root.resolve("src/other/vendor");
        try (Git g = Git.init().setDirectory(vendor.toFile()).setInitialBranch("main").call()) {
            write(vendor, "third_party/settings.ini", planted);
            write(vendor, "main.c", "int main(void) { return 0; }\n");
            commit(g, "vendored");
        }
        Path big = root.resolve("src/acme/big");
        if (withBig) {
            generated(big);
        }
        Path pr = root.resolve("src/acme/pulls");
        try (Git g = Git.init().setDirectory(pr.toFile()).setInitialBranch("main").call()) {
            write(pr, "app.py", "print('hello')\n");
            commit(g, "app");
            g.checkout().setCreateBranch(true).setName("topic").call();
            write(pr, "app.py", "print('hello')\n# " + pair(random).replace("\n", "\n# "));
            RevCommit c = commit(g, "a pull request with a key");
            g.checkout().setName("main").call();
            RefUpdate u = g.getRepository().updateRef("refs/pull/1/head");
            u.setNewObjectId(c);
            u.forceUpdate();
            g.branchDelete().setBranchNames("topic").setForce(true).call();
        }
        add("parent", parent, null);
        add("forkA", forkA, parent);
        add("forkB", forkB, parent);
        add("vendor", vendor, null);
        if (withBig) {
            add("big", big, null);
        }
        add("pulls", pr, null);
        return this;
    }

    /**
     * The 40 MB repository, written straight into its object database (no work tree to write and hash again):
     * 40 files of 1 MiB of generated words, one key deep inside part 29. Fast to make and to fetch, as git does
     * with big files: compressed at level 1 and never delta-searched ({@code core.bigFileThreshold}), which costs
     * several times the rest of the fixtures otherwise and is not what the tests are about.
     */
    private void generated(Path big) throws IOException, GitAPIException {
        String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
                "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo"};
        try (Git g = Git.init().setDirectory(big.toFile()).setInitialBranch("main").call();
             ObjectInserter ins = g.getRepository().newObjectInserter()) {
            StoredConfig c = g.getRepository().getConfig();
            c.setString("core", null, "bigFileThreshold", "512k");
            c.setInt("core", null, "compression", 1);
            c.save();
            Map<String, ObjectId> files = new TreeMap<>(); // a tree lists its entries in byte order
            for (int i = 0; i < 40; i++) {
                StringBuilder sb = new StringBuilder(1 << 20);
                while (sb.length() < (1 << 20)) {
                    sb.append(words[random.nextInt(words.length)]).append(random.nextInt(100000))
                            .append(random.nextInt(12) == 0 ? '\n' : ' ');
                    if (i == 29 && sb.length() > 600_000 && sb.length() < 600_100) {
                        sb.append('\n').append(pair(random));
                    }
                }
                files.put("part-" + i + ".txt",
                        ins.insert(Constants.OBJ_BLOB, sb.toString().getBytes(StandardCharsets.UTF_8)));
            }
            TreeFormatter data = new TreeFormatter();
            files.forEach((name, id) -> data.append(name, FileMode.REGULAR_FILE, id));
            TreeFormatter top = new TreeFormatter();
            top.append("data", FileMode.TREE, ins.insert(data));
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(ins.insert(top));
            PersonIdent who = ident();
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage("generated data\n");
            ObjectId commit = ins.insert(cb);
            ins.flush();
            RefUpdate u = g.getRepository().updateRef("refs/heads/main");
            u.setNewObjectId(commit);
            if (u.update() != RefUpdate.Result.NEW) {
                throw new IOException("cannot make refs/heads/main in " + big);
            }
        }
    }

    /** A new commit on the parent: one new key file and one changed file (two new blobs). */
    void newCommit() throws IOException, GitAPIException {
        Path parent = sources.get("parent");
        try (Git g = Git.open(parent.toFile())) {
            write(parent, "later/keys.env", pair(random));
            write(parent, "README.md", "the parent, changed\n");
            commit(g, "later");
        }
    }

    /** A force-push on the parent that takes {@link #newCommit} away again. */
    void forcePushAway() throws IOException, GitAPIException {
        try (Git g = Git.open(sources.get("parent").toFile())) {
            g.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef("HEAD~1").call();
        }
    }

    private void add(String id, Path src, Path networkOf) {
        sources.put(id, src);
        RepoSpec s = RepoSpec.remote(src.toUri().toString());
        if (networkOf != null) {
            s = s.withNetwork(RepoSpec.remote(networkOf.toUri().toString()).key());
        }
        specs.add(s);
    }

    private Path clone(Path from, String to) throws GitAPIException {
        Path dir = root.resolve(to);
        Git.cloneRepository().setURI(from.toUri().toString()).setDirectory(dir.toFile()).call().close();
        return dir;
    }

    private static void write(Path repo, String path, String text) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private PersonIdent ident() {
        return new PersonIdent("Dev " + tick, "dev@example.com",
                Instant.ofEpochSecond(1_704_067_200L + 86_400L * tick++), TimeZone.getTimeZone("UTC").toZoneId());
    }

    private RevCommit commit(Git g, String message) throws GitAPIException {
        g.add().addFilepattern(".").call();
        PersonIdent who = ident();
        return g.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }
}
