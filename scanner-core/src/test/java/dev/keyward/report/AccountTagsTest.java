package dev.keyward.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.TestKeys;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Fingerprint;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.Location;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.ScanStats;
import dev.keyward.finding.Severity;
import dev.keyward.finding.Verification;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code [accounts]} tags and verification in the reports: which rows come first, what the text says first. */
class AccountTagsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OWN = "111122223333";
    static final String OTHER = "444455556666";
    static final String PARTNER = "777788889999";

    private final Random random = new Random();
    private int n;

    private record Pair(Finding id, Finding secret) {
    }

    /** A key ID (with its account) and its secret (without one), paired, in a blob of {@code path}. */
    private Pair pair(String path, String account, Instant date) {
        n++;
        Provenance.GitBlob blob = new Provenance.GitBlob(String.valueOf(n).repeat(40), "b".repeat(40), path,
                "Ada", "ada@example.com", date, 0);
        String idValue = TestKeys.keyId(random, "AKIA");
        String secretValue = TestKeys.secret(random);
        String idFp = Fingerprint.of("aws-access-key-id", idValue);
        String secretFp = Fingerprint.of("aws-secret-access-key", secretValue);
        Finding id = new Finding("aws-access-key-id", "aws-access-key-id", Severity.CRITICAL,
                new Location(path, 1, 1, 0), blob, idValue, account,
                new PairRef("aws-secret-access-key", 2, 1, secretFp));
        Finding secret = new Finding("aws-secret-access-key", "aws-secret-access-key", Severity.CRITICAL,
                new Location(path, 2, 1, 30), blob, secretValue, null,
                new PairRef("aws-access-key-id", 1, 1, idFp));
        return new Pair(id, secret);
    }

    private static Report history(List<Pair> pairs) {
        List<Finding> found = new ArrayList<>();
        pairs.forEach(p -> {
            found.add(p.id());
            found.add(p.secret());
        });
        List<CredentialSummary> rows = found.stream().map(f -> new CredentialSummary(f, true, true, 1, 1, 1,
                ((Provenance.GitBlob) f.provenance()).date(), 10, List.of())).toList();
        HistoryInfo info = new HistoryInfo("/repo/.git", false, false, "c".repeat(40), "refs/heads/main", 1, 3, 3, 3);
        return Report.history(new HistoryResult(new ScanResult(found, List.of(), List.of(), new ScanStats(3, 9, 1)),
                info, rows));
    }

    private static Map<String, Verification> both(Pair p, Verification v) {
        return Map.of(p.id().fingerprint(), v, p.secret().fingerprint(), v);
    }

    private static String write(Reporter r, Report report, ReportOptions o) throws IOException {
        StringBuilder sb = new StringBuilder();
        r.write(report, o, sb);
        return sb.toString();
    }

    @Test
    void aLiveKeyOfOnesOwnAccountComesFirstEverywhereAndTheTextSaysSoFirst() throws IOException {
        Pair old = pair("old.ini", OTHER, Instant.parse("2024-01-01T00:00:00Z"));
        Pair partner = pair("partner.ini", PARTNER, Instant.parse("2024-02-01T00:00:00Z"));
        Pair otherLive = pair("other.ini", OTHER, Instant.parse("2024-03-01T00:00:00Z"));
        Pair ownLive = pair("own.ini", OWN, Instant.parse("2024-04-01T00:00:00Z"));
        Map<String, Verification> v = new java.util.HashMap<>();
        v.putAll(both(old, new Verification(Verification.INVALID, null, OTHER, null, null, "unknown")));
        v.putAll(both(otherLive, Verification.live("arn:aws:iam::" + OTHER + ":user/x", OTHER, "AIDAX", "aws")));
        v.putAll(both(ownLive, Verification.live("arn:aws:iam::" + OWN + ":user/ci", OWN, "AIDAY", "aws")));

        Report report = history(List.of(old, partner, otherLive, ownLive)).withVerifications(v)
                .withAccounts(Set.of(OWN), Set.of(PARTNER));

        assertThat(report.summary()).extracting(s -> s.first().path()).containsExactly("own.ini", "own.ini",
                "other.ini", "other.ini", "old.ini", "old.ini", "partner.ini", "partner.ini");
        assertThat(report.accountTag(ownLive.secret().fingerprint())).as("a secret takes its key ID's account")
                .isEqualTo(Report.OWN);
        assertThat(report.accountTag(partner.id().fingerprint())).isEqualTo(Report.IGNORED);
        assertThat(report.accountTag(old.id().fingerprint())).isNull();

        ReportOptions o = ReportOptions.defaults("t");
        String text = write(new TextReporter(), report, o);
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("LIVE KEY IN YOUR OWN ACCOUNT " + OWN + ": "
                + ownLive.id().secret());
        assertThat(text).contains("account " + OWN + " (own)").contains("account " + PARTNER + " (ignored)")
                .doesNotContain(ownLive.secret().secret());
        String audit = write(new TextReporter(), report, o.withAuditTable(true));
        assertThat(audit.lines().toList().get(3)).startsWith("STATUS");
        assertThat(audit.lines().toList().get(4)).startsWith("live").contains(OWN + " (own)").contains("own.ini");

        JsonNode json = JSON.readTree(write(new JsonReporter(), report, o));
        JsonNode first = json.get("summary").get(0);
        assertThat(first.get("accountTag").asText()).isEqualTo("own");
        assertThat(first.get("verification").get("status").asText()).isEqualTo("live");
        JsonNode partnerRow = json.get("summary").get(6);
        assertThat(partnerRow.get("accountTag").asText()).isEqualTo("ignored");
        assertThat(partnerRow.has("verification")).isFalse();
        for (JsonNode f : json.get("findings")) {
            String path = f.get("path").asText();
            assertThat(f.has("accountTag")).as(path).isEqualTo(path.equals("own.ini") || path.equals("partner.ini"));
        }
        JsonNode sarif = JSON.readTree(write(new SarifReporter(), report, o));
        assertThat(sarif.findValues("accountTag")).extracting(JsonNode::asText).containsOnly("own", "ignored")
                .hasSize(4);
        assertThat(write(new JsonLinesReporter(), report, o).lines().filter(l -> l.contains("\"accountTag\"")))
                .hasSize(4);
    }

    @Test
    void withoutAccountsOrVerificationNothingMovesAndNothingIsSaidFirst() throws IOException {
        Pair a = pair("a.ini", OWN, Instant.parse("2024-01-01T00:00:00Z"));
        Pair b = pair("b.ini", OTHER, Instant.parse("2024-02-01T00:00:00Z"));
        Report plain = history(List.of(a, b));
        Report tagged = plain.withAccounts(Set.of(OWN), Set.of());

        assertThat(tagged.summary()).isEqualTo(plain.summary());
        String text = write(new TextReporter(), tagged, ReportOptions.defaults("t"));
        assertThat(text).doesNotContain("LIVE KEY").contains("account " + OWN + " (own)");
        assertThat(write(new TextReporter(), plain, ReportOptions.defaults("t"))).doesNotContain("(own)");
    }

    @Test
    void aDeepVerificationShowsItsFieldsAndLeavesOutNulls() throws IOException {
        Pair p = pair("deep.ini", OWN, Instant.parse("2024-01-01T00:00:00Z"));
        Verification deep = Verification.live("arn:aws:iam::" + OWN + ":user/ci", OWN, "AIDAZ", "aws")
                .withDeep(List.of("attached:ReadOnlyAccess"), List.of("ops"), "never",
                        List.of("ListGroupPolicies(ops): AccessDenied"));
        Report report = history(List.of(p)).withVerifications(both(p, deep));

        JsonNode v = JSON.readTree(write(new JsonReporter(), report, ReportOptions.defaults("t")))
                .get("findings").get(0).get("verification");
        assertThat(v.get("policies").get(0).asText()).isEqualTo("attached:ReadOnlyAccess");
        assertThat(v.get("groups").get(0).asText()).isEqualTo("ops");
        assertThat(v.get("lastUsed").asText()).isEqualTo("never");
        assertThat(v.get("unknown").get(0).asText()).contains("AccessDenied");
        assertThat(v.has("reason")).isFalse();
        String text = write(new TextReporter(), report, ReportOptions.defaults("t"));
        assertThat(text).contains("verified: live arn:aws:iam::" + OWN + ":user/ci (aws)")
                .contains("may use: attached:ReadOnlyAccess").contains("groups: ops").contains("last used: never");
    }
}
