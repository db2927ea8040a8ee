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
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyward history} end to end in memory, over repositories built with the real git binary. */
class HistoryCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    String keyId;
    String secret;
    GitFixture g;
    String added;

    @BeforeEach
    void makeRepo() {
        Random r = new Random(7);
        keyId = TestKeys.keyId(r, "AKIA");
        secret = TestKeys.secret(r);
        g = GitFixture.init(tmp.resolve("repo"));
        g.write("README.md", "hello\n").commit("start");
        added = g.write("deploy/creds.ini", "[default]\naws_access_key_id = " + keyId
                + "\naws_secret_access_key = " + secret + "\n").commit("add creds");
        g.git("rm", "-q", "deploy/creds.ini");
        g.commit("remove creds");
    }

    String repo() {
        return g.dir().toString();
    }

    @Test
    void textNamesTheCommitAuthorAndDateAndRedactsTheSecret() {
        Cli r = Cli.run("history", repo());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("deploy/creds.ini").contains(keyId).contains(secret.substring(0, 4) + "…")
                .contains("commit " + added.substring(0, 12)).contains("2024-01-02").contains("Ada Lovelace")
                .contains("What to do").doesNotContain(secret);
        assertThat(r.err()).doesNotContain(secret);
    }

    @Test
    void summaryIsOneRowPerCredentialAndSaysItIsGoneFromTheTip() {
        Cli r = Cli.run("history", "--summary", repo());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("KIND").contains("AT HEAD").contains("DAYS");
        String idRow = java.util.Arrays.stream(lines).filter(l -> l.contains(keyId)).findFirst().orElseThrow();
        assertThat(idRow).contains("aws-access-key-id").contains(added.substring(0, 12)).contains("yes")
                .contains("deploy/creds.ini:2").contains("2024-01-02");
        assertThat(idRow.split("\\s+")).contains("no"); // not at HEAD
        assertThat(r.out()).doesNotContain(secret).contains(secret.substring(0, 4) + "…");
    }

    @Test
    void jsonCarriesHistoryFactsAndTheSummaryArray() throws IOException {
        Cli r = Cli.run("history", "--format", "json", repo());

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("history").get("commits").asInt()).isEqualTo(3);
        assertThat(root.get("history").get("shallow").asBoolean()).isFalse();
        JsonNode f = root.get("findings").get(0);
        assertThat(f.get("commit").asText()).isEqualTo(added);
        assertThat(f.get("author").asText()).isEqualTo("Ada Lovelace");
        JsonNode summary = root.get("summary");
        assertThat(summary).hasSize(2);
        JsonNode idRow = summary.get(0).get("secret").asText().equals(keyId) ? summary.get(0) : summary.get(1);
        assertThat(idRow.get("paired").asBoolean()).isTrue();
        assertThat(idRow.get("atHead").asBoolean()).isFalse();
        assertThat(idRow.get("firstIntroduced").get("commit").asText()).isEqualTo(added);
        assertThat(idRow.get("firstIntroduced").get("path").asText()).isEqualTo("deploy/creds.ini");
        assertThat(idRow.get("blobs").asInt()).isEqualTo(1);
        assertThat(idRow.get("paths").asInt()).isEqualTo(1);
        assertThat(idRow.get("daysExposed").asLong()).isPositive();
        assertThat(r.out()).doesNotContain(secret);
    }

    @Test
    void jsonlAndSarifCarryTheCommit() throws IOException {
        Cli jsonl = Cli.run("history", "--format", "jsonl", repo());
        assertThat(jsonl.code()).isEqualTo(1);
        assertThat(JSON.readTree(jsonl.out().lines().findFirst().orElseThrow()).get("commit").asText())
                .isEqualTo(added);

        Cli sarif = Cli.run("history", "--format", "sarif", repo());
        assertThat(sarif.code()).isEqualTo(1);
        assertThat(SarifSchemaTest.validate(JSON.readTree(sarif.out()))).isEmpty();
        JsonNode run = JSON.readTree(sarif.out()).get("runs").get(0);
        assertThat(run.get("results").get(0).get("properties").get("commit").asText()).isEqualTo(added);
        assertThat(run.get("versionControlProvenance").get(0).get("repositoryUri").asText()).startsWith("file:");
    }

    @Test
    void aCleanHistoryExitsZero() {
        GitFixture clean = GitFixture.init(tmp.resolve("clean"));
        clean.write("a.txt", "nothing\n").commit("start");

        Cli r = Cli.run("history", clean.dir().toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("What to do");
    }

    @Test
    void anEmptyRepositoryExitsZero() {
        GitFixture empty = GitFixture.init(tmp.resolve("empty"));

        Cli r = Cli.run("history", "--summary", empty.dir().toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("No credentials");
    }

    @Test
    void notARepositoryExitsTwoWithAClearMessage() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("plain"));

        Cli r = Cli.run("history", plain.toString());

        // The same error model as staged: an error in the report, naming the folder, and exit 2.
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("not a Git repository").contains("plain");
        assertThat(r.out() + r.err()).doesNotContain("Exception");
        Cli missing = Cli.run("history", tmp.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.out() + missing.err()).contains("no such folder");
    }

    @Test
    void anUnknownBranchExitsTwo() {
        Cli r = Cli.run("history", "--branch", "no-such-branch", repo());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-branch");
    }

    @Test
    void branchAndSinceLimitTheScan() {
        g.write("late.txt", "nothing\n").commit("late");
        g.git("tag", "late");

        assertThat(Cli.run("history", "--since", "late", repo()).code()).isZero();
        assertThat(Cli.run("history", "--branch", "main", "--branch", "late", repo()).code()).isEqualTo(1);
    }

    @Test
    void anUnreadableObjectWithNothingFoundExitsTwoNamingIt() throws IOException {
        GitFixture c = GitFixture.init(tmp.resolve("corrupt"));
        c.write("a.txt", "fine\n").write("b.txt", "also fine\n").commit("start");
        String blob = c.git("rev-parse", "HEAD:b.txt").trim();
        Path loose = c.dir().resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2));
        Files.delete(loose);

        Cli r = Cli.run("history", "--format", "json", c.dir().toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(blob);
    }

    @Test
    void blobsOverTheLimitAreListed() {
        Cli r = Cli.run("history", "--max-blob-size", "10", repo());

        assertThat(r.out()).contains("skipped").contains("size limit");
        assertThat(Cli.run("history", "--max-blob-size", "ten", repo()).code()).isEqualTo(2);
    }

    @Test
    void progressOnlyOnATerminalAndNotWithNoProgress() {
        Cli quiet = Cli.run("history", repo());
        assertThat(quiet.err()).doesNotContain("objects");

        Cli shown = Cli.run(new ByteArrayInputStream(new byte[0]), true, "history", "--color", "never", repo());
        assertThat(shown.err()).contains("objects").contains("MB/s").contains("ETA");
        assertThat(shown.out()).doesNotContain("objects ·");

        Cli off = Cli.run(new ByteArrayInputStream(new byte[0]), true, "history", "--no-progress", repo());
        assertThat(off.err()).doesNotContain("objects");
    }

    @Test
    void aBaselineHidesAcceptedHistoryFindings() throws IOException {
        var found = dev.keyward.Scanner.builder().build()
                .scanHistory(g.dir(), dev.keyward.source.HistoryOptions.defaults()).result().findings();
        assertThat(found).isNotEmpty();
        String baseline = dev.keyward.suppress.Baseline.of(found, f -> null).toJson();
        Path file = tmp.resolve("baseline.json");
        Files.writeString(file, baseline);

        Cli r = Cli.run("history", "--baseline", file.toString(), repo());

        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void aShallowCloneIsScannedAndSaidToBeShallow() {
        GitFixture.at(tmp).git("clone", "-q", "--depth", "1", g.dir().toUri().toString(), "shallow");
        String shallow = tmp.resolve("shallow").toString();

        Cli text = Cli.run("history", shallow);
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).contains("shallow clone");

        Cli json = Cli.run("history", "--format", "json", shallow);
        assertThat(json.out()).contains("\"shallow\" : true");
        assertThat(json.err()).contains("shallow clone");
    }
}
