package dev.keyward.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.TestKeys;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Location;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.ScanStats;
import dev.keyward.finding.Severity;
import dev.keyward.finding.Skipped;
import dev.keyward.finding.Verification;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One report model for every kind of scan, and one writer for the text every kind shares. */
class ReportTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Random random = new Random(12);
    private final String keyId = TestKeys.keyId(random, "AKIA");
    private final String secret = TestKeys.secret(random);

    private static final Provenance.GitBlob BLOB = new Provenance.GitBlob("a".repeat(40), "b".repeat(40),
            "deploy/creds.ini", "Eve \u001b[31mred", "eve@example.com", Instant.parse("2024-03-01T10:00:00Z"), 0);

    /** A key ID and its secret, paired, as history reports them. */
    private List<Finding> pair() {
        Location idAt = new Location("deploy/creds.ini", 2, 21, 30);
        Location secretAt = new Location("deploy/creds.ini", 3, 25, 72);
        PairRef idRef = new PairRef("aws-access-key-id", 2, 21,
                dev.keyward.finding.Fingerprint.of("aws-access-key-id", keyId));
        PairRef secretRef = new PairRef("aws-secret-access-key", 3, 25,
                dev.keyward.finding.Fingerprint.of("aws-secret-access-key", secret));
        return List.of(
                new Finding("aws-access-key-id", "aws-access-key-id", Severity.CRITICAL, idAt, BLOB, keyId,
                        "123456789012", secretRef),
                new Finding("aws-secret-access-key", "aws-secret-access-key", Severity.CRITICAL, secretAt, BLOB,
                        secret, "123456789012", idRef));
    }

    /** More skipped inputs than the text lists, and an error. */
    private ScanResult result(List<Finding> findings) {
        List<Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            skipped.add(new Skipped("bin/" + (char) ('a' + i) + ".png", "binary"));
        }
        return new ScanResult(findings, List.of(new ScanError("bad\nname", "unreadable")), skipped,
                new ScanStats(3, 2048, 5));
    }

    private HistoryResult history(boolean shallow) {
        List<Finding> found = pair();
        HistoryInfo info = new HistoryInfo("/repo/.git", false, shallow, "c".repeat(40), "refs/heads/main", 1, 3, 3,
                3);
        List<CredentialSummary> rows = found.stream().map(f -> new CredentialSummary(f, true, false, 1, 1, 1,
                BLOB.date(), 10, List.of())).toList();
        return new HistoryResult(result(found), info, rows);
    }

    private static String text(Report r, ReportOptions o) throws IOException {
        StringBuilder sb = new StringBuilder();
        new TextReporter().write(r, o, sb);
        return sb.toString();
    }

    private static List<String> tail(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix + "skipped") || l.startsWith(prefix + "error")
                || l.startsWith(prefix + "\u001b[31merror")).map(l -> l.substring(prefix.length())).toList();
    }

    @Test
    void everyKindOfTextListsSkippedAndErrorsWithTheSameLines() throws IOException {
        ReportOptions o = ReportOptions.defaults("t").withColor(true);
        String files = text(Report.files(result(pair())), o);
        String history = text(Report.history(history(false)), o);
        String audit = text(Report.history(history(false)), o.withAuditTable(true));
        String staged = text(Report.staged(result(pair())), o);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("skipped bin/" + (char) ('a' + i) + ".png: binary");
        }
        expected.add("skipped: 2 more (the JSON report lists them all)");
        expected.add("\u001b[31merror\u001b[0m bad\\nname: unreadable");
        assertThat(tail(files, "")).isEqualTo(expected);
        assertThat(tail(history, "")).isEqualTo(expected);
        assertThat(tail(audit, "")).isEqualTo(expected);
        assertThat(tail(staged, "keyward: ")).isEqualTo(expected);

        String summary = "2 findings (1 credential pair) · 3 files scanned (2.0 KiB) · 12 skipped · 1 error · 5 ms";
        assertThat(files).contains("\n" + summary + "\n").contains("\u001b[1mWhat to do:\u001b[0m\n  1. Deactivate");
        assertThat(history).contains("\n" + summary + "\n").contains("\u001b[1mWhat to do:\u001b[0m\n  1. Deactivate");
        assertThat(audit).contains("\n" + summary + "\n").contains("\u001b[1mWhat to do:\u001b[0m\n  1. Deactivate");
        assertThat(TextReporter.summary(result(pair()))).isEqualTo(summary);
        assertThat(staged).startsWith("\u001b[1;31mkeyward: commit blocked")
                .contains("\u001b[1mWhat to do:\u001b[0m\n  1. " + Remediation.BEFORE_COMMIT.get(0));
        for (String t : List.of(files, history, audit, staged)) {
            assertThat(t).doesNotContain(secret).doesNotContain("\u001b[31mred");
        }
    }

    @Test
    void theHistoryTextComesFromTheModel() throws IOException {
        ReportOptions o = ReportOptions.defaults("t");
        String audit = text(Report.history(history(true)), o.withAuditTable(true));
        assertThat(audit).startsWith("note: shallow clone").contains("KIND").contains("deploy/creds.ini:2")
                .contains("Eve \\x1b[31mred");
        String entries = text(Report.history(history(false)), o);
        assertThat(entries).startsWith("deploy/creds.ini\n").contains("credential pair").doesNotContain("KIND")
                .contains("commit " + "b".repeat(12) + " 2024-03-01 Eve \\x1b[31mred <eve@example.com>");
        assertThat(text(Report.files(result(pair())), o.withAuditTable(true))).doesNotContain("KIND");
    }

    @Test
    void jsonOfAHistoryCarriesItsRepositoriesAndSummary() throws IOException {
        ReportOptions o = ReportOptions.defaults("t");
        StringBuilder one = new StringBuilder();
        new JsonReporter().write(Report.history(history(false)), o, one);
        JsonNode root = JSON.readTree(one.toString());
        assertThat(root.at("/history/gitDir").asText()).isEqualTo("/repo/.git");
        assertThat(root.get("summary")).hasSize(2);
        assertThat(root.at("/summary/1/secret").asText()).isEqualTo(secret.substring(0, 4) + "…");

        HistoryResult h = history(false);
        HistoryInfo other = new HistoryInfo("/other/.git", true, false, null, null, 0, 0, 0, 0);
        Report two = new Report(Report.Kind.HISTORY, h.result(), List.of(h.info(), other), h.summary(), Map.of());
        StringBuilder sb = new StringBuilder();
        new JsonReporter().write(two, o, sb);
        JsonNode many = JSON.readTree(sb.toString());
        assertThat(many.has("history")).isFalse();
        assertThat(many.get("repositories")).extracting(n -> n.get("gitDir").asText())
                .containsExactly("/repo/.git", "/other/.git");

        StringBuilder files = new StringBuilder();
        new JsonReporter().write(Report.files(h.result()), o, files);
        assertThat(JSON.readTree(files.toString()).has("summary")).isFalse();
    }

    @Test
    void aReportIsValidatedAndImmutable() {
        HistoryResult h = history(false);
        assertThatThrownBy(() -> new Report(Report.Kind.HISTORY, h.result(), List.of(), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repositories");
        assertThatThrownBy(() -> new Report(Report.Kind.FILES, h.result(), List.of(), h.summary(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verification(null, null, null, null, null, null))
                .isInstanceOf(NullPointerException.class);

        Verification live = new Verification("live", "arn:aws:iam::123456789012:user/ci", "123456789012",
                "AIDAEXAMPLE", "aws", null);
        Report verified = Report.history(h).withVerifications(Map.of(h.summary().get(0).first().fingerprint(), live));
        assertThat(verified.verifications()).containsValue(live);
        assertThat(verified.repositories()).isEqualTo(List.of(h.info()));
        assertThatThrownBy(() -> verified.verifications().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Report.history(h).verifications()).isEmpty();
    }

    @Test
    void theQuietHookSaysNothingForACleanCommitAndSkippedFilesOnlyBesideSomethingElse() throws IOException {
        ScanResult clean = new ScanResult(List.of(), List.of(), List.of(new Skipped("a.png", "binary")),
                new ScanStats(2, 10, 1));
        ReportOptions hook = ReportOptions.defaults("hook").withQuiet(true);
        assertThat(text(Report.staged(clean), hook)).isEmpty();
        assertThat(text(Report.staged(clean), hook.withQuiet(false)))
                .isEqualTo("keyward: skipped a.png: binary\n"
                        + "keyward: no AWS credentials in the staged changes (2 files checked)\n");
        ScanResult failed = new ScanResult(List.of(), List.of(new ScanError("x", "unreadable")),
                List.of(new Skipped("a.png", "binary")), new ScanStats(1, 10, 1));
        assertThat(text(Report.staged(failed), hook))
                .isEqualTo("keyward: skipped a.png: binary\nkeyward: error x: unreadable\n");
    }
}
