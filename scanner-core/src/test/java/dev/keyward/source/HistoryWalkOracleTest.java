package dev.keyward.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk's inventory against a plain JGit {@link TreeWalk} of every commit of a linear history, oldest first: the
 * same blobs, each first at the same commit and path, with the same count of places. The history is random edits
 * chosen to trip up reusing a folder's last tree: names that sort differently as folders and files ("a", "a.b",
 * "a-b", "a/"), mode changes that keep the content, files replaced by folders and back, content moved between
 * paths and copied to two, symlinks and a submodule link, packed hard (git gc --aggressive) and then loose.
 */
class HistoryWalkOracleTest {

    @TempDir
    Path dir;

    private static final List<String> NAMES = List.of("a", "a.b", "a-b", "a0", "b", "z");

    @Test
    void theInventoryIsWhatAPlainTreeWalkOfEveryCommitFinds() throws Exception {
        GitFixture g = GitFixture.init(dir.resolve("r"));
        Random r = new Random(17);
        for (int c = 0; c < 80; c++) {
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                edit(g, r);
            }
            if (c == 30) {
                g.git("add", "-A");
                g.git("update-index", "--add", "--cacheinfo", "160000," + "1".repeat(40) + ",mod/sub");
                g.commitStaged("c" + c);
            } else {
                g.commit("c" + c);
            }
            if (c == 50) {
                g.git("gc", "--aggressive", "-q");
            }
        }
        HistoryInventory inv = History.enumerate(g.dir(), HistoryOptions.defaults());
        Map<String, String[]> oracle = oracle(g.dir());

        assertThat(inv.errors()).isEmpty();
        assertThat(inv.skipped()).anySatisfy(s -> assertThat(s.toString()).contains("mod/sub"));
        assertThat(inv.blobs()).hasSizeGreaterThan(10);
        Map<String, String[]> got = new LinkedHashMap<>();
        for (HistoryBlob b : inv.blobs()) {
            got.put(b.blobId(), new String[] {b.commit(), b.path(), Long.toString(b.places())});
        }
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(oracle.keySet());
        got.forEach((id, v) -> assertThat(v).as(id).containsExactly(oracle.get(id)));
    }

    /** One random change below a few short names, two folders deep. */
    private static void edit(GitFixture g, Random r) throws IOException {
        String path = NAMES.get(r.nextInt(NAMES.size()));
        if (r.nextBoolean()) {
            path += "/" + NAMES.get(r.nextInt(NAMES.size()));
        }
        if (r.nextInt(3) == 0) {
            path += "/" + NAMES.get(r.nextInt(NAMES.size()));
        }
        Path file = g.dir().resolve(path);
        // What is in the way (a file where a folder goes, or a folder where the file goes) is removed.
        for (Path p = file; !p.equals(g.dir()); p = p.getParent()) {
            if (Files.isRegularFile(p) && !p.equals(file) || Files.isSymbolicLink(p) && !p.equals(file)) {
                Files.delete(p);
            }
        }
        if (Files.isDirectory(file) && !Files.isSymbolicLink(file)) {
            try (var all = Files.walk(file)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        int what = r.nextInt(6);
        if (what == 0 && Files.isRegularFile(file)) {
            file.toFile().setExecutable(!file.toFile().canExecute()); // same content, another mode
        } else if (what == 1 && Files.exists(file)) {
            Files.delete(file);
        } else if (what == 2) {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createSymbolicLink(file, Path.of("target-" + r.nextInt(3)));
        } else {
            // Few distinct contents, so the same blob turns up at other paths and comes back.
            g.write(path, "content " + r.nextInt(12) + "\n");
        }
    }

    /** blob id to {first commit, first path, places}, from a TreeWalk of each commit, oldest first. */
    private static Map<String, String[]> oracle(Path repoDir) throws IOException {
        Map<String, String[]> first = new HashMap<>();
        Map<String, Long> places = new HashMap<>();
        try (Repository repo = FileRepositoryBuilder.create(repoDir.resolve(".git").toFile());
             RevWalk rw = new RevWalk(repo)) {
            rw.markStart(rw.parseCommit(repo.resolve("HEAD")));
            rw.sort(org.eclipse.jgit.revwalk.RevSort.REVERSE);
            for (RevCommit c : rw) {
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(c.getTree());
                    tw.setRecursive(true);
                    while (tw.next()) {
                        int type = tw.getRawMode(0) & FileMode.TYPE_MASK;
                        if (type != FileMode.TYPE_FILE && type != FileMode.TYPE_SYMLINK) {
                            continue;
                        }
                        String id = ObjectId.toString(tw.getObjectId(0));
                        first.putIfAbsent(id, new String[] {c.name(), tw.getPathString()});
                        places.merge(id, 1L, Long::sum);
                    }
                }
            }
        }
        Map<String, String[]> out = new HashMap<>();
        first.forEach((id, v) -> out.put(id, new String[] {v[0], v[1], Long.toString(places.get(id))}));
        return out;
    }
}
