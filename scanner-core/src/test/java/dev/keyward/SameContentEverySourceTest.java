package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Skipped;
import dev.keyward.source.HistoryOptions;
import dev.keyward.source.StagedOptions;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same bytes give the same result through {@code scan} (files), {@code staged} (the index) and {@code history}
 * (a commit): one content decoder decides for all three. Regression for the copies that disagreed: UTF-16
 * without a byte-order mark decoded by {@code scan} only, a UTF-8 byte-order mark kept by {@code staged}, and
 * binary tested on 8000 bytes by {@code staged} but 8192 by the others.
 */
class SameContentEverySourceTest {

    @TempDir
    Path tmp;

    private final Random random = new Random(2024);
    private final Scanner scanner = Scanner.builder().build();

    private String pair() {
        return "aws_access_key_id = " + TestKeys.keyId(random, "AKIA") + "\naws_secret_access_key = "
                + TestKeys.secret(random) + "\n";
    }

    private static byte[] encode(String text, Charset cs, byte... bom) {
        byte[] body = text.getBytes(cs);
        byte[] out = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, out, 0, bom.length);
        System.arraycopy(body, 0, out, bom.length, body.length);
        return out;
    }

    /** A NUL at {@code at} and a key pair after 9000 bytes of text. */
    private byte[] nulAt(int at) {
        byte[] b = ("x".repeat(9000) + "\n" + pair()).getBytes(StandardCharsets.UTF_8);
        b[at] = 0;
        return b;
    }

    @Test
    void utf16BomUtf8BomAndBinaryAreTreatedAlikeByScanStagedAndHistory() {
        GitFixture repo = GitFixture.init(tmp.resolve("repo"));
        repo.write("utf16le-bom.env", encode(pair(), StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE));
        repo.write("utf16be-bom.env", encode(pair(), StandardCharsets.UTF_16BE, (byte) 0xFE, (byte) 0xFF));
        repo.write("utf16le-nobom.env", encode(pair(), StandardCharsets.UTF_16LE));
        repo.write("utf8-bom.env", encode(pair(), StandardCharsets.UTF_8, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF));
        repo.write("nul-at-8000.bin", nulAt(8000)); // binary for every source: inside the first 8 KiB
        repo.write("nul-at-8191.bin", nulAt(8191));
        repo.write("nul-at-8192.txt", nulAt(8192)); // text for every source: past the first 8 KiB
        repo.write("lfs.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a".repeat(64)
                + "\nsize 12\n");
        repo.git("add", ".");

        ScanResult files = scanner.scan(List.of(repo.dir()));
        ScanResult staged = scanner.scanStaged(repo.dir(), StagedOptions.defaults());
        repo.commitStaged("all");
        ScanResult history = scanner.scanHistory(repo.dir(), HistoryOptions.defaults()).result();

        Set<String> expected = Set.of("utf16le-bom.env", "utf16be-bom.env", "utf16le-nobom.env", "utf8-bom.env",
                "nul-at-8192.txt");
        assertThat(found(files, repo.dir())).isEqualTo(found(staged, null)).isEqualTo(found(history, null));
        assertThat(found(files, repo.dir()).stream().map(s -> s.substring(0, s.indexOf(' ')))
                .collect(Collectors.toSet())).isEqualTo(expected);
        assertThat(skipped(files, repo.dir())).isEqualTo(skipped(staged, null)).isEqualTo(skipped(history, null))
                .containsExactly("lfs.bin", "nul-at-8000.bin", "nul-at-8191.bin");
        // Columns on line 1 of a file with a UTF-8 byte-order mark are what an editor shows, everywhere.
        assertThat(found(history, null)).anySatisfy(s -> assertThat(s).startsWith("utf8-bom.env aws-access-key-id 1:21 "));
    }

    /** "path rule line:column secret" of every finding, paths relative to {@code root} (or as they are). */
    private static Set<String> found(ScanResult r, Path root) {
        Set<String> out = new TreeSet<>();
        for (Finding f : r.findings()) {
            out.add(rel(f.path(), root) + " " + f.ruleId() + " " + f.location().line() + ":" + f.location().column()
                    + " " + f.secret());
        }
        return out;
    }

    private static List<String> skipped(ScanResult r, Path root) {
        List<String> out = new ArrayList<>();
        for (Skipped s : r.skipped()) {
            String p = rel(s.path(), root);
            out.add(p.substring(p.indexOf(':') + 1)); // history names COMMIT:PATH
        }
        out.sort(null);
        return out;
    }

    private static String rel(String path, Path root) {
        return root == null ? path : root.relativize(Path.of(path)).toString();
    }
}
