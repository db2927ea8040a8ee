package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanResult;
import dev.keyward.source.StagedOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Scanner#scanStaged}: exactly what a commit would add, read from the index, with the staged line numbers. */
class ScanStagedTest {

    private static final Scanner SCANNER = Scanner.builder().build();

    @TempDir
    Path tmp;

    private final Random random = new Random(5);
    private final String keyId = TestKeys.keyId(random, "AKIA");
    private final String secret = TestKeys.secret(random);

    private String pair() {
        return "aws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret + "\n";
    }

    private static String lines(int n, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append(prefix).append(' ').append(i).append('\n');
        }
        return sb.toString();
    }

    private static List<String> where(ScanResult r) {
        return r.findings().stream().map(f -> f.path() + ":" + f.location().line() + ":" + f.ruleId()).toList();
    }

    @Test
    void theFirstCommitIsScannedWithStagedLineNumbers() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("conf/app.ini", lines(3, "setting") + pair()).git("add", ".");

        ScanResult r = SCANNER.scanStaged(repo.dir(), StagedOptions.defaults());

        assertThat(where(r)).containsExactly("conf/app.ini:4:aws-access-key-id", "conf/app.ini:5:aws-secret-access-key");
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.provenance()).isInstanceOf(Provenance.Staged.class));
        assertThat(r.errors()).isEmpty();
    }

    /**
     * JGit reads neither a split nor a sparse index: the check fails (a hook then blocks the commit, naming
     * --no-verify), saying which format it met and how to write the index in full; after that it works.
     */
    @Test
    void aSplitOrSparseIndexIsNamedWithTheWayToWriteItInFull() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("in/a.txt", "a\n").write("out/b.txt", "b\n").commit("two folders");

        repo.git("config", "core.splitIndex", "true");
        repo.git("update-index", "--split-index");
        repo.write("in/c.txt", pair()).git("add", ".");
        ScanResult split = SCANNER.scanStaged(repo.dir(), StagedOptions.defaults());
        assertThat(split.findings()).isEmpty();
        assertThat(split.errors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("a split index").contains("git update-index --no-split-index"));
        repo.git("config", "core.splitIndex", "false");
        repo.git("update-index", "--no-split-index");
        assertThat(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults()).findings()).hasSize(2);

        repo.git("commit", "-q", "--no-verify", "-m", "pair");
        repo.git("sparse-checkout", "init", "--cone");
        repo.git("config", "index.sparse", "true");
        repo.git("sparse-checkout", "set", "in");
        repo.write("in/d.txt", pair().replace("= ", "=  ")).git("add", ".");
        ScanResult sparse = SCANNER.scanStaged(repo.dir(), StagedOptions.defaults());
        assertThat(sparse.errors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("a sparse index").contains("git sparse-checkout reapply"));
        repo.git("config", "index.sparse", "false");
        repo.git("sparse-checkout", "reapply");
        ScanResult full = SCANNER.scanStaged(repo.dir(), StagedOptions.defaults());
        assertThat(full.errors()).isEmpty();
        assertThat(full.findings()).extracting(Finding::path).containsOnly("in/d.txt");
    }

    @Test
    void onlyAddedLinesAreReportedUnlessAllLines() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("a.txt", pair() + lines(5, "old")).git("add", ".");
        repo.git("commit", "-q", "--no-verify", "-m", "old key");
        repo.write("a.txt", pair() + lines(5, "old") + "new line\n").git("add", ".");

        assertThat(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults()).findings()).isEmpty();
        assertThat(where(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults().withAllLines(true))))
                .containsExactly("a.txt:1:aws-access-key-id", "a.txt:2:aws-secret-access-key");
    }

    @Test
    void aKeyAddedInTheMiddleOfAFileHasItsStagedLine() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("a.txt", lines(20, "x")).git("add", ".");
        repo.git("commit", "-q", "-m", "one");
        repo.write("a.txt", lines(10, "x") + pair() + lines(20, "x").substring(lines(10, "x").length()))
                .git("add", ".");

        assertThat(where(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults())))
                .containsExactly("a.txt:11:aws-access-key-id", "a.txt:12:aws-secret-access-key");
    }

    @Test
    void aNewSecretBesideAnUnchangedKeyIdIsReportedWithItsPair() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("a.txt", "aws_access_key_id = " + keyId + "\n").git("add", ".");
        repo.git("commit", "-q", "-m", "id only");
        repo.write("a.txt", "aws_access_key_id = " + keyId + "\nsecret = " + secret + "\n").git("add", ".");

        ScanResult r = SCANNER.scanStaged(repo.dir(), StagedOptions.defaults());

        assertThat(where(r)).containsExactly("a.txt:1:aws-access-key-id", "a.txt:2:aws-secret-access-key");
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.pairedWith()).isNotNull());
    }

    @Test
    void theIndexIsScannedNeverTheWorkTree() throws Exception {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("clean.txt", "nothing\n").write("keyed.txt", pair()).git("add", ".");
        // The work tree now says the opposite of the index.
        repo.write("clean.txt", pair());
        Files.delete(repo.dir().resolve("keyed.txt"));

        assertThat(where(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults())))
                .containsExactly("keyed.txt:1:aws-access-key-id", "keyed.txt:2:aws-secret-access-key");
    }

    @Test
    void aFolderInsideTheWorkTreeFindsTheRepository() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("deep/er/a.txt", pair()).git("add", ".");

        assertThat(where(SCANNER.scanStaged(repo.dir().resolve("deep/er"), StagedOptions.defaults())))
                .containsExactly("deep/er/a.txt:1:aws-access-key-id", "deep/er/a.txt:2:aws-secret-access-key");
    }

    @Test
    void aRenameAddsNothingButAChangedRenameReportsItsNewLines() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        String body = pair() + lines(30, "config");
        repo.write("old.txt", body).git("add", ".");
        repo.git("commit", "-q", "--no-verify", "-m", "one");
        repo.git("mv", "old.txt", "new.txt");
        assertThat(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults()).findings()).isEmpty();

        Random r2 = new Random(77);
        String other = "aws_secret_access_key = " + TestKeys.secret(r2) + "\n";
        repo.write("new.txt", body + other).git("add", ".");
        assertThat(where(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults())))
                .containsExactly("new.txt:33:aws-secret-access-key");
    }

    @Test
    void deletionsAreNotScannedAndBinaryBlobsAreSkipped() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("gone.txt", pair()).git("add", ".");
        repo.git("commit", "-q", "--no-verify", "-m", "one");
        byte[] bin = (pair() + "\0\0\0").getBytes();
        repo.git("rm", "-q", "gone.txt");
        repo.write("logo.bin", bin).git("add", ".");

        ScanResult r = SCANNER.scanStaged(repo.dir(), StagedOptions.defaults());

        assertThat(r.findings()).isEmpty();
        assertThat(r.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("logo.bin");
            assertThat(s.reason()).contains("binary");
        });
    }

    @Test
    void aFileLargerThanTheDiffLimitIsScannedWholeWithRightLines() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        String big = lines(2000, "row");
        repo.write("big.txt", big).git("add", ".");
        repo.git("commit", "-q", "-m", "big");
        repo.write("big.txt", big + pair()).git("add", ".");

        StagedOptions small = StagedOptions.defaults().withMaxDiffBytes(1024);
        assertThat(where(SCANNER.scanStaged(repo.dir(), small)))
                .containsExactly("big.txt:2001:aws-access-key-id", "big.txt:2002:aws-secret-access-key");
    }

    @Test
    void aMergeReportsOnlyWhatNoParentHad() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("base.txt", "base\n").git("add", ".");
        repo.git("commit", "-q", "-m", "base");
        repo.git("checkout", "-q", "-b", "side");
        repo.write("side.txt", pair()).git("add", ".");
        repo.git("commit", "-q", "--no-verify", "-m", "side key");
        repo.git("checkout", "-q", "main");
        repo.write("main.txt", "main\n").git("add", ".");
        repo.git("commit", "-q", "-m", "main");
        repo.git("merge", "-q", "--no-commit", "--no-ff", "side");

        // side.txt comes whole from a merged commit: nothing new.
        assertThat(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults()).findings()).isEmpty();

        // A key written while resolving the merge is new to every parent.
        repo.write("side.txt", pair() + "aws_secret_access_key = " + TestKeys.secret(new Random(9)) + "\n")
                .git("add", ".");
        assertThat(where(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults())))
                .containsExactly("side.txt:3:aws-secret-access-key");
    }

    @Test
    void aConflictedPathIsListedAsSkippedAndTheRestIsScanned() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("c.txt", "base\n").git("add", ".");
        repo.git("commit", "-q", "-m", "base");
        repo.git("checkout", "-q", "-b", "side");
        repo.write("c.txt", "side\n").git("add", ".");
        repo.git("commit", "-q", "-m", "side");
        repo.git("checkout", "-q", "main");
        repo.write("c.txt", "main\n").write("k.txt", pair()).git("add", ".");
        repo.git("commit", "-q", "--no-verify", "-m", "main");
        repo.write("n.txt", pair());
        assertThat(repo.run(java.util.Map.of(), "merge", "-q", "side").exit()).isNotZero();
        repo.git("add", "n.txt");

        ScanResult r = SCANNER.scanStaged(repo.dir(), StagedOptions.defaults());

        assertThat(r.skipped()).singleElement().satisfies(s -> assertThat(s.path()).isEqualTo("c.txt"));
        assertThat(where(r)).containsExactly("n.txt:1:aws-access-key-id", "n.txt:2:aws-secret-access-key");
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void anotherIndexFileCanBeNamed() throws Exception {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("a.txt", "clean\n").git("add", ".");
        Path alt = tmp.resolve("alt-index");
        Files.copy(repo.dir().resolve(".git/index"), alt);
        repo.write("a.txt", pair());
        repo.run(java.util.Map.of("GIT_INDEX_FILE", alt.toString()), "add", "a.txt");

        assertThat(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults()).findings()).isEmpty();
        assertThat(where(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults().withIndexFile(alt))))
                .containsExactly("a.txt:1:aws-access-key-id", "a.txt:2:aws-secret-access-key");
    }

    @Test
    void aLinkedWorktreeScansItsOwnIndex() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("a.txt", "clean\n").git("add", ".");
        repo.git("commit", "-q", "-m", "one");
        repo.git("worktree", "add", "-q", tmp.resolve("wt").toString());
        GitFixture wt = GitFixture.at(tmp.resolve("wt"));
        wt.write("b.txt", pair()).git("add", ".");

        assertThat(SCANNER.scanStaged(repo.dir(), StagedOptions.defaults()).findings()).isEmpty();
        assertThat(where(SCANNER.scanStaged(wt.dir(), StagedOptions.defaults())))
                .containsExactly("b.txt:1:aws-access-key-id", "b.txt:2:aws-secret-access-key");
        // Hooks of a linked worktree are given its Git directory (GIT_DIR) rather than a work tree.
        Path gitDir = Path.of(wt.git("rev-parse", "--absolute-git-dir").trim());
        assertThat(where(SCANNER.scanStaged(gitDir, StagedOptions.defaults())))
                .containsExactly("b.txt:1:aws-access-key-id", "b.txt:2:aws-secret-access-key");
    }

    @Test
    void aCorruptIndexIsAnErrorNotAnException() throws Exception {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("a.txt", pair()).git("add", ".");
        Files.write(repo.dir().resolve(".git/index"), "DIRC this is not an index".getBytes());

        ScanResult r = SCANNER.scanStaged(repo.dir(), StagedOptions.defaults());

        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("index"));
        assertThat(r.complete()).isFalse();
    }

    @Test
    void aSubmoduleLinkIsListedAsSkipped() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("a.txt", "a\n").git("add", ".");
        repo.git("commit", "-q", "-m", "one");
        String someCommit = repo.git("rev-parse", "HEAD").trim();
        repo.git("update-index", "--add", "--cacheinfo", "160000," + someCommit + ",vendor/lib");

        ScanResult r = SCANNER.scanStaged(repo.dir(), StagedOptions.defaults());

        assertThat(r.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("vendor/lib");
            assertThat(s.reason()).contains("submodule");
        });
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void notARepositoryIsAnErrorNotAnException() {
        ScanResult r = SCANNER.scanStaged(tmp, StagedOptions.defaults());
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("not a Git repository"));
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void aMissingFolderIsNamedAsMissingNotAsNoRepository() {
        ScanResult r = SCANNER.scanStaged(tmp.resolve("no-such-folder"), StagedOptions.defaults());
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).endsWith("no-such-folder");
            assertThat(e.message()).isEqualTo("no such folder");
        });
    }

    @Test
    void inlineAllowIsHonoured() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("a.txt", "aws_access_key_id = " + keyId + " # keyward:allow\n").git("add", ".");
        List<Finding> f = SCANNER.scanStaged(repo.dir(), StagedOptions.defaults()).findings();
        assertThat(f).isEmpty();
    }
}
