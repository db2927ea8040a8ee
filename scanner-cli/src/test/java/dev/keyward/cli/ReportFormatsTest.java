package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.TestKeys;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Location;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.ScanStats;
import dev.keyward.finding.Severity;
import dev.keyward.finding.Skipped;
import dev.keyward.report.ReportOptions;
import dev.keyward.report.Reporter;
import dev.keyward.report.SarifReporter;
import dev.keyward.report.TextReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report details that the golden files do not cover: history provenance, colour, long skipped lists. */
class ReportFormatsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Finding historyFinding(String keyId) {
        Provenance.GitBlob blob = new Provenance.GitBlob("a".repeat(40), "b".repeat(40), "config/prod.env",
                "Dev Eloper", "dev@example.com", Instant.parse("2024-03-01T10:00:00Z"), 2);
        return new Finding("aws-access-key-id", "aws-access-key-id", Severity.HIGH,
                new Location("config/prod.env", 3, 7, 40), blob, keyId, "123456789012", null);
    }

    @Test
    void sarifCarriesTheCommitOfAHistoryFindingAndTheRepository() throws IOException {
        String keyId = TestKeys.keyId(new Random(5), "AKIA");
        ScanResult r = new ScanResult(List.of(historyFinding(keyId)), List.of(), List.of(), ScanStats.EMPTY);
        StringBuilder out = new StringBuilder();
        new SarifReporter().write(r, ReportOptions.defaults("1.2.3").withRepositoryUri("file:///src/app/"), out);
        JsonNode sarif = JSON.readTree(out.toString());
        assertThat(SarifSchemaTest.validate(sarif)).isEmpty();
        JsonNode result = sarif.at("/runs/0/results/0");
        assertThat(result.at("/properties/commit").asText()).isEqualTo("b".repeat(40));
        assertThat(result.at("/properties/author").asText()).isEqualTo("Dev Eloper");
        assertThat(result.at("/message/text").asText()).contains("introduced in commit " + "b".repeat(40));
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("config/prod.env");
        assertThat(sarif.at("/runs/0/versionControlProvenance/0/repositoryUri").asText())
                .isEqualTo("file:///src/app/");
        assertThat(result.at("/level").asText()).isEqualTo("error");
        assertThat(sarif.at("/runs/0/tool/driver/rules/0/properties/security-severity").asText()).isEqualTo("8.0");
    }

    @Test
    void sarifUrisAreRelativeAndEncoded() throws IOException {
        String keyId = TestKeys.keyId(new Random(6), "AKIA");
        Files.writeString(dir.resolve("with space #1.txt"), "id " + keyId + "\n");
        Cli run = Cli.run("scan", "--format", "sarif", dir.toString());
        JsonNode uri = JSON.readTree(run.out()).at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation");
        assertThat(uri.get("uri").asText()).startsWith("file:///").endsWith("/with%20space%20%231.txt");
        assertThat(uri.has("uriBaseId")).isFalse(); // absolute paths stand alone
    }

    @Test
    void jsonLinesAndJsonCarryHistoryFields() throws IOException {
        String keyId = TestKeys.keyId(new Random(5), "AKIA");
        ScanResult r = new ScanResult(List.of(historyFinding(keyId)), List.of(), List.of(), ScanStats.EMPTY);
        StringBuilder out = new StringBuilder();
        Reporter.forFormat("json").write(r, ReportOptions.defaults("1.2.3"), out);
        JsonNode f = JSON.readTree(out.toString()).at("/findings/0");
        assertThat(f.get("commit").asText()).isEqualTo("b".repeat(40));
        assertThat(f.get("email").asText()).isEqualTo("dev@example.com");
        assertThat(f.get("date").asText()).isEqualTo("2024-03-01T10:00:00Z");
    }

    @Test
    void colourOnlyOnATerminalUnlessTold() throws IOException {
        String keyId = TestKeys.keyId(new Random(8), "AKIA");
        Path f = dir.resolve("k.txt");
        Files.writeString(f, "aws_access_key_id = " + keyId + "\n");
        String esc = "\u001b[";
        assertThat(Cli.run(new java.io.ByteArrayInputStream(new byte[0]), false, "scan", f.toString()).out())
                .doesNotContain(esc);
        if (System.getenv("NO_COLOR") == null) { // NO_COLOR turns 'auto' off, as it should
            assertThat(Cli.run(new java.io.ByteArrayInputStream(new byte[0]), true, "scan", f.toString()).out())
                    .contains(esc);
        }
        assertThat(Cli.run(new java.io.ByteArrayInputStream(new byte[0]), true, "scan", "--color", "never",
                f.toString()).out()).doesNotContain(esc);
        assertThat(Cli.run("scan", "--color", "always", f.toString()).out()).contains(esc + "1m" + keyId);
        Path report = dir.resolve("report.txt");
        Cli.run(new java.io.ByteArrayInputStream(new byte[0]), true, "scan", "-o", report.toString(), f.toString());
        assertThat(Files.readString(report)).doesNotContain(esc).contains(keyId);
    }

    @Test
    void aLongListOfSkippedInputsIsCutInText() throws IOException {
        List<Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            skipped.add(new Skipped("bin/" + (char) ('a' + i) + ".png", "binary (NUL byte in the first 8 KiB)"));
        }
        StringBuilder out = new StringBuilder();
        new TextReporter().write(new ScanResult(List.of(), List.of(), skipped, new ScanStats(3, 10, 1)),
                ReportOptions.defaults("x"), out);
        assertThat(out.toString().lines().filter(l -> l.startsWith("skipped bin/"))).hasSize(10);
        assertThat(out.toString()).contains("skipped: 15 more").contains("0 findings · 3 files scanned (10 B) · "
                + "25 skipped · 0 errors · 1 ms").doesNotContain("What to do");
    }

    @Test
    void badOptionValuesAreUsageErrorsWithoutStackTraces() {
        for (String[] args : new String[][] {{"scan", "--threads", "0", "."}, {"scan", "--max-file-size", "lots", "."},
            {"scan", "--exit-code", "300", "."}, {"scan", "--color", "sometimes", "."}, {"scan", "--bogus"}}) {
            Cli r = Cli.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("keyward: ").doesNotContain("\tat ")
                    .doesNotContain("Exception");
        }
    }
}
