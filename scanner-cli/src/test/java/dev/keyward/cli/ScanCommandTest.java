package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    String keyId;
    String secret;

    @BeforeEach
    void keys() {
        Random r = new Random(42);
        keyId = TestKeys.keyId(r, "AKIA");
        secret = TestKeys.secret(r);
    }

    Path leaky() throws IOException {
        Path f = dir.resolve("creds.ini");
        Files.writeString(f, "[default]\naws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret + "\n");
        return f;
    }

    Path clean() throws IOException {
        Path f = dir.resolve("clean.txt");
        Files.writeString(f, "nothing to see here\n");
        return f;
    }

    @Test
    void findingsExitOneAndTextShowsKeyIdWholeAndSecretRedacted() throws IOException {
        Cli r = Cli.run("scan", leaky().toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains(keyId).contains(secret.substring(0, 4) + "…").doesNotContain(secret);
        assertThat(r.out()).contains("What to do");
        assertThat(r.err()).doesNotContain(secret);
    }

    @Test
    void cleanInputExitsZero() throws IOException {
        Cli r = Cli.run("scan", clean().toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("What to do");
    }

    @Test
    void exitCodeOptionChangesTheFindingsCode() throws IOException {
        String p = leaky().toString();
        assertThat(Cli.run("scan", "--exit-code", "7", p).code()).isEqualTo(7);
        assertThat(Cli.run("scan", "--exit-code", "0", p).code()).isZero();
        assertThat(Cli.run("scan", "--exit-code", "0", clean().toString()).code()).isZero();
    }

    @Test
    void missingPathExitsTwoNamingIt() throws IOException {
        Cli r = Cli.run("scan", clean().toString(), dir.resolve("nope").toString());
        assertThat(r.code()).isEqualTo(2);
        // The text report on stdout lists the error; other formats name it on stderr.
        assertThat(r.out()).contains("no such file or folder").contains("nope");
        assertThat(r.out() + r.err()).doesNotContain("Exception");
    }

    @Test
    void missingPathDoesNotStopTheOtherPathsFromBeingScanned() throws IOException {
        Cli r = Cli.run("scan", "--format", "json", dir.resolve("nope").toString(), leaky().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("aws-access-key-id").contains("\"errors\"").contains("nope");
        assertThat(r.err()).contains("no such file or folder").contains("nope");
    }

    @Test
    void unknownFormatIsAUsageError() throws IOException {
        Cli r = Cli.run("scan", "--format", "xml", clean().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown --format 'xml'").contains("sarif");
    }

    @Test
    void unreadableInputWithNothingFoundExitsTwo() {
        Path mem = Path.of("/proc/self/mem"); // a regular file whose first byte cannot be read
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(mem));
        Cli r = Cli.run("scan", mem.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("/proc/self/mem");
    }

    @Test
    void stdinIsScanned() {
        Cli r = Cli.runWithStdin("export AWS_ACCESS_KEY_ID=" + keyId + "\n", "scan", "--format", "jsonl", "-");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("\"path\":\"<stdin>\"").contains(keyId);
    }

    @Test
    void jsonReportHasTheDocumentedShape() throws IOException {
        Cli r = Cli.run("scan", "--format", "json", leaky().toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.has("version")).isTrue();
        assertThat(root.get("errors").isArray()).isTrue();
        assertThat(root.get("skipped").isArray()).isTrue();
        assertThat(root.get("stats").get("items").asInt()).isEqualTo(1);
        JsonNode f = root.get("findings").get(0);
        for (String field : new String[] {"ruleId", "kind", "severity", "path", "line", "column", "secret",
            "fingerprint", "accountId", "pairedWith", "commit", "author", "email", "date"}) {
            assertThat(f.has(field)).as(field).isTrue();
        }
        assertThat(f.get("path").asText()).startsWith(dir.toString());
    }

    @Test
    void relativePathArgumentGivesRelativePaths() throws IOException {
        leaky();
        Path cwd = Path.of("").toAbsolutePath();
        String rel = cwd.relativize(dir).toString();
        Cli r = Cli.run("scan", "--format", "jsonl", rel);
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(JSON.readTree(r.out().lines().findFirst().orElseThrow()).get("path").asText())
                .isEqualTo(rel + "/creds.ini");
    }

    @Test
    void noRedactSaysSoAndTheReportFileIsOwnerOnly() throws IOException {
        Path out = dir.resolve("out/report.json");
        Files.createDirectories(out.getParent());
        Cli r = Cli.run("scan", "--no-redact", "--format", "json", "--output", out.toString(), leaky().toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("--no-redact");
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out)).contains(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        try (var s = Files.list(out.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("report.json");
        }
    }

    @Test
    void outputReplacesAnExistingFileWhole() throws IOException {
        Path out = dir.resolve("report.txt");
        Files.writeString(out, "old report that is much longer than the new one ".repeat(100));
        Cli r = Cli.run("scan", "--output", out.toString(), clean().toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.readString(out)).doesNotContain("old report").contains("0 findings");
    }

    @Test
    void outputToDevNullIsWrittenDirectly() throws IOException {
        Path devNull = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull));
        Cli r = Cli.run("scan", "--output", "/dev/null", leaky().toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(Files.isRegularFile(devNull)).isFalse();
    }

    @Test
    void outputIntoAMissingFolderFailsClearly() throws IOException {
        Cli r = Cli.run("scan", "--output", dir.resolve("no/such/report.txt").toString(), clean().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write the report").doesNotContain("Exception");
    }

    @Test
    void skippedInputsAreListedWithReasonsAndDoNotChangeTheExitCode() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("ok.txt"), "fine\n");
        Files.write(tree.resolve("image.bin"), new byte[] {'G', 'I', 'F', 0, 1});
        Files.writeString(tree.resolve("big.log"), "x".repeat(4096));
        Process mkfifo = new ProcessBuilder("mkfifo", tree.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Cli r = Cli.run("scan", "--format", "json", "--max-file-size", "1K", tree.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode skipped = JSON.readTree(r.out()).get("skipped");
        assertThat(skipped).hasSize(3);
        assertThat(skipped.get(0).get("path").asText()).isEqualTo(tree + "/big.log");
        assertThat(skipped.get(0).get("reason").asText()).startsWith("too large");
        assertThat(skipped.get(1).get("reason").asText()).startsWith("binary");
        assertThat(skipped.get(2).get("reason").asText()).startsWith("special file");
        Cli text = Cli.run("scan", "--max-file-size", "1K", tree.toString());
        assertThat(text.out()).contains("skipped " + tree + "/pipe: special file").contains("3 skipped");
    }

    @Test
    void outputThroughASymbolicLinkReplacesTheFileItPointsAt() throws IOException {
        Path real = dir.resolve("real.json");
        Files.writeString(real, "old");
        Path link = dir.resolve("link.json");
        Files.createSymbolicLink(link, real);
        Cli r = Cli.run("scan", "--format", "json", "-o", link.toString(), clean().toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("\"findings\" : [ ]");
        assertThat(r.err()).contains("0 findings").contains("report in " + link);
    }
}
