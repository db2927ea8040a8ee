package dev.keyward.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.Scanner;
import dev.keyward.TestKeys;
import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Skipped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file walk over real folders, real Git work trees (made with the git binary), links and special files. */
class FileTreeTest {

    @TempDir
    Path dir;

    final Random random = new Random(11);

    /** Writes a file holding a fresh key ID and returns the key ID. */
    String plant(Path file) throws IOException {
        String id = TestKeys.keyId(random, "AKIA");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "aws_access_key_id = " + id + "\n");
        return id;
    }

    static ScanResult scan(Scanner.Builder b, Path... roots) {
        return b.build().scan(List.of(roots));
    }

    static List<String> paths(ScanResult r) {
        return r.findings().stream().map(Finding::path).distinct().toList();
    }

    static void git(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "init.defaultBranch=main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
    }

    Path repoWithIgnores() throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo);
        git(repo, "init", "-q");
        Files.writeString(repo.resolve(".gitignore"), "ignored.txt\nbuild/\n*.log\n");
        Files.writeString(repo.resolve(".git/info/exclude"), "excluded.txt\n");
        Path globalExcludes = dir.resolve("global-excludes");
        Files.writeString(globalExcludes, "global.txt\n");
        git(repo, "config", "core.excludesFile", globalExcludes.toString());
        plant(repo.resolve("kept.txt"));
        plant(repo.resolve("ignored.txt"));
        plant(repo.resolve("excluded.txt"));
        plant(repo.resolve("global.txt"));
        plant(repo.resolve("app.log"));
        plant(repo.resolve("build/out.txt"));
        plant(repo.resolve("sub/kept.txt"));
        plant(repo.resolve("sub/ignored.txt"));          // ignored by the root's rule
        plant(repo.resolve("sub/inner/local.txt"));
        Files.writeString(repo.resolve("sub/.gitignore"), "inner/local.txt\n!keep.log\n");
        plant(repo.resolve("sub/keep.log"));              // re-included by sub/.gitignore
        plant(repo.resolve(".git/leak.txt"));             // Git's own folder: never scanned
        return repo;
    }

    @Test
    void gitIgnoreInfoExcludeAndExcludesFileAreHonoured() throws Exception {
        Path repo = repoWithIgnores();
        ScanResult r = scan(Scanner.builder(), repo);
        String p = repo.toString();
        assertThat(paths(r)).containsExactlyInAnyOrder(p + "/kept.txt", p + "/sub/keep.log", p + "/sub/kept.txt");
        assertThat(r.errors()).isEmpty();
        // Git itself agrees on what is not ignored.
        Process ls = new ProcessBuilder("git", "ls-files", "--others", "--cached", "--exclude-standard")
                .directory(repo.toFile()).start();
        List<String> listed = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(s -> !s.endsWith(".gitignore")).map(s -> p + "/" + s).toList();
        assertThat(ls.waitFor()).isZero();
        assertThat(paths(r)).containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void aSubfolderOfAWorkTreeGetsTheRulesAboveIt() throws Exception {
        Path repo = repoWithIgnores();
        ScanResult r = scan(Scanner.builder(), repo.resolve("sub"));
        String p = repo.resolve("sub").toString();
        assertThat(paths(r)).containsExactlyInAnyOrder(p + "/keep.log", p + "/kept.txt");
    }

    @Test
    void noIgnoreScansEverythingButTheGitFolder() throws Exception {
        Path repo = repoWithIgnores();
        ScanResult r = scan(Scanner.builder().respectIgnoreFiles(false), repo);
        assertThat(paths(r)).hasSize(10).noneMatch(s -> s.contains("/.git/"));
    }

    @Test
    void anIgnoredFileNamedExplicitlyIsScanned() throws Exception {
        Path repo = repoWithIgnores();
        assertThat(paths(scan(Scanner.builder(), repo.resolve("ignored.txt")))).hasSize(1);
    }

    @Test
    void anIgnoredFolderNamedExplicitlyIsScanned() throws Exception {
        Path repo = repoWithIgnores();
        plant(repo.resolve("build/deeper/more.txt"));
        String p = repo.resolve("build").toString();
        assertThat(paths(scan(Scanner.builder(), repo.resolve("build"))))
                .containsExactlyInAnyOrder(p + "/out.txt", p + "/deeper/more.txt");
    }

    @Test
    void outsideAWorkTreeGitignoreFilesMeanNothing() throws IOException {
        Files.writeString(dir.resolve(".gitignore"), "*.txt\n");
        plant(dir.resolve("a.txt"));
        assertThat(paths(scan(Scanner.builder(), dir))).hasSize(1);
    }

    @Test
    void pathsBeginWithTheRootAsGiven() throws IOException {
        plant(dir.resolve("x/y.txt"));
        Path cwd = Path.of("").toAbsolutePath();
        Path rel = cwd.relativize(dir.resolve("x"));
        assertThat(paths(scan(Scanner.builder(), rel))).containsExactly(rel + "/y.txt");
        assertThat(paths(scan(Scanner.builder(), Path.of(rel + "/")))).containsExactly(rel + "/y.txt");
    }

    @Test
    void symbolicLinksAreListedNotFollowedUnlessAsked() throws IOException {
        Path target = dir.resolve("real/k.txt");
        plant(target);
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree);
        Files.createSymbolicLink(tree.resolve("link.txt"), target);
        Files.createSymbolicLink(tree.resolve("dirlink"), target.getParent());
        ScanResult plain = scan(Scanner.builder(), tree);
        assertThat(plain.findings()).isEmpty();
        assertThat(plain.skipped()).extracting(Skipped::reason).allMatch(s -> s.startsWith("symbolic link"))
                .hasSize(2);
        ScanResult followed = scan(Scanner.builder().followSymlinks(true), tree);
        assertThat(paths(followed)).containsExactlyInAnyOrder(tree + "/dirlink/k.txt", tree + "/link.txt");
    }

    @Test
    void symbolicLinkLoopsEndAndAreListed() throws IOException {
        Path a = dir.resolve("a");
        plant(a.resolve("k.txt"));
        Files.createSymbolicLink(a.resolve("up"), dir);
        Files.createSymbolicLink(a.resolve("self"), a);
        ScanResult r = scan(Scanner.builder().followSymlinks(true), dir);
        assertThat(paths(r)).containsExactly(dir + "/a/k.txt");
        assertThat(r.skipped()).extracting(Skipped::reason).filteredOn(s -> s.contains("loop")).hasSize(2);
    }

    @Test
    void aFifoIsSkippedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo not available");
            return;
        }
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        plant(dir.resolve("k.txt"));
        // Opening the FIFO for reading would block forever: the scan returning at all is the test.
        ScanResult r = scan(Scanner.builder(), dir);
        assertThat(paths(r)).containsExactly(dir + "/k.txt");
        assertThat(r.skipped()).containsExactly(new Skipped(dir + "/pipe",
                "special file (FIFO, socket or device): not opened"));
    }

    @Test
    void binaryFilesAreSkippedAndUtf16WithABomIsDecoded() throws IOException {
        String id = TestKeys.keyId(random, "AKIA");
        byte[] text = ("aws_access_key_id = " + id + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] binary = new byte[text.length + 1];
        System.arraycopy(text, 0, binary, 1, text.length); // a NUL first
        Files.write(dir.resolve("bin.dat"), binary);
        byte[] le = ("\uFEFFaws_access_key_id = " + id + "\n").getBytes(StandardCharsets.UTF_16LE);
        byte[] be = ("\uFEFFaws_access_key_id = " + id + "\n").getBytes(StandardCharsets.UTF_16BE);
        Files.write(dir.resolve("le.txt"), le);
        Files.write(dir.resolve("be.txt"), be);
        ScanResult r = scan(Scanner.builder(), dir);
        assertThat(paths(r)).containsExactly(dir + "/be.txt", dir + "/le.txt");
        assertThat(r.findings()).allMatch(f -> f.secret().equals(id));
        assertThat(r.skipped()).containsExactly(new Skipped(dir + "/bin.dat", "binary (NUL byte in the first 8 KiB)"));
    }

    @Test
    void aUtf8ByteOrderMarkDoesNotShiftColumns() throws IOException {
        String id = TestKeys.keyId(random, "AKIA");
        Files.write(dir.resolve("bom.txt"), ("\uFEFFkey=" + id + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("plain.txt"), ("key=" + id + "\n").getBytes(StandardCharsets.UTF_8));
        ScanResult r = scan(Scanner.builder(), dir);
        assertThat(r.findings()).hasSize(2).allSatisfy(f -> assertThat(f.location().column()).isEqualTo(5));
    }

    @Test
    void filesOverTheSizeLimitAreSkippedAndListed() throws IOException {
        plant(dir.resolve("small.txt"));
        Path big = dir.resolve("big.txt");
        plant(big);
        Files.writeString(big, "x".repeat(5000), java.nio.file.StandardOpenOption.APPEND);
        ScanResult r = scan(Scanner.builder().maxFileSize(1000), dir);
        assertThat(paths(r)).containsExactly(dir + "/small.txt");
        assertThat(r.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo(big.toString());
            assertThat(s.reason()).startsWith("too large").contains("1000");
        });
    }

    @Test
    void parallelScanFindsWhatASequentialOneFinds() throws IOException {
        for (int i = 0; i < 60; i++) {
            plant(dir.resolve("d" + (i % 7) + "/f" + i + ".txt"));
        }
        ScanResult one = scan(Scanner.builder().threads(1), dir);
        ScanResult four = scan(Scanner.builder().threads(4), dir);
        assertThat(one.findings()).hasSize(60);
        assertThat(four.findings()).isEqualTo(one.findings());
        assertThat(four.stats().items()).isEqualTo(60);
    }

    /**
     * Files are read whole into a buffer each worker keeps, or streamed past {@link FileTree#WHOLE} bytes: sizes
     * on both sides of each buffer size, a key at the very end, and a short file after a long one (whose bytes are
     * still in the buffer beyond the short one's end) all give exactly the findings of scanning the bytes.
     */
    @Test
    void filesReadWholeOrStreamedGiveTheFindingsOfTheirBytes() throws IOException {
        Scanner scanner = Scanner.builder().threads(1).build();
        int[] sizes = {0, 20, 100, (1 << 16) - 1, 1 << 16, (1 << 16) + 1, (1 << 17) + 5, FileTree.WHOLE - 1,
            FileTree.WHOLE, FileTree.WHOLE + 1, 3 * FileTree.WHOLE + 7};
        int n = 0;
        for (int size : sizes) {
            for (boolean keyAtEnd : new boolean[] {true, false}) {
                StringBuilder text = new StringBuilder();
                String tail = keyAtEnd ? " " + TestKeys.keyId(random, "AKIA") : "";
                while (text.length() + tail.length() < size) {
                    text.append(text.length() % 61 == 60 ? '\n' : 'x');
                }
                text.setLength(Math.max(0, size - tail.length()));
                text.append(tail);
                // Zero-padded names keep the walk's order: each short file follows a long one in the same worker.
                Files.writeString(dir.resolve(String.format("f%03d-%s.txt", n++, keyAtEnd)), text.toString());
            }
        }
        // A long file's key lies past the end of the short file after it: a stale read would find it twice.
        ScanResult all = scanner.scan(dir);
        assertThat(all.errors()).isEmpty();
        assertThat(all.stats().items()).isEqualTo(n);
        for (Path f : Files.list(dir).sorted().toList()) {
            List<Finding> expected = scanner.scan(Files.readAllBytes(f), f.toString()).findings();
            List<Finding> got = all.findings().stream().filter(x -> x.path().equals(f.toString())).toList();
            assertThat(got).as(f.toString()).hasSameSizeAs(expected);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).secret()).isEqualTo(expected.get(i).secret());
                assertThat(got.get(i).location().line()).isEqualTo(expected.get(i).location().line());
                assertThat(got.get(i).location().column()).isEqualTo(expected.get(i).location().column());
            }
            assertThat(got).as(f.toString()).hasSize(f.toString().endsWith("true.txt") ? 1 : 0);
        }
    }

    @Test
    void aMissingRootIsAnErrorAndTheOthersAreScanned() throws IOException {
        plant(dir.resolve("k.txt"));
        ScanResult r = scan(Scanner.builder(), dir.resolve("missing"), dir);
        assertThat(r.findings()).hasSize(1);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.path()).endsWith("missing"));
    }

    @Test
    void aNulAnywhereInTheHeadIsFoundWhateverTheBytesAroundIt() {
        Random random = new Random(7);
        for (int length = 0; length <= 40; length++) {
            byte[] head = new byte[length];
            for (int k = 0; k < length; k++) {
                head[k] = (byte) (1 + random.nextInt(255)); // any byte but 0, 0x80 and 0x01 included
            }
            assertThat(Sniffing.hasNul(head, length)).as("length %d, no NUL", length).isFalse();
            for (int at = 0; at < length; at++) {
                byte[] one = head.clone();
                one[at] = 0;
                assertThat(Sniffing.hasNul(one, length)).as("length %d, NUL at %d", length, at).isTrue();
            }
        }
    }
}
