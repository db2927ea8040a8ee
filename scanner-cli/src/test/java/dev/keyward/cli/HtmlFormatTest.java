package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
}
