package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Provenance;
import dev.keyward.source.HistoryOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attribution checked against git itself on a random history (branches, merges, edits, copies, renames, deletes):
 * every blob of {@code git rev-list --all --objects} is scanned exactly once; its commit holds it at the reported
 * path and no ancestor of that commit holds it; the count of other places matches {@code git ls-tree -r} over
 * every commit.
 */
class HistoryAttributionTest {

    @TempDir
    Path tmp;

    @Test
    void attributionMatchesGitOnARandomHistory() {
        Random rnd = new Random(2024);
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        List<String> files = new ArrayList<>();
        List<String> branches = new ArrayList<>(List.of("main"));
        g.write("seed.txt", "key " + TestKeys.keyId(rnd, "AKIA") + "\n").commit("seed");
        files.add("seed.txt");
        for (int i = 0; i < 60; i++) {
            int op = rnd.nextInt(12);
            if ((op == 0 || op == 10) && branches.size() < 4) {
                String b = "b" + i;
                g.git("checkout", "-q", "-b", b);
                branches.add(b);
                continue;
            }
            if ((op == 1 || op == 11) && branches.size() > 1) {
                String other = branches.get(rnd.nextInt(branches.size()));
                String current = g.git("rev-parse", "--abbrev-ref", "HEAD").trim();
                if (!other.equals(current)) {
                    try {
                        g.git("merge", "-q", "--no-ff", "-X", "theirs", "-m", "merge " + other, other);
                    } catch (IllegalStateException conflict) {
                        // A modify/delete conflict: settle it by taking everything as it stands.
                        g.git("add", "-A");
                        g.commitStaged("merge " + other);
                    }
                    files = tracked(g);
                }
                continue;
            }
            if (op == 2) {
                g.git("checkout", "-q", branches.get(rnd.nextInt(branches.size())));
                files = tracked(g);
                continue;
            }
            String key = "key " + TestKeys.keyId(rnd, "AKIA") + "\n";
            if (op <= 5 || files.size() < 2) {
                String f = "d" + rnd.nextInt(3) + "/f" + i + ".txt";
                g.write(f, key);
            } else if (op == 6) {
                String f = files.get(rnd.nextInt(files.size()));
                g.write(f, key);
            } else if (op == 7) {
                String f = files.get(rnd.nextInt(files.size()));
                g.git("mv", f, "moved" + i + ".txt");
            } else if (op == 8) {
                String f = files.get(rnd.nextInt(files.size()));
                g.git("rm", "-q", f);
            } else {
                String f = files.get(rnd.nextInt(files.size()));
                g.write("copy" + i + ".txt", readAt(g, "HEAD", f));
            }
            g.commit("op " + i);
            files = tracked(g);
        }

        HistoryResult r = Scanner.builder().build().scanHistory(g.dir(), HistoryOptions.defaults().withThreads(2));

        // Ground truth from git.
        List<String> commits = List.of(g.git("rev-list", "--all").trim().split("\n"));
        Map<String, Integer> places = new HashMap<>();
        Map<String, Set<String>> holders = new HashMap<>();
        for (String c : commits) {
            for (String line : g.git("ls-tree", "-r", c).trim().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String blob = line.split("\\s+")[2];
                places.merge(blob, 1, Integer::sum);
                holders.computeIfAbsent(blob, k -> new HashSet<>()).add(c + ":" + line.substring(line.indexOf('\t') + 1));
            }
        }
        Map<String, Provenance.GitBlob> seen = new HashMap<>();
        for (Finding f : r.result().findings()) {
            Provenance.GitBlob o = (Provenance.GitBlob) f.provenance();
            Provenance.GitBlob before = seen.put(o.blobId(), o);
            assertThat(before == null || before.equals(o)).as("one provenance per blob").isTrue();
        }
        assertThat(r.result().errors()).isEmpty();
        assertThat(seen.keySet()).as("every blob scanned").isEqualTo(places.keySet());
        assertThat(r.result().stats().items()).as("each blob once").isEqualTo(places.size());
        for (Provenance.GitBlob o : seen.values()) {
            assertThat(holders.get(o.blobId())).as("the commit holds the blob at the path")
                    .contains(o.commit() + ":" + o.path());
            assertThat(o.otherOccurrences()).as("places of " + o.blobId()).isEqualTo(places.get(o.blobId()) - 1);
            for (String c : commits) {
                boolean holds = holders.get(o.blobId()).stream().anyMatch(h -> h.startsWith(c + ":"));
                if (holds && !c.equals(o.commit())) {
                    assertThat(isAncestor(g, c, o.commit())).as(c + " holds " + o.blobId() + " before " + o.commit())
                            .isFalse();
                }
            }
        }
    }

    private static List<String> tracked(GitFixture g) {
        String out = g.git("ls-files").trim();
        return out.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(out.split("\n")));
    }

    private static String readAt(GitFixture g, String rev, String path) {
        return g.git("show", rev + ":" + path);
    }

    private static boolean isAncestor(GitFixture g, String a, String b) {
        try {
            g.git("merge-base", "--is-ancestor", a, b);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
