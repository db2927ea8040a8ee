package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --report FORMAT=FILE}: every report from one run of {@code scan}, {@code history} and {@code staged}. */
class ReportFilesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FORMATS = List.of("text", "json", "jsonl", "sarif");

    @TempDir
    Path dir;

    Path input;
    String keyId;
    String secret;

    @BeforeEach
    void leakyFolder() throws IOException {
        Random r = new Random(16);
        keyId = TestKeys.keyId(r, "AKIA");
        secret = TestKeys.secret(r);
        input = Files.createDirectories(dir.resolve("in"));
        Files.writeString(input.resolve("credentials"), "[default]\naws_access_key_id = " + keyId
                + "\naws_secret_access_key = " + secret + "\n");
        Files.write(input.resolve("logo.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});
    }

    /** The time a run took is the one thing two runs of the same scan may not agree on. */
    static String timeless(String report) {
        return report.replaceAll("· \\d+ ms", "· 0 ms").replaceAll("\"millis\" ?: ?\\d+", "\"millis\":0");
    }

    private List<String> reportArgs(String prefix) {
        return FORMATS.stream().flatMap(f -> Stream.of("--report", f + "=" + dir.resolve(prefix + "." + f)))
                .toList();
    }

    private static String[] args(List<String> head, List<String> reports, String... tail) {
        return Stream.of(head.stream(), reports.stream(), Stream.of(tail)).flatMap(s -> s).toArray(String[]::new);
    }

    @Test
    void aScanWritesEachReportAsItsOwnRunWouldAndStdoutAsWell() throws IOException {
        Cli all = Cli.run(new ByteArrayInputStream(new byte[0]), true,
                args(List.of("scan", "--no-config", "--format", "json"), reportArgs("scan"), input.toString()));

        assertThat(all.code()).as(all.toString()).isEqualTo(1);
        assertThat(timeless(all.out())).isEqualTo(timeless(Cli.run("scan", "--no-config", "--format", "json",
                input.toString()).out()));
        for (String f : FORMATS) {
            String alone = Cli.run("scan", "--no-config", "--format", f, input.toString()).out();
            assertThat(timeless(Files.readString(dir.resolve("scan." + f)))).as(f).isEqualTo(timeless(alone))
                    .doesNotContain(secret).doesNotContain("\u001b[");
        }
        assertThat(SarifSchemaTest.validate(JSON.readTree(dir.resolve("scan.sarif").toFile()))).isEmpty();
        assertThat(all.err()).doesNotContain(secret);
    }

    @Test
    void colourReachesAReportFileOnlyWhenAlwaysIsAsked() throws IOException {
        Path text = dir.resolve("coloured.txt");
        Cli r = Cli.run("scan", "--no-config", "--color", "always", "--report", "text=" + text, input.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(Files.readString(text)).contains("\u001b[1m" + keyId);
        assertThat(r.out()).contains("\u001b[1m" + keyId);
    }

    @Test
    void historyWritesTheAuditToEveryReport() throws IOException {
        GitFixture g = GitFixture.init(dir.resolve("repo"));
        g.write("README.md", "hello\n").commit("start");
        String added = g.write("deploy/creds.ini", Files.readString(input.resolve("credentials"))).commit("add");
        g.git("rm", "-q", "deploy/creds.ini");
        g.commit("remove");

        Cli r = Cli.run(args(List.of("history", "--no-config", "--summary"), reportArgs("history"),
                g.dir().toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).startsWith("KIND");
        assertThat(timeless(Files.readString(dir.resolve("history.text")))).isEqualTo(timeless(r.out()));
        JsonNode json = JSON.readTree(dir.resolve("history.json").toFile());
        assertThat(json.at("/history/commits").asInt()).isEqualTo(3);
        assertThat(json.get("summary")).hasSize(2);
        assertThat(json.at("/summary/0/firstIntroduced/commit").asText()).isEqualTo(added);
        assertThat(Files.readAllLines(dir.resolve("history.jsonl"))).hasSize(2)
                .allSatisfy(l -> assertThat(JSON.readTree(l).get("commit").asText()).isEqualTo(added));
        JsonNode sarif = JSON.readTree(dir.resolve("history.sarif").toFile());
        assertThat(SarifSchemaTest.validate(sarif)).isEmpty();
        assertThat(sarif.at("/runs/0/results/0/properties/commit").asText()).isEqualTo(added);
        assertThat(sarif.at("/runs/0/versionControlProvenance/0/repositoryUri").asText()).startsWith("file:");
    }

    @Test
    void stagedWritesTheHooksMessageAndTheMachineReports() throws IOException {
        GitFixture g = GitFixture.init(dir.resolve("repo"));
        g.write("a.txt", "nothing\n").commit("start");
        g.write("creds.ini", Files.readString(input.resolve("credentials"))).git("add", ".");

        Cli r = Cli.run(args(List.of("staged", "--no-config"), reportArgs("staged"), g.dir().toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).startsWith("keyward: commit blocked");
        assertThat(Files.readString(dir.resolve("staged.text"))).isEqualTo(r.out());
        assertThat(JSON.readTree(dir.resolve("staged.json").toFile()).get("findings")).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("staged.jsonl"))).hasSize(2);
        assertThat(SarifSchemaTest.validate(JSON.readTree(dir.resolve("staged.sarif").toFile()))).isEmpty();
    }

    @Test
    void badReportOptionsExit2BeforeAnythingIsScannedOrWritten() throws IOException {
        Path a = dir.resolve("a.json");
        Path b = Files.writeString(dir.resolve("b.json"), "{}\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), b.getFileName());
        String[][] cases = {
            {"--report", "json"},
            {"--report", "yaml=" + a},
            {"--report", "json="},
            {"--report", "json=-"},
            {"--report", "json=" + a, "--report", "sarif=" + a},
            {"--report", "json=" + dir.resolve("x/../a.json"), "-o", a.toString()},
            {"--report", "json=" + link, "--report", "text=" + b},
        };
        String[] expected = {"needs FORMAT=FILE", "unknown --report format 'yaml' (expected text, json, jsonl, "
            + "sarif, html)", "name a file after '='", "name a file after '='", "two reports to the same file",
            "two reports to the same file", "two reports to the same file"};
        for (int i = 0; i < cases.length; i++) {
            for (String command : List.of("scan", "history", "staged")) {
                Cli r = Cli.run(args(List.of(command), List.of(cases[i]), input.toString()));
                String what = command + " " + String.join(" ", cases[i]);
                assertThat(r.code()).as(what).isEqualTo(2);
                assertThat(r.err()).as(what).startsWith("keyward: ").contains(expected[i])
                        .doesNotContain("Exception");
                assertThat(r.out()).as(what).isEmpty();
                assertThat(a).as(what).doesNotExist();
                assertThat(b).as(what).hasContent("{}");
            }
        }
    }

    @Test
    void aReportThatCannotBeWrittenLeavesNoFileAndTheOthersAreWrittenWhole() throws IOException {
        Path missing = dir.resolve("no/such/report.json");
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        Path ok = dir.resolve("ok.sarif");

        Cli r = Cli.run("scan", "--no-config", "--report", "json=" + missing, "--report", "text=" + folder,
                "--report", "sarif=" + ok, input.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write the report to " + missing)
                .contains("cannot write the report to " + folder).doesNotContain("Exception");
        assertThat(dir.resolve("no")).doesNotExist();
        try (Stream<Path> s = Files.list(folder)) {
            assertThat(s).isEmpty();
        }
        assertThat(SarifSchemaTest.validate(JSON.readTree(ok.toFile()))).isEmpty();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("in", "a-folder",
                    "ok.sarif");
        }
    }

    @Test
    void aSpecialFileIsWrittenDirectlyAndAFailedWriteToItIsAnError() throws IOException {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "/dev/full (Linux) is needed");
        Path ok = dir.resolve("ok.json");

        Cli r = Cli.run("scan", "--no-config", "--report", "jsonl=/dev/null", "--report", "json=" + full,
                "--report", "json=" + ok, input.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write the report to /dev/full").doesNotContain("/dev/null");
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
        assertThat(JSON.readTree(ok.toFile()).get("findings")).hasSize(2);
    }

    @Test
    void noRedactReportFilesAreTheOwnersOnly() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path json = dir.resolve("whole.json");
        Path text = dir.resolve("whole.txt");
        Files.writeString(json, "{}");
        Files.setPosixFilePermissions(json, PosixFilePermissions.fromString("rw-rw-rw-"));

        Cli r = Cli.run("scan", "--no-config", "--no-redact", "--format", "jsonl", "--report", "json=" + json,
                "--report", "text=" + text, input.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("secrets are shown in full in " + json + ", " + text);
        for (Path p : List.of(json, text)) {
            assertThat(Files.readString(p)).as(p.toString()).contains(secret);
            assertThat(Files.getPosixFilePermissions(p)).as(p.toString())
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void aReportBesideOutputIsNamedInTheSummaryOnStderr() {
        Path out = dir.resolve("out.txt");
        Path json = dir.resolve("out.json");

        Cli r = Cli.run("scan", "--no-config", "-o", out.toString(), "--report", "json=" + json, input.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("2 findings (1 credential pair)").contains("reports in " + out + ", " + json);
        assertThat(out).exists();
        assertThat(json).exists();
    }
}
