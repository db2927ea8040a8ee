package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyward staged} in memory, over real repositories. */
class StagedCommandTest {

    @TempDir
    Path tmp;

    private final Random random = new Random(8);
    private final String keyId = TestKeys.keyId(random, "AKIA");
    private final String secret = TestKeys.secret(random);

    private GitFixture repoWithOldKeyAndNewKey() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        String old = "aws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret + "\n";
        repo.write("old.ini", old).git("add", ".");
        repo.git("commit", "-q", "--no-verify", "-m", "old");
        Random r = new Random(80);
        repo.write("new.ini", "# settings\nregion = eu-west-1\naws_access_key_id = " + TestKeys.keyId(r, "AKIA")
                + "\n").write("old.ini", old + "more = 1\n").git("add", ".");
        return repo;
    }

    @Test
    void reportsOnlyWhatTheCommitAddsWithTheStagedLineAndExit1() {
        GitFixture repo = repoWithOldKeyAndNewKey();

        Cli c = Cli.run("staged", repo.dir().toString());

        assertThat(c.code()).as(c.toString()).isEqualTo(1);
        assertThat(c.out()).contains("commit blocked").contains("new.ini").contains("line 3")
                .doesNotContain("old.ini").doesNotContain(keyId).contains("What to do").contains("keyward:allow");
    }

    @Test
    void allLinesReportsWholeStagedFiles() throws Exception {
        GitFixture repo = repoWithOldKeyAndNewKey();

        Cli c = Cli.run("staged", "--all-lines", "--format", "json", repo.dir().toString());

        assertThat(c.code()).as(c.toString()).isEqualTo(1);
        JsonNode findings = new ObjectMapper().readTree(c.out()).get("findings");
        assertThat(findings).hasSize(3);
        assertThat(c.out()).contains("\"path\" : \"old.ini\"").contains(keyId).doesNotContain(secret);
    }

    @Test
    void aCleanIndexExits0WithOneLine() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("a.txt", "nothing here\n").git("add", ".");

        Cli c = Cli.run("staged", repo.dir().toString());

        assertThat(c.code()).as(c.toString()).isZero();
        assertThat(c.out()).isEqualTo("keyward: no AWS credentials in the staged changes (1 file checked)\n");
    }

    @Test
    void notARepositoryExits2AndNamesTheWayAround() {
        Cli c = Cli.run("staged", tmp.toString());

        assertThat(c.code()).as(c.toString()).isEqualTo(2);
        assertThat(c.out()).contains("not a Git repository");
        assertThat(c.err()).contains("git commit --no-verify");
    }

    @Test
    void aBaselineHidesAcceptedFindings() {
        GitFixture repo = GitFixture.init(tmp.resolve("r"));
        repo.write("a.ini", "aws_access_key_id = " + keyId + "\n");
        Path baseline = tmp.resolve("baseline.json");
        Cli created = Cli.run("baseline", "create", repo.dir().resolve("a.ini").toString(), "-o", baseline.toString());
        assertThat(created.code()).as(created.toString()).isZero();
        repo.git("add", ".");

        assertThat(Cli.run("staged", repo.dir().toString()).code()).isEqualTo(1);
        Cli c = Cli.run("staged", "--baseline", baseline.toString(), repo.dir().toString());
        assertThat(c.code()).as(c.toString()).isZero();
    }
}
