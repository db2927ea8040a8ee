package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyward baseline create|prune} and {@code --baseline} on scan, history and staged. */
class BaselineCliTest {

    @TempDir
    Path dir;

    private final Random random = new Random(16);

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }

    private Path create(String... inputs) {
        Path out = dir.resolve("baseline-" + random.nextInt(1_000_000) + ".json");
        String[] args = new String[inputs.length + 4];
        args[0] = "baseline";
        args[1] = "create";
        System.arraycopy(inputs, 0, args, 2, inputs.length);
        args[inputs.length + 2] = "-o";
        args[inputs.length + 3] = out.toString();
        Cli r = Cli.run(args);
        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        return out;
    }

    @Test
    void acceptedFindingsAreHiddenAndNewOnesAreNot() throws IOException {
        Path tree = dir.resolve("tree");
        String keyId = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        write(tree.resolve("conf/app.ini"), "aws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret
                + "\n");
        Path baseline = create(tree.toString());

        assertThat(Cli.run("scan", tree.toString()).code()).isEqualTo(1);
        Cli hidden = Cli.run("scan", "--baseline", baseline.toString(), tree.toString());
        assertThat(hidden.code()).as(hidden.toString()).isEqualTo(0);

        // The same secrets moved down a few lines stay accepted.
        write(tree.resolve("conf/app.ini"), "# moved\n\n[default]\naws_access_key_id = " + keyId
                + "\naws_secret_access_key = " + secret + "\n");
        assertThat(Cli.run("scan", "--baseline", baseline.toString(), tree.toString()).code()).isEqualTo(0);

        // A different key on the accepted line is reported.
        String other = TestKeys.keyId(random, "AKIA");
        write(tree.resolve("conf/app.ini"), "# moved\n\n[default]\naws_access_key_id = " + other
                + "\naws_secret_access_key = " + secret + "\n");
        Cli changed = Cli.run("scan", "--format", "jsonl", "--baseline", baseline.toString(), tree.toString());
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.out()).contains(other).doesNotContain(keyId);
        assertThat(changed.out().lines().count()).isEqualTo(1);

        // The same secret in another file is not the accepted finding.
        write(tree.resolve("conf/app.ini"), "nothing here\n");
        write(tree.resolve("other/copy.ini"), "aws_access_key_id = " + keyId + "\n");
        assertThat(Cli.run("scan", "--baseline", baseline.toString(), tree.toString()).code()).isEqualTo(1);
    }

    @Test
    void fileHoldsNoLineNumbersTimesOrSecretsAndIsStable() throws IOException {
        Path tree = dir.resolve("tree");
        String keyId = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        write(tree.resolve("b.ini"), "aws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret + "\n");
        write(tree.resolve("a/c.env"), "x = " + TestKeys.keyId(random, "ASIA") + "\n");

        String text = Files.readString(create(tree.toString()));

        assertThat(text).doesNotContain(keyId).doesNotContain(secret).doesNotContain(secret.substring(0, 8))
                .doesNotContain("\"line\"").doesNotContain("date").doesNotContain("time")
                .doesNotContain(tree.toString());
        assertThat(text).startsWith("{\n  \"keywardBaseline\": 1,\n  \"entries\": [\n");
        assertThat(text.lines().filter(l -> l.contains("fingerprint")).toList())
                .hasSize(3).isSorted()
                .allSatisfy(l -> assertThat(l).matches("    \\{\"path\": \"(a/c\\.env|b\\.ini)\", \"rule\": "
                        + "\"aws-[a-z-]+\", \"fingerprint\": \"[0-9a-f]{64}\"},?"));
        // The same findings give the same bytes, whichever way the folder is named.
        assertThat(Files.readString(create(tree.toString()))).isEqualTo(text);
        assertThat(Files.readString(create(tree.resolve("a").resolve("..").toString()))).isEqualTo(text);
    }

    @Test
    void oneBaselineWorksForScanHistoryAndStaged() {
        String keyId = TestKeys.keyId(random, "AKIA");
        GitFixture g = GitFixture.init(dir.resolve("repo"));
        g.write("deploy/creds.ini", "aws_access_key_id = " + keyId + "\n").commit("creds");
        Path fromScan = create(g.dir().toString());
        Path fromHistory = create("--history", g.dir().toString());
        assertThat(Files.exists(fromHistory)).isTrue();

        for (Path baseline : new Path[] {fromScan, fromHistory}) {
            assertThat(Cli.run("scan", "--baseline", baseline.toString(), g.dir().toString()).code()).isEqualTo(0);
            assertThat(Cli.run("history", "--baseline", baseline.toString(), g.dir().toString()).code())
                    .isEqualTo(0);
        }
        // Staged: the same file staged again under the same path, with a line added above.
        g.write("deploy/creds.ini", "# moved\naws_access_key_id = " + keyId + "\n");
        g.git("add", "-A");
        assertThat(Cli.run("staged", "--all-lines", g.dir().toString()).code()).isEqualTo(1);
        Cli staged = Cli.run("staged", "--all-lines", "--baseline", fromHistory.toString(), g.dir().toString());
        assertThat(staged.code()).as(staged.toString()).isEqualTo(0);
        assertThat(Cli.run("history", "--baseline", dir.resolve("nope.json").toString(), g.dir().toString()).err())
                .contains("nope.json").contains("no such file");
    }

    /** Accepted findings are not shown, but the summary and the JSON stats say how many there were. */
    @Test
    void whatTheBaselineAcceptedIsCountedNotShown() throws IOException {
        String keyId = TestKeys.keyId(random, "AKIA");
        GitFixture g = GitFixture.init(dir.resolve("repo"));
        g.write("deploy/creds.ini", "aws_access_key_id = " + keyId + "\n").commit("creds");
        Path baseline = create(g.dir().toString());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

        Cli text = Cli.run("scan", "--baseline", baseline.toString(), g.dir().toString());
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).contains("0 findings (and 1 accepted by the baseline)").doesNotContain(keyId);
        for (String command : new String[] {"scan", "history"}) {
            Cli with = Cli.run(command, "-f", "json", "--baseline", baseline.toString(), g.dir().toString());
            Cli without = Cli.run(command, "-f", "json", g.dir().toString());
            assertThat(json.readTree(with.out()).at("/stats/baselined").asLong()).as(command).isEqualTo(1);
            assertThat(json.readTree(with.out()).at("/findings").size()).as(command).isZero();
            assertThat(json.readTree(without.out()).at("/stats/baselined").asLong()).as(command).isZero();
            assertThat(json.readTree(without.out()).at("/findings").size()).as(command).isEqualTo(1);
        }
        Cli plain = Cli.run("scan", g.dir().toString());
        assertThat(plain.out()).doesNotContain("accepted by the baseline");
    }

    @Test
    void noPathsAcceptsTheSecretAnywhere() throws IOException {
        String keyId = TestKeys.keyId(random, "AKIA");
        write(dir.resolve("t/a.txt"), "id = " + keyId + "\n");
        Path out = dir.resolve("anywhere.json");
        assertThat(Cli.run("baseline", "create", "--no-paths", dir.resolve("t").toString(), "-o", out.toString())
                .code()).isEqualTo(0);
        assertThat(Files.readString(out)).contains("\"path\": null");
        write(dir.resolve("t/a.txt"), "nothing\n");
        write(dir.resolve("t/b/c.txt"), "id = " + keyId + "\n");
        assertThat(Cli.run("scan", "--baseline", out.toString(), dir.resolve("t").toString()).code()).isEqualTo(0);
    }

    @Test
    void pruneDropsEntriesNoLongerFound() throws IOException {
        Path tree = dir.resolve("tree");
        String kept = TestKeys.keyId(random, "AKIA");
        String gone = TestKeys.keyId(random, "AKIA");
        write(tree.resolve("a.txt"), "id = " + kept + "\n");
        write(tree.resolve("b.txt"), "id = " + gone + "\n");
        Path baseline = create(tree.toString());
        assertThat(Files.readString(baseline).lines().filter(l -> l.contains("fingerprint"))).hasSize(2);
        Files.delete(tree.resolve("b.txt"));

        Cli r = Cli.run("baseline", "prune", "--baseline", baseline.toString(), tree.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        assertThat(r.err()).contains("kept 1 of 2").contains("dropped 1");
        assertThat(Files.readString(baseline)).contains("a.txt").doesNotContain("b.txt");
        assertThat(Cli.run("scan", "--baseline", baseline.toString(), tree.toString()).code()).isEqualTo(0);
        write(tree.resolve("b.txt"), "id = " + gone + "\n");
        assertThat(Cli.run("scan", "--baseline", baseline.toString(), tree.toString()).code()).isEqualTo(1);
    }

    @Test
    void usageErrorsNameTheCommand() {
        Cli bare = Cli.run("baseline");
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err()).contains("create or prune").contains("'keyward baseline --help'");
        assertThat(Cli.run("baseline", "create", ".").err()).contains("--output");
        Cli missing = Cli.run("baseline", "prune", "--baseline", dir.resolve("nope.json").toString(), dir.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.json: no such file").doesNotContain("--verbose");
    }

    @Test
    void brokenBaselineIsAClearError() throws IOException {
        write(dir.resolve("a.txt"), "hello\n");
        write(dir.resolve("b.json"), "{\"keywardBaseline\": 1, \"entries\": [{\"fingerprint\": \"xyz\"}]}");
        Cli r = Cli.run("scan", "--baseline", dir.resolve("b.json").toString(), dir.resolve("a.txt").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("b.json").contains("entries[1].fingerprint").doesNotContain("\tat ");
    }
}
