package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import dev.keyward.verify.AccountKeys;
import dev.keyward.verify.AwsStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [accounts] own} and {@code ignore} of {@code .keyward.toml} in every report, with and without --verify. */
class AccountsCliTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OWN = "345678901234";
    static final String PARTNER = "602471130584";
    static final String OTHER = "718293046152";

    @TempDir
    Path tmp;

    private final Random random = new Random();
    private AwsStandIn sts;
    private String ownId;
    private String ownSecret;
    private String partnerId;
    private String otherId;
    private Path dir;

    @BeforeEach
    void start() throws IOException {
        sts = AwsStandIn.start("us-east-1");
        ownId = AccountKeys.keyIdFor(random, "AKIA", OWN);
        ownSecret = TestKeys.secret(random);
        partnerId = AccountKeys.keyIdFor(random, "AKIA", PARTNER);
        String partnerSecret = TestKeys.secret(random);
        otherId = AccountKeys.keyIdFor(random, "AKIA", OTHER);
        String otherSecret = TestKeys.secret(random);
        sts.addUserKey(ownId, ownSecret, OWN, "ci", "aws");
        sts.addUserKey(partnerId, partnerSecret, PARTNER, "theirs", "aws"); // live, but must not be asked
        sts.addUserKey(otherId, otherSecret, OTHER, "someone", "aws");
        dir = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(dir.resolve(".keyward.toml"), "[accounts]\nown = [\"" + OWN + "\"]\nignore = [\""
                + PARTNER + "\"]\n");
        Files.writeString(dir.resolve("a-other.ini"), "aws_access_key_id = " + otherId
                + "\naws_secret_access_key = " + otherSecret + "\n");
        Files.writeString(dir.resolve("b-own.ini"), "aws_access_key_id = " + ownId
                + "\naws_secret_access_key = " + ownSecret + "\n");
        Files.writeString(dir.resolve("c-partner.ini"), "aws_access_key_id = " + partnerId
                + "\naws_secret_access_key = " + partnerSecret + "\n");
    }

    @AfterEach
    void stop() {
        sts.close();
    }

    /** Each finding's JSON by its path and kind. */
    private static Map<String, JsonNode> byPathAndKind(String json) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode f : JSON.readTree(json).get("findings")) {
            out.put(Path.of(f.get("path").asText()).getFileName() + "/" + f.get("kind").asText(), f);
        }
        return out;
    }

    @Test
    void aLiveKeyOfOnesOwnAccountIsSaidFirstAndIgnoredAccountsAreNotSent() throws IOException {
        Cli text = Cli.run("scan", "--verify", "--sts-endpoint", sts.uri().toString(), dir.toString());

        assertThat(text.code()).as(text.toString()).isEqualTo(3);
        assertThat(text.out().lines().findFirst().orElseThrow())
                .isEqualTo("LIVE KEY IN YOUR OWN ACCOUNT " + OWN + ": " + ownId + " (arn:aws:iam::" + OWN
                        + ":user/ci) at " + dir.resolve("b-own.ini") + ":1");
        assertThat(text.out()).contains("account " + OWN + " (own)").contains("account " + PARTNER + " (ignored)")
                .contains("[accounts] ignore").doesNotContain(ownSecret);
        assertThat(sts.received("GetCallerIdentity")).extracting(AwsStandIn.Received::keyId)
                .containsExactlyInAnyOrder(ownId, otherId);

        Cli json = Cli.run("scan", "--verify", "--sts-endpoint", sts.uri().toString(), "-f", "json",
                dir.toString());
        Map<String, JsonNode> f = byPathAndKind(json.out());
        assertThat(f.get("b-own.ini/aws-access-key-id").get("accountTag").asText()).isEqualTo("own");
        assertThat(f.get("b-own.ini/aws-secret-access-key").get("accountTag").asText()).isEqualTo("own");
        assertThat(f.get("b-own.ini/aws-access-key-id").get("verification").get("status").asText())
                .isEqualTo("live");
        JsonNode partner = f.get("c-partner.ini/aws-access-key-id");
        assertThat(partner.get("accountTag").asText()).isEqualTo("ignored");
        assertThat(partner.get("verification").get("status").asText()).isEqualTo("unverified");
        assertThat(partner.get("verification").get("reason").asText()).contains("[accounts] ignore");
        assertThat(f.get("a-other.ini/aws-access-key-id").has("accountTag")).isFalse();
        assertThat(sts.received("GetCallerIdentity")).extracting(AwsStandIn.Received::keyId)
                .doesNotContain(partnerId);
    }

    @Test
    void tagsAreInEveryReportWithoutVerifyAndNothingIsSent() throws IOException {
        Path sarif = tmp.resolve("out.sarif");
        Path jsonl = tmp.resolve("out.jsonl");
        Path html = tmp.resolve("out.html");

        Cli json = Cli.run("scan", "-f", "json", "--report", "sarif=" + sarif, "--report", "jsonl=" + jsonl,
                "--report", "html=" + html, dir.toString());

        assertThat(json.code()).as(json.toString()).isEqualTo(1);
        Map<String, JsonNode> f = byPathAndKind(json.out());
        assertThat(f.get("b-own.ini/aws-access-key-id").get("accountTag").asText()).isEqualTo("own");
        assertThat(f.get("c-partner.ini/aws-secret-access-key").get("accountTag").asText()).isEqualTo("ignored");
        assertThat(f.get("b-own.ini/aws-access-key-id").has("verification")).isFalse();
        assertThat(JSON.readTree(Files.readString(sarif)).findValues("accountTag")).hasSize(4);
        assertThat(Files.readString(jsonl).lines().filter(l -> l.contains("\"accountTag\":\"own\""))).hasSize(2);
        Document page = Jsoup.parse(html.toFile());
        assertThat(page.select("article.credential .tag-own")).hasSize(2);
        assertThat(page.select("article.credential .tag-ignored")).hasSize(2);
        Cli text = Cli.run("scan", dir.toString());
        assertThat(text.out()).contains("account " + OWN + " (own)").doesNotContain("LIVE KEY");
        assertThat(sts.requests()).isZero();
    }

    @Test
    void historySummaryPutsTheOwnLiveKeyFirst() throws IOException {
        GitFixture g = GitFixture.init(tmp.resolve("repo"));
        for (String name : new String[] {".keyward.toml", "a-other.ini", "b-own.ini", "c-partner.ini"}) {
            g.write(name, Files.readString(dir.resolve(name))).commit("add " + name);
        }

        Cli t = Cli.run("history", "--summary", "--verify", "--sts-endpoint", sts.uri().toString(),
                g.dir().toString());

        assertThat(t.code()).as(t.toString()).isEqualTo(3);
        java.util.List<String> lines = t.out().lines().toList();
        assertThat(lines.get(0)).startsWith("LIVE KEY IN YOUR OWN ACCOUNT " + OWN);
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("STATUS")).findFirst().orElseThrow());
        assertThat(lines.get(header + 1)).startsWith("live").contains(OWN + " (own)").contains("b-own.ini");
        assertThat(lines.get(header + 2)).startsWith("live").contains("b-own.ini");
        assertThat(lines.get(header + 3)).startsWith("live").contains("a-other.ini");
        assertThat(t.out()).contains(PARTNER + " (ignored)");
    }

    @Test
    void aBadAccountIdIsAnErrorNamingTheFileAndField() throws IOException {
        Files.writeString(dir.resolve(".keyward.toml"), "[accounts]\nown = [\"12345\"]\n");

        Cli r = Cli.run("scan", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(".keyward.toml").contains("accounts.own").contains("12345");
    }
}
