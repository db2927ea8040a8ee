package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import dev.keyward.verify.AccountKeys;
import dev.keyward.verify.AwsStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --verify} through the real commands (scan, history, staged), against the STS stand-in on 127.0.0.1: what
 * every report says, the exit code, and what was sent (nothing without {@code --verify}, nothing for a canary).
 */
class VerifyCliTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "345678901234";

    @TempDir
    Path tmp;

    private final Random random = new Random();
    private AwsStandIn sts;

    @BeforeEach
    void start() {
        sts = AwsStandIn.start("us-east-1");
    }

    @AfterEach
    void stop() {
        sts.close();
    }

    private String[] verify(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--verify");
        all.add(2, "--sts-endpoint");
        all.add(3, sts.uri().toString());
        return all.toArray(String[]::new);
    }

    private Path creds(String name, String keyId, String secret) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(dir.resolve(name), "[default]\naws_access_key_id = " + keyId
                + "\naws_secret_access_key = " + secret + "\n");
        return dir;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void aLivePairIsLiveInEveryReportFromOneRequestAndExits3() throws IOException {
        String keyId = AccountKeys.keyIdFor(random, "AKIA", ACCOUNT);
        String secret = TestKeys.secret(random);
        sts.addUserKey(keyId, secret, ACCOUNT, "ci", "aws");
        Path dir = creds("creds.ini", keyId, secret);
        Path jsonl = tmp.resolve("out.jsonl");
        Path sarif = tmp.resolve("out.sarif");
        Path text = tmp.resolve("out.txt");
        Path html = tmp.resolve("out.html");

        Cli r = Cli.run(verify("scan", "-f", "json", "--report", "jsonl=" + jsonl, "--report", "sarif=" + sarif,
                "--report", "text=" + text, "--report", "html=" + html, dir.toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(Main.EXIT_LIVE).isEqualTo(3);
        String arn = "arn:aws:iam::" + ACCOUNT + ":user/ci";
        JsonNode findings = JSON.readTree(r.out()).get("findings");
        assertThat(findings).hasSize(2);
        for (JsonNode f : findings) {
            JsonNode v = f.get("verification");
            assertThat(v.get("status").asText()).isEqualTo("live");
            assertThat(v.get("arn").asText()).isEqualTo(arn);
            assertThat(v.get("account").asText()).isEqualTo(ACCOUNT);
            assertThat(v.get("partition").asText()).isEqualTo("aws");
            assertThat(v.get("userId").asText()).startsWith("AIDA");
            assertThat(v.has("reason")).as("null fields are left out").isFalse();
            assertThat(v.has("policies")).as("no deep look asked").isFalse();
        }
        List<String> lines = read(jsonl).lines().toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            JsonNode v = JSON.readTree(line).get("verification");
            assertThat(v.get("status").asText()).isEqualTo("live");
            assertThat(v.get("arn").asText()).isEqualTo(arn);
        }
        assertThat(SarifSchemaTest.validate(JSON.readTree(read(sarif)))).isEmpty();
        JsonNode results = JSON.readTree(read(sarif)).get("runs").get(0).get("results");
        assertThat(results).hasSize(2);
        for (JsonNode res : results) {
            JsonNode v = res.get("properties").get("verification");
            assertThat(v.get("status").asText()).isEqualTo("live");
            assertThat(v.get("arn").asText()).isEqualTo(arn);
        }
        assertThat(read(text)).contains("verified: live " + arn + " (aws)");
        assertThat(read(html)).contains("<dd class=\"verification\"><span class=\"status status-live\">live</span>")
                .contains(arn);
        assertThat(sts.received("GetCallerIdentity")).as("one request serves every report").hasSize(1);
        for (String out : List.of(r.out(), r.err(), read(jsonl), read(sarif), read(text), read(html))) {
            assertThat(out).doesNotContain(secret);
        }
    }

    @Test
    void aWrongSecretIsWrongSecretAndNotLive() throws IOException {
        String keyId = AccountKeys.keyIdFor(random, "AKIA", ACCOUNT);
        sts.addUserKey(keyId, TestKeys.secret(random), ACCOUNT, "old", "aws");
        Path dir = creds("creds.ini", keyId, TestKeys.secret(random));

        Cli r = Cli.run(verify("scan", "-f", "json", dir.toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(Main.EXIT_FINDINGS);
        for (JsonNode f : JSON.readTree(r.out()).get("findings")) {
            assertThat(f.get("verification").get("status").asText()).isEqualTo("wrong-secret");
            assertThat(f.get("verification").get("reason").asText()).contains("SignatureDoesNotMatch");
            assertThat(f.get("verification").has("arn")).isFalse();
        }
        Cli t = Cli.run(verify("scan", dir.toString()));
        assertThat(t.out()).contains("verified: wrong-secret (");
    }

    @Test
    void aCanaryPairIsCanaryAndNothingIsSent() throws IOException {
        String keyId = AccountKeys.keyIdFor(random, "AKIA", "052310077262");
        Path dir = creds("creds.ini", keyId, TestKeys.secret(random));

        Cli r = Cli.run(verify("scan", "-f", "jsonl", dir.toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(Main.EXIT_FINDINGS);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(JSON.readTree(line).get("verification").get("status").asText()).isEqualTo("canary");
        }
        assertThat(sts.requests()).as("a request would set the canary off").isZero();
    }

    @Test
    void withoutVerifyNothingIsSentAndNoReportHasAVerification() throws IOException {
        String keyId = AccountKeys.keyIdFor(random, "AKIA", ACCOUNT);
        String secret = TestKeys.secret(random);
        sts.addUserKey(keyId, secret, ACCOUNT, "ci", "aws");
        Path dir = creds("creds.ini", keyId, secret);
        Path sarif = tmp.resolve("out.sarif");
        Path jsonl = tmp.resolve("out.jsonl");
        Path text = tmp.resolve("out.txt");

        Cli r = Cli.run("scan", "--sts-endpoint", sts.uri().toString(), "-f", "json", "--report", "sarif=" + sarif,
                "--report", "jsonl=" + jsonl, "--report", "text=" + text, dir.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(Main.EXIT_FINDINGS);
        assertThat(JSON.readTree(r.out()).get("findings")).hasSize(2);
        for (String out : List.of(r.out(), read(sarif), read(jsonl))) {
            assertThat(out).doesNotContain("\"verification\"");
        }
        assertThat(read(text)).doesNotContain("verified:");
        assertThat(sts.requests()).isZero();
    }

    @Test
    void historySummaryHasTheStatusColumnAndTheLiveRowsFirst() throws IOException {
        Random r = new Random();
        String deadId = AccountKeys.keyIdFor(r, "AKIA", ACCOUNT); // unknown to the stand-in: invalid
        String liveId = AccountKeys.keyIdFor(r, "AKIA", ACCOUNT);
        String liveSecret = TestKeys.secret(r);
        sts.addUserKey(liveId, liveSecret, ACCOUNT, "deploy", "aws");
        GitFixture g = GitFixture.init(tmp.resolve("repo"));
        g.write("old.ini", "aws_access_key_id = " + deadId + "\naws_secret_access_key = " + TestKeys.secret(r)
                + "\n").commit("old creds");
        g.write("new.ini", "aws_access_key_id = " + liveId + "\naws_secret_access_key = " + liveSecret + "\n")
                .commit("new creds");

        Cli plain = Cli.run("history", "--summary", g.dir().toString());
        assertThat(plain.out().lines().findFirst().orElseThrow()).startsWith("KIND").doesNotContain("STATUS");

        Cli t = Cli.run(verify("history", "--summary", g.dir().toString()));

        assertThat(t.code()).as(t.toString()).isEqualTo(3);
        String[] lines = t.out().split("\n");
        assertThat(lines[0]).startsWith("STATUS").contains("KIND").contains("DAYS");
        assertThat(lines[1]).startsWith("live").contains("new.ini");
        assertThat(lines[2]).startsWith("live").contains("new.ini");
        assertThat(Arrays.stream(lines).filter(l -> l.contains(deadId)).findFirst().orElseThrow())
                .startsWith("invalid");
        // The summary in plain order without --verify is oldest first: the live rows really moved.
        assertThat(plain.out().split("\n")[1]).contains("old.ini");

        Cli j = Cli.run(verify("history", "-f", "json", g.dir().toString()));
        JsonNode summary = JSON.readTree(j.out()).get("summary");
        assertThat(summary).hasSize(4);
        assertThat(summary.get(0).get("verification").get("status").asText()).isEqualTo("live");
        assertThat(summary.get(1).get("verification").get("arn").asText())
                .isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/deploy");
        assertThat(summary.get(2).get("verification").get("status").asText()).isEqualTo("invalid");
        assertThat(summary.get(3).get("verification").get("status").asText()).isEqualTo("invalid");
        assertThat(t.out() + j.out()).doesNotContain(liveSecret);
    }

    @Test
    void stagedVerifiesOnlyWhenAskedAndALiveKeyExits3() {
        String keyId = AccountKeys.keyIdFor(random, "AKIA", ACCOUNT);
        String secret = TestKeys.secret(random);
        sts.addUserKey(keyId, secret, ACCOUNT, "ci", "aws");
        GitFixture g = GitFixture.init(tmp.resolve("staged"));
        g.write("a.env", "AWS_ACCESS_KEY_ID=" + keyId + "\nAWS_SECRET_ACCESS_KEY=" + secret + "\n")
                .git("add", ".");

        Cli plain = Cli.run("staged", "--sts-endpoint", sts.uri().toString(), g.dir().toString());
        assertThat(plain.code()).as(plain.toString()).isEqualTo(1);
        assertThat(plain.out()).doesNotContain("verified:");
        assertThat(sts.requests()).isZero();

        Cli c = Cli.run(verify("staged", g.dir().toString()));

        assertThat(c.code()).as(c.toString()).isEqualTo(3);
        assertThat(c.out()).contains("commit blocked").contains("verified: live arn:aws:iam::" + ACCOUNT
                + ":user/ci (aws)").doesNotContain(secret);
        assertThat(sts.received("GetCallerIdentity")).hasSize(1);
    }

    @Test
    void theInstalledHookCannotBeToldToVerify() {
        GitFixture g = GitFixture.init(tmp.resolve("hooked"));

        Cli r = Cli.run("hook", "install", "--verify", g.dir().toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--verify");
        assertThat(g.dir().resolve(".git/hooks/pre-commit")).doesNotExist();
    }

    @Test
    void whatAwsSaysIsEscapedInTheTextReport() throws IOException {
        String keyId = AccountKeys.keyIdFor(random, "AKIA", ACCOUNT);
        String secret = TestKeys.secret(random);
        sts.addUserKey(keyId, secret, ACCOUNT, "ci\nverified: invalid", "aws");
        Path dir = creds("creds.ini", keyId, secret);

        Cli r = Cli.run(verify("scan", dir.toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).contains("user/ci\\nverified: invalid (aws)");
        assertThat(r.out().lines().map(String::strip).filter(l -> l.startsWith("verified: invalid"))).isEmpty();
    }

    @Test
    void deepAddsWhatTheKeyMayDoToJsonAndText() throws IOException {
        String keyId = AccountKeys.keyIdFor(random, "AKIA", ACCOUNT);
        String secret = TestKeys.secret(random);
        sts.addUserKey(keyId, secret, ACCOUNT, "ci", "aws");
        sts.attach("user:ci", "ReadOnlyAccess");
        sts.inline("user:ci", "deploy-bucket");
        Path dir = creds("creds.ini", keyId, secret);
        Path none = Files.writeString(tmp.resolve("no-credentials"), "");

        Cli r = Cli.run("scan", "--verify=deep", "--sts-endpoint", sts.uri().toString(), "--iam-endpoint",
                sts.uri().toString(), "--credentials-file", none.toString(), "-f", "json", dir.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        JsonNode v = JSON.readTree(r.out()).get("findings").get(0).get("verification");
        assertThat(v.get("status").asText()).isEqualTo("live");
        assertThat(v.get("policies")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("attached:ReadOnlyAccess", "inline:deploy-bucket");
        assertThat(v.get("unknown").toString()).as("no own credentials: last use unknown").isNotEmpty();

        Cli t = Cli.run("scan", "--verify=deep", "--sts-endpoint", sts.uri().toString(), "--iam-endpoint",
                sts.uri().toString(), "--credentials-file", none.toString(), dir.toString());
        assertThat(t.out()).contains("may use: ").contains("attached:ReadOnlyAccess");
    }

    @Test
    void verifyBeforeAPathLeavesThePathToScan() throws IOException {
        String keyId = AccountKeys.keyIdFor(random, "AKIA", ACCOUNT);
        String secret = TestKeys.secret(random);
        sts.addUserKey(keyId, secret, ACCOUNT, "ci", "aws");
        Path dir = creds("creds.ini", keyId, secret);

        Cli r = Cli.run("scan", "--sts-endpoint", sts.uri().toString(), "--verify", dir.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).contains("creds.ini").contains("verified: live");
    }

    @Test
    void aBadVerifyValueIsAUsageErrorBeforeScanning() throws IOException {
        Path dir = creds("creds.ini", AccountKeys.keyIdFor(random, "AKIA", ACCOUNT), TestKeys.secret(random));

        Cli r = Cli.run("scan", "--verify=shallow", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--verify takes no value or 'deep'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aSecretPairedWithALookAlikeIdIsThatKindAndNothingIsSentToAws() throws IOException {
        String upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder goog = new StringBuilder("GOOG1");
        while (goog.length() < 61) {
            goog.append(upper.charAt(random.nextInt(upper.length())));
        }
        String minio = "M" + TestKeys.keyId(random, "AKIA").substring(5) + "Q2";
        String gcsSecret = TestKeys.secret(random);
        String minioSecret = TestKeys.secret(random);
        Path dir = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(dir.resolve("gcs.env"), "AWS_ACCESS_KEY_ID=" + goog + "\nAWS_SECRET_ACCESS_KEY="
                + gcsSecret + "\n");
        Files.writeString(dir.resolve("minio.env"), "AWS_ACCESS_KEY_ID=" + minio + "\nAWS_SECRET_ACCESS_KEY="
                + minioSecret + "\n");

        Cli r = Cli.run(verify("scan", "-f", "json", dir.toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(Main.EXIT_FINDINGS);
        JsonNode findings = JSON.readTree(r.out()).get("findings");
        assertThat(findings).hasSize(4);
        for (JsonNode f : findings) {
            String file = f.get("path").asText();
            assertThat(f.get("kind").asText()).as(file)
                    .isEqualTo(file.endsWith("gcs.env") ? "gcs-hmac-access-id" : "s3-compatible-access-key");
            assertThat(f.get("severity").asText()).isEqualTo("low");
            assertThat(f.has("verification")).isFalse();
        }
        assertThat(sts.requests()).as("a look-alike is never sent to AWS").isZero();
    }

    @Test
    void anA3tPairIsVerifiedLikeALongTermKey() throws IOException {
        String keyId = "A3TQ" + TestKeys.keyId(random, "AKIA").substring(4);
        String secret = TestKeys.secret(random);
        sts.addUserKey(keyId, secret, ACCOUNT, "old-ci", "aws");
        Path dir = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(dir.resolve("main.tf"), "provider \"aws\" {\n  access_key = \"" + keyId
                + "\"\n  secret_key = \"" + secret + "\"\n}\n");

        Cli r = Cli.run(verify("scan", "-f", "json", dir.toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(Main.EXIT_LIVE);
        JsonNode findings = JSON.readTree(r.out()).get("findings");
        assertThat(findings).hasSize(2);
        for (JsonNode f : findings) {
            assertThat(f.get("severity").asText()).isEqualTo("critical");
            assertThat(f.get("verification").get("status").asText()).isEqualTo("live");
            assertThat(f.get("verification").get("arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT
                    + ":user/old-ci");
        }
        assertThat(findings.get(0).get("secret").asText()).as("a key ID is shown whole").isEqualTo(keyId);
        assertThat(sts.received("GetCallerIdentity")).singleElement()
                .satisfies(g -> assertThat(g.keyId()).isEqualTo(keyId));
    }

    @Test
    void historyOverSeveralRepositoriesVerifiesEachPairOnceForTheRunAndExits3() throws IOException {
        String liveId = AccountKeys.keyIdFor(random, "AKIA", ACCOUNT);
        String liveSecret = TestKeys.secret(random);
        String deadId = AccountKeys.keyIdFor(random, "AKIA", ACCOUNT);
        sts.addUserKey(liveId, liveSecret, ACCOUNT, "deploy", "aws");
        String live = "aws_access_key_id = " + liveId + "\naws_secret_access_key = " + liveSecret + "\n";
        GitFixture a = GitFixture.init(tmp.resolve("a"));
        a.write("deploy.ini", live).commit("deploy creds");
        GitFixture b = GitFixture.init(tmp.resolve("b"));
        b.write("copy/deploy.ini", "# copied\n" + live).commit("the same creds, copied");
        b.write("old.ini", "aws_access_key_id = " + deadId + "\naws_secret_access_key = " + TestKeys.secret(random)
                + "\n").commit("old creds");
        Path jsonl = tmp.resolve("org.jsonl");

        Cli r = Cli.run(verify("history", "-f", "json", "--report", "jsonl=" + jsonl, "--no-progress",
                a.dir().toString(), b.dir().toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(Main.EXIT_LIVE);
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("repositories")).hasSize(2);
        JsonNode findings = report.get("findings");
        assertThat(findings).hasSize(6);
        for (JsonNode f : findings) {
            boolean isLive = f.get("path").asText().endsWith("deploy.ini");
            assertThat(f.get("verification").get("status").asText()).as(f.toString())
                    .isEqualTo(isLive ? "live" : "invalid");
            assertThat(f.has("runId")).isTrue();
        }
        JsonNode summary = report.get("summary");
        assertThat(summary).hasSize(4);
        assertThat(summary.get(0).get("verification").get("status").asText()).isEqualTo("live");
        assertThat(summary.get(1).get("verification").get("status").asText()).isEqualTo("live");
        assertThat(summary.get(2).get("verification").get("status").asText()).isEqualTo("invalid");
        List<String> lines = read(jsonl).lines().toList();
        assertThat(lines).hasSize(6).allSatisfy(l -> assertThat(JSON.readTree(l).get("verification")).isNotNull());
        assertThat(sts.received("GetCallerIdentity")).as("one request per pair for the whole run, one report")
                .hasSize(2);
        assertThat(r.out() + r.err() + read(jsonl)).doesNotContain(liveSecret);

        Cli plain = Cli.run("history", "--sts-endpoint", sts.uri().toString(), "-f", "json", "--no-progress",
                a.dir().toString(), b.dir().toString());
        assertThat(plain.code()).as(plain.toString()).isEqualTo(Main.EXIT_FINDINGS);
        assertThat(plain.out()).doesNotContain("\"verification\"");
        assertThat(sts.received("GetCallerIdentity")).as("nothing sent without --verify").hasSize(2);
    }
}
