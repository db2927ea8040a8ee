package dev.keyward.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.keyward.GitFixture;
import dev.keyward.Scanner;
import dev.keyward.TestKeys;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.ScanError;
import dev.keyward.source.HistoryOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git faults the history tests do not already cover (see HistoryScanTest for corrupt loose objects, shallow,
 * empty and unborn, LFS pointers and submodules): a truncated pack, and thousands of refs.
 */
class GitFaultsTest {

    static final Scanner SCANNER = Scanner.builder().build();

    @TempDir
    Path tmp;

    final Random random = new Random(17);

    String key() {
        return TestKeys.keyId(random, "AKIA");
    }

    static String line(String id) {
        return "aws_access_key_id = " + id + "\n";
    }

    static HistoryResult history(Path repo) {
        return assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> SCANNER.scanHistory(repo, HistoryOptions.defaults()));
    }

    static List<String> secrets(HistoryResult r) {
        return r.result().findings().stream().map(Finding::secret).distinct().sorted().toList();
    }

    @Test
    void aTruncatedPackIsNamedAndLooseObjectsAreStillScanned() throws IOException {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String packed = key();
        // Incompressible filler makes the pack large, so cutting its end loses blobs, not just the index trailer.
        StringBuilder filler = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            filler.append(TestKeys.BASE64.charAt(random.nextInt(64)));
        }
        g.write("old.txt", line(packed)).write("filler.txt", filler.toString()).commit("packed");
        g.git("gc", "-q");
        String loose = key();
        g.write("new.txt", line(loose)).commit("loose, on top");
        String orphan = key();
        g.git("checkout", "-q", "--orphan", "other");
        g.git("rm", "-q", "-rf", ".");
        g.write("orphan.txt", line(orphan)).commit("an unrelated loose history");
        Path pack;
        try (Stream<Path> s = Files.list(g.dir().resolve(".git/objects/pack"))) {
            pack = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }

        HistoryResult r = history(g.dir());

        assertThat(secrets(r)).contains(orphan, loose).doesNotContain(packed);
        assertThat(r.result().errors()).isNotEmpty();
        assertThat(r.result().complete()).isFalse();
        assertThat(r.result().errors()).extracting(ScanError::message)
                .allSatisfy(m -> assertThat(m).isNotBlank().doesNotContain("\n\tat "));
    }

    @Test
    void thousandsOfRefsAreAllWalked() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        String first = key();
        String base = g.write("base.txt", line(first)).commit("base");
        // 3000 refs: branches and tags written straight into packed-refs, as a big hosted repository has them.
        StringBuilder packed = new StringBuilder("# pack-refs with: peeled fully-peeled sorted \n");
        for (int i = 0; i < 1500; i++) {
            packed.append(base).append(" refs/heads/feature/").append(String.format("%05d", i)).append('\n');
            packed.append(base).append(" refs/tags/v").append(String.format("%05d", i)).append('\n');
        }
        try {
            Files.writeString(g.dir().resolve(".git/packed-refs"), packed, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        g.git("checkout", "-q", "feature/01234");
        String onBranch = key();
        g.write("branch.txt", line(onBranch)).commit("only on one of thousands of branches");
        g.git("checkout", "-q", "main");

        HistoryResult r = history(g.dir());

        assertThat(g.git("for-each-ref").lines().count()).isGreaterThanOrEqualTo(3000);
        assertThat(secrets(r)).containsExactlyInAnyOrder(first, onBranch);
        assertThat(r.result().errors()).isEmpty();
    }
}
