package dev.keyward.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit code says whether the scan was complete: 0 only when everything was read and nothing found; input
 * left unread is 2 unless something was found (1). And a report holding whole secrets is its owner's alone.
 */
class CompletenessTest {

    @TempDir
    Path dir;

    final Random random = new Random(21);

    /** A stream that gives {@code head} and then fails, as a dropped network mount or a dying pipe does. */
    static InputStream failingAfter(String head) {
        return new SequenceInputStream(new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });
    }

    @Test
    void aStreamThatFailsMidwayKeepsItsFindingsAndNeverExitsZero() {
        String id = TestKeys.keyId(random, "AKIA");
        Run found = Run.with(failingAfter("aws_access_key_id = " + id + "\nmore text "), "scan", "-f", "jsonl", "-");
        assertThat(found.code()).as(found.toString()).isEqualTo(1);
        assertThat(found.out()).contains(id);
        assertThat(found.err()).contains("<stdin>").contains("connection reset");

        Run clean = Run.with(failingAfter("nothing to see\n"), "scan", "-");
        assertThat(clean.code()).as(clean.toString()).isEqualTo(2);
        assertThat(clean.out() + clean.err()).contains("<stdin>").contains("connection reset");
    }

    @Test
    void aTruncatedPackIsNamedAndTheExitCodeSaysTheHistoryWasNotAllRead() throws IOException {
        GitFixture g = GitFixture.init(dir.resolve("r"));
        StringBuilder filler = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            filler.append(TestKeys.BASE64.charAt(random.nextInt(64)));
        }
        g.write("a.txt", "aws_access_key_id = " + TestKeys.keyId(random, "AKIA") + "\n")
                .write("filler.txt", filler.toString()).commit("packed");
        g.git("gc", "-q");
        Path pack;
        try (Stream<Path> s = Files.list(g.dir().resolve(".git/objects/pack"))) {
            pack = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        Run packedOnly = Run.of("history", "--format", "json", g.dir().toString());
        assertThat(packedOnly.code()).as(packedOnly.toString()).isEqualTo(2);
        assertThat(packedOnly.err()).as(packedOnly.toString()).contains("missing (or in a damaged pack)")
                .doesNotContain("\tat ");

    }

    @Test
    void noRedactReplacesAWorldReadableReportWithAnOwnerOnlyOne() throws IOException {
        Path input = Files.writeString(dir.resolve("k.txt"), "aws_secret_access_key = " + TestKeys.secret(random)
                + "\naws_access_key_id = " + TestKeys.keyId(random, "AKIA") + "\n");
        Path report = dir.resolve("report.json");
        Files.writeString(report, "{}");
        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-rw-rw-"));
        Run r = Run.of("scan", "--no-redact", "--format", "json", "-o", report.toString(), input.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(report);
        assertThat(perms).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("k.txt", "report.json");
        }
    }
}
