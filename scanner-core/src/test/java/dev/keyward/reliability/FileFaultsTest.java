package dev.keyward.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.ScanCollector;
import dev.keyward.ScanListener;
import dev.keyward.Scanner;
import dev.keyward.TestKeys;
import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Skipped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are odd, hostile or change under the scan: the scan ends, says what it skipped or could not read,
 * and still finds every key it could read. A hang shows as a failure after {@link #HANG}, never as a stuck build.
 */
class FileFaultsTest {

    /** Far longer than any of these scans takes; reached only if something blocks. */
    static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    final Random random = new Random(8);

    String plant(Path file) throws IOException {
        String id = TestKeys.keyId(random, "AKIA");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "aws_access_key_id = " + id + "\n");
        return id;
    }

    static ScanResult scan(Scanner scanner, Path... roots) {
        return assertTimeoutPreemptively(HANG, () -> scanner.scan(List.of(roots)));
    }

    static List<String> paths(ScanResult r) {
        return r.findings().stream().map(Finding::path).distinct().sorted().toList();
    }

    static void sh(String script, Path cwd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(script + "\n" + out).isZero();
    }

    // ---- special files ---------------------------------------------------------------------------------------

    @Test
    void aUnixSocketInTheTreeIsSkippedNotOpened() throws Exception {
        plant(dir.resolve("k.txt"));
        Path sock = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            ScanResult r = scan(Scanner.builder().build(), dir);
            assertThat(paths(r)).containsExactly(dir + "/k.txt");
            assertThat(r.skipped()).containsExactly(new Skipped(dir + "/s.sock",
                    "special file (FIFO, socket or device): not opened"));
            assertThat(r.errors()).isEmpty();
        }
    }

    @Test
    void devicesNamedOrReachedThroughAFollowedLinkAreSkippedNotRead() throws Exception {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero");
        plant(dir.resolve("k.txt"));
        Files.createSymbolicLink(dir.resolve("endless"), zero);
        // /dev/zero never ends: reading it would never return.
        ScanResult r = scan(Scanner.builder().followSymlinks(true).build(), dir, zero, Path.of("/dev/null"));
        assertThat(paths(r)).containsExactly(dir + "/k.txt");
        assertThat(r.skipped()).extracting(Skipped::path)
                .containsExactlyInAnyOrder(dir + "/endless", "/dev/zero", "/dev/null");
        assertThat(r.skipped()).extracting(Skipped::reason).allMatch(s -> s.startsWith("special file"));
    }

    @Test
    void aDeviceNodeInTheTreeIsSkippedNotOpened() throws Exception {
        plant(dir.resolve("k.txt"));
        Process p = new ProcessBuilder("mknod", dir.resolve("zero").toString(), "c", "1", "5")
                .redirectErrorStream(true).start();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mknod needs root; the /dev test covers it");
        // A character device like /dev/zero (1, 5) never ends: reading it would never return.
        ScanResult r = scan(Scanner.builder().build(), dir);
        assertThat(paths(r)).containsExactly(dir + "/k.txt");
        assertThat(r.skipped()).containsExactly(new Skipped(dir + "/zero",
                "special file (FIFO, socket or device): not opened"));
    }

    @Test
    void aFileReplacedByAFifoAfterListingIsNotOpened() throws Exception {
        plant(dir.resolve("a.txt"));
        plant(dir.resolve("b.txt"));
        plant(dir.resolve("c.txt"));
        Path b = dir.resolve("b.txt");
        // One worker scans in name order; when a.txt is done, b.txt (already listed) becomes a FIFO that no one
        // writes to. Opening it for reading would block for ever.
        ScanResult r = scanMutating(dir, "a.txt", () -> {
            Files.delete(b);
            sh("mkfifo b.txt", dir);
        });
        assertThat(paths(r)).containsExactly(dir + "/a.txt", dir + "/c.txt");
        assertThat(r.skipped()).extracting(Skipped::path).containsExactly(dir + "/b.txt");
    }

    // ---- links -----------------------------------------------------------------------------------------------

    @Test
    void brokenLinksAreListedWhetherNamedOrFoundAndFollowedOrNot() throws IOException {
        plant(dir.resolve("k.txt"));
        Files.createSymbolicLink(dir.resolve("broken"), dir.resolve("nowhere"));
        for (boolean follow : new boolean[] {false, true}) {
            ScanResult r = scan(Scanner.builder().followSymlinks(follow).build(), dir, dir.resolve("broken"));
            assertThat(paths(r)).containsExactly(dir + "/k.txt");
            assertThat(r.errors()).isEmpty();
            assertThat(r.skipped()).extracting(Skipped::path).containsExactly(dir + "/broken", dir + "/broken");
            assertThat(r.skipped()).extracting(Skipped::reason).anyMatch(s -> s.equals("broken symbolic link"));
        }
    }

    @Test
    void aLinkLoopNamedDirectlyEnds() throws IOException {
        plant(dir.resolve("k.txt"));
        Files.createSymbolicLink(dir.resolve("l1"), dir.resolve("l2"));
        Files.createSymbolicLink(dir.resolve("l2"), dir.resolve("l1"));
        ScanResult r = scan(Scanner.builder().followSymlinks(true).build(), dir, dir.resolve("l1"));
        assertThat(paths(r)).containsExactly(dir + "/k.txt");
        assertThat(r.errors()).isEmpty();
        assertThat(r.skipped()).extracting(Skipped::path).containsExactlyInAnyOrder(dir + "/l1", dir + "/l1",
                dir + "/l2");
        assertThat(r.skipped()).extracting(Skipped::reason).allMatch(s -> s.contains("loop"));
    }

    // ---- files that change under the scan ---------------------------------------------------------------------

    @Test
    void filesAndFoldersRemovedAfterListingAreListedAsVanished() throws Exception {
        plant(dir.resolve("a.txt"));
        plant(dir.resolve("b.txt"));
        plant(dir.resolve("c/x.txt"));
        plant(dir.resolve("d.txt"));
        ScanResult r = scanMutating(dir, "a.txt", () -> {
            Files.delete(dir.resolve("b.txt"));
            PathUtils.deleteDirectory(dir.resolve("c"));
        });
        assertThat(paths(r)).containsExactly(dir + "/a.txt", dir + "/d.txt");
        assertThat(r.skipped()).extracting(Skipped::reason).allMatch(s -> s.contains("vanished"));
        assertThat(r.skipped()).extracting(Skipped::path).contains(dir + "/b.txt");
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void aFileReplacedByAFolderAfterListingIsAnErrorOrItsContentIsScanned() throws Exception {
        plant(dir.resolve("a.txt"));
        plant(dir.resolve("b.txt"));
        plant(dir.resolve("c.txt"));
        // Works as root too, unlike chmod 000: a folder cannot be read as a file by anyone.
        ScanResult r = scanMutating(dir, "a.txt", () -> {
            Files.delete(dir.resolve("b.txt"));
            plant(dir.resolve("b.txt/inside.txt"));
        });
        // The walk may reach b.txt before or after the change: either way nothing is lost without a word.
        if (r.errors().isEmpty()) {
            assertThat(paths(r)).containsExactly(dir + "/a.txt", dir + "/b.txt/inside.txt", dir + "/c.txt");
        } else {
            assertThat(paths(r)).containsExactly(dir + "/a.txt", dir + "/c.txt");
            assertThat(r.errors()).extracting(ScanError::path).containsExactly(dir + "/b.txt");
            assertThat(r.complete()).isFalse();
        }
    }

    @Test
    void aFileMadeUnreadableDuringTheScanIsAnErrorAndTheRestIsScanned() throws Exception {
        plant(dir.resolve("a.txt"));
        Path b = dir.resolve("b.txt");
        plant(b);
        plant(dir.resolve("c.txt"));
        Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("---------"));
        boolean readable = Files.isReadable(b);
        Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rw-r--r--"));
        assumeTrue(!readable, "running as root: chmod 000 does not stop root reading; the folder variant covers it");
        ScanResult r = scanMutating(dir, "a.txt",
                () -> Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("---------")));
        assertThat(paths(r)).containsExactly(dir + "/a.txt", dir + "/c.txt");
        assertThat(r.errors()).containsExactly(new ScanError(dir + "/b.txt", "cannot read: permission denied"));
    }

    interface Mutation {
        void run() throws Exception;
    }

    /** Scans {@code root} on one worker (name order) and runs {@code mutation} when {@code after} is scanned. */
    static ScanResult scanMutating(Path root, String after, Mutation mutation) {
        ScanCollector all = new ScanCollector();
        ScanListener mutating = new ScanListener() {
            @Override
            public void finding(Finding f) {
                all.finding(f);
            }

            @Override
            public void error(ScanError e) {
                all.error(e);
            }

            @Override
            public void skipped(Skipped s) {
                all.skipped(s);
            }

            @Override
            public void scanned(String path, long bytes) {
                all.scanned(path, bytes);
                if (path.endsWith("/" + after)) {
                    try {
                        mutation.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        Scanner scanner = Scanner.builder().threads(1).build();
        assertTimeoutPreemptively(HANG, () -> scanner.scan(List.of(root), mutating));
        return all.result();
    }

    // ---- contents --------------------------------------------------------------------------------------------

    @Test
    void invalidUtf8AroundAKeyDoesNotHideIt() throws IOException {
        String id = TestKeys.keyId(random, "AKIA");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0x80, ' '});
        b.write(("aws_access_key_id=" + id).getBytes(StandardCharsets.US_ASCII));
        b.write(new byte[] {(byte) 0xE2, (byte) 0x82, '\n', (byte) 0xF0, (byte) 0x9F});
        Files.write(dir.resolve("bad.txt"), b.toByteArray());
        ScanResult r = scan(Scanner.builder().build(), dir);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.secret()).isEqualTo(id);
            assertThat(f.location().line()).isEqualTo(1);
        });
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void utf16WithBrokenSurrogatesStillYieldsItsKeys() throws IOException {
        String id = TestKeys.keyId(random, "AKIA");
        String text = "\uFEFFbroken \uD800 here\naws_access_key_id = " + id + "\n\uDC00 end\n";
        Files.write(dir.resolve("le.txt"), encodeUnpaired(text, true));
        Files.write(dir.resolve("be.txt"), encodeUnpaired(text, false));
        ScanResult r = scan(Scanner.builder().build(), dir);
        assertThat(r.findings()).extracting(Finding::secret).containsExactly(id, id);
        assertThat(r.findings()).allMatch(f -> f.location().line() == 2);
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void utf16WithoutAByteOrderMarkIsReadAsTextNotSkippedAsBinary() throws IOException {
        String id = TestKeys.keyId(random, "AKIA");
        String text = "[default]\r\naws_access_key_id = " + id + "\r\nregion = eu-west-1\r\n";
        Files.write(dir.resolve("le.ini"), text.getBytes(StandardCharsets.UTF_16LE));
        Files.write(dir.resolve("be.ini"), text.getBytes(StandardCharsets.UTF_16BE));
        ScanResult r = scan(Scanner.builder().build(), dir);
        assertThat(paths(r)).containsExactly(dir + "/be.ini", dir + "/le.ini");
        assertThat(r.findings()).extracting(Finding::secret).containsOnly(id);
        assertThat(r.skipped()).isEmpty();
    }

    /** UTF-16 of text that may hold unpaired surrogates (the JDK encoders would replace them). */
    static byte[] encodeUnpaired(String text, boolean littleEndian) {
        byte[] out = new byte[text.length() * 2];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out[2 * i + (littleEndian ? 0 : 1)] = (byte) c;
            out[2 * i + (littleEndian ? 1 : 0)] = (byte) (c >> 8);
        }
        return out;
    }

    @Test
    void aKeyAtTheEndOfASingle20MegabyteLineIsFound() throws IOException {
        String id = TestKeys.keyId(random, "AKIA");
        Path big = dir.resolve("bundle.min.js");
        byte[] unit = "var a=\"x\",b=[1,2,3];function f(){return a+b}".getBytes(StandardCharsets.US_ASCII);
        int prefix = 20 * 1024 * 1024;
        byte[] content = new byte[prefix + 64];
        for (int i = 0; i < prefix; i++) {
            content[i] = unit[i % unit.length];
        }
        byte[] tail = (";k=\"" + id + "\"").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tail, 0, content, prefix, tail.length);
        int length = prefix + tail.length;
        Files.write(big, java.util.Arrays.copyOf(content, length));
        ScanResult r = scan(Scanner.builder().build(), big);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.secret()).isEqualTo(id);
            assertThat(f.location().line()).isEqualTo(1);
            assertThat(f.location().offset()).isEqualTo(prefix + 4L);
        });
        assertThat(r.errors()).isEmpty();
        assertThat(r.skipped()).isEmpty();
    }

    @Test
    void anEmptyFileIsScannedCleanly() throws IOException {
        Files.createFile(dir.resolve("empty.txt"));
        ScanResult r = scan(Scanner.builder().build(), dir);
        assertThat(r.findings()).isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(r.skipped()).isEmpty();
        assertThat(r.stats().items()).isEqualTo(1);
        assertThat(r.stats().bytes()).isZero();
    }

    // ---- names -----------------------------------------------------------------------------------------------

    @Test
    void oddFileNamesAreScannedAndReportedByName() throws Exception {
        plant(dir.resolve("with space.txt"));
        plant(dir.resolve("new\nline.txt"));
        plant(dir.resolve("tab\tand 'quote\".txt"));
        // A name that is not UTF-8 cannot be made through Java's String paths; the shell makes one.
        String id = TestKeys.keyId(random, "AKIA");
        sh("printf 'aws_access_key_id = %s\\n' " + id + " > \"$(printf 'bad\\377name.txt')\"", dir);
        ScanResult r = scan(Scanner.builder().build(), dir);
        assertThat(r.errors()).isEmpty();
        assertThat(r.skipped()).isEmpty();
        // Bytes that are not UTF-8 are shown as U+FFFD, the rest of the name as it is.
        assertThat(paths(r)).containsExactlyInAnyOrder(dir + "/with space.txt", dir + "/new\nline.txt",
                dir + "/tab\tand 'quote\".txt", dir + "/bad\uFFFDname.txt");
    }
}
