package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import dev.keyward.verify.AccountKeys;
import dev.keyward.verify.AwsStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code html} is a format like the others: {@code --format html} and {@code --report html=FILE}, in one run. */
class HtmlFormatTest {

    @TempDir
    Path dir;

    @Test
    void historyWritesTheHtmlAuditBesideOtherReportsFromOneRun() throws Exception {
        Random r = new Random(61);
        String keyId = TestKeys.keyId(r, "AKIA");
        String secret = TestKeys.secret(r);
        GitFixture repo = GitFixture.init(dir.resolve("repo"));
        repo.write("deploy/env.sh", "export AWS_ACCESS_KEY_ID=" + keyId + "\nexport AWS_SECRET_ACCESS_KEY=" + secret
                + "\n").commit("keys");
        Path html = dir.resolve("audit.html");
        Path json = dir.resolve("audit.json");

        Cli run = Cli.run("history", "--report", "html=" + html, "--report", "json=" + json, repo.dir().toString());

        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        String page = Files.readString(html);
        assertThat(page.strip()).startsWith("<!DOCTYPE html>").contains("Content-Security-Policy").contains(keyId)
                .contains("deploy/env.sh").doesNotContain(secret);
        assertThat(Files.readString(json)).contains(keyId);
    }

    @Test
    void scanPrintsTheHtmlPageWithFormatHtmlAndShowsSecretsOnlyWithNoRedact() throws Exception {
        Random r = new Random(62);
        String keyId = TestKeys.keyId(r, "AKIA");
        String secret = TestKeys.secret(r);
        Files.writeString(dir.resolve("credentials"), "aws_access_key_id = " + keyId + "\naws_secret_access_key = "
                + secret + "\n");

        Cli redacted = Cli.run("scan", "--format", "html", dir.toString());
        Cli whole = Cli.run("scan", "--format", "html", "--no-redact", dir.toString());

        assertThat(redacted.code()).isEqualTo(1);
        assertThat(redacted.out()).contains(keyId).doesNotContain(secret);
        assertThat(whole.out()).contains(secret);
        assertThat(Cli.run("scan", "--format", "pdf", dir.toString()).err()).contains("html");
    }

    @Test
    void historyWithVerifyPutsTheLiveKeyAndWhatAwsSaidAtTheTop() throws Exception {
        Random r = new Random(63);
        String account = "345678901234";
        String live = AccountKeys.keyIdFor(r, "AKIA", account);
        String liveSecret = TestKeys.secret(r);
        String dead = AccountKeys.keyIdFor(r, "AKIA", account);
        String deadSecret = TestKeys.secret(r);
        GitFixture repo = GitFixture.init(dir.resolve("repo"));
        repo.write("old/env.sh", "export AWS_ACCESS_KEY_ID=" + dead + "\nexport AWS_SECRET_ACCESS_KEY=" + deadSecret
                + "\n").commit("old keys");
        repo.write("ci/env.sh", "export AWS_ACCESS_KEY_ID=" + live + "\nexport AWS_SECRET_ACCESS_KEY=" + liveSecret
                + "\n").commit("ci keys");
        Path html = dir.resolve("audit.html");
        try (AwsStandIn sts = AwsStandIn.start("us-east-1")) {
            sts.addUserKey(live, liveSecret, account, "ci<b>", "aws");

            Cli run = Cli.run("history", "--verify", "--sts-endpoint", sts.uri().toString(), "--report",
                    "html=" + html, repo.dir().toString());

            assertThat(run.code()).as(run.toString()).isEqualTo(3);
        }
        Document doc = Jsoup.parse(Files.readString(html));
        String arn = "arn:aws:iam::" + account + ":user/ci<b>";
        assertThat(doc.selectFirst("#summary > h2 + *").id()).isEqualTo("live");
        assertThat(doc.selectFirst("#live").text()).startsWith("2 live credentials").contains(live).contains(arn);
        assertThat(doc.select("#live b")).hasSize(1);
        Element first = doc.selectFirst("article.credential");
        assertThat(first.attr("data-status")).isEqualTo("live");
        assertThat(first.selectFirst("code.arn").text()).isEqualTo(arn);
        assertThat(first.selectFirst("code.user-id").text()).startsWith("AIDA");
        assertThat(first.selectFirst("dd.verification").text()).isEqualTo("live in partition aws");
        assertThat(doc.select("article.credential[data-status=invalid]")).hasSize(2);
        assertThat(doc.select("#f-status option").eachAttr("value")).contains("live", "invalid");
        assertThat(doc.select("#findings tr[data-status=live] td.st").eachText()).hasSize(2)
                .allMatch(t -> t.equals("live " + arn));
        assertThat(Files.readString(html)).doesNotContain(liveSecret).doesNotContain(deadSecret);
    }
}
