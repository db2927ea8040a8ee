package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the real {@code ./keyward} launcher at the repository root, run as a process on a fixture Git work
 * tree. Runs in the {@code integration-test} phase, after {@code package} has built the jar the launcher uses.
 * HOME and XDG_CONFIG_HOME point into the test's folder, so the global excludes file is a real one.
 */
class LauncherIT {

    static final Path LAUNCHER = Path.of("..", "keyward").toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    static Path work;
    static Path home;
    static String keyId;
    static String secret;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void fixture() throws Exception {
        assertThat(LAUNCHER).isExecutable();
        Path jar = LAUNCHER.resolveSibling("scanner-cli/target/keyward.jar");
        assertThat(jar).as("built by package").exists();
        // package has just built it; the shade step can leave an unchanged jar with its old time, which the
        // launcher would take for stale and rebuild in the middle of this build.
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        Random r = new Random(99);
        keyId = TestKeys.keyId(r, "AKIA");
        secret = TestKeys.secret(r);
        home = dir.resolve("home");
        Files.createDirectories(home.resolve(".config/git"));
        Files.writeString(home.resolve(".config/git/ignore"), "*.secret-local\n");
        work = dir.resolve("work");
        Files.createDirectories(work.resolve("src"));
        Process init = new ProcessBuilder("git", "init", "-q", work.toString()).redirectErrorStream(true).start();
        assertThat(init.waitFor()).isZero();
        Files.writeString(work.resolve(".gitignore"), "ignored/\n");
        Files.writeString(work.resolve("src/app.env"), "AWS_ACCESS_KEY_ID=" + keyId + "\nAWS_SECRET_ACCESS_KEY="
                + secret + "\n");
        Files.createDirectories(work.resolve("ignored"));
        Files.writeString(work.resolve("ignored/old.env"), "AWS_ACCESS_KEY_ID=" + TestKeys.keyId(r, "AKIA") + "\n");
        Files.writeString(work.resolve("mine.secret-local"), "AWS_ACCESS_KEY_ID=" + TestKeys.keyId(r, "AKIA") + "\n");
        Files.writeString(work.resolve("README.md"), "# nothing here\n");
    }

    static Run keyward(Path cwd, String stdin, String... args) throws IOException, InterruptedException {
        return run(LAUNCHER, cwd, Map.of(), stdin, args);
    }

    /** Runs {@code launcher} in {@code cwd} with the test's HOME and {@code env}, {@code stdin} (or none) as input. */
    static Run run(Path launcher, Path cwd, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("keyward finished").isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    }

    @Test
    void scansAWorkTreeHonouringIgnoreFilesAndTheGlobalExcludesFile() throws Exception {
        Run r = keyward(work, null, "scan", "--format", "json", ".");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(r.out());
        List<String> paths = new ArrayList<>();
        report.get("findings").forEach(f -> paths.add(f.get("path").asText()));
        assertThat(paths).containsOnly("./src/app.env").hasSize(2);
        assertThat(r.out()).contains(keyId).doesNotContain(secret);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void textReportWithoutArgumentsShowsPlainRelativePaths() throws Exception {
        Run r = keyward(work, null, "scan", "--color", "never");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).startsWith("src/app.env\n").contains("credential pair").contains("What to do:");
    }

    @Test
    void cleanFolderExitsZeroAndStdinIsRead() throws Exception {
        Run clean = keyward(work, null, "scan", "README.md");
        assertThat(clean.code()).as(clean.toString()).isZero();
        Run stdin = keyward(work, "key " + keyId + "\n", "scan", "--format", "jsonl", "-");
        assertThat(stdin.code()).as(stdin.toString()).isEqualTo(1);
        assertThat(stdin.out()).contains("<stdin>");
    }

    /**
     * The launcher trains its class-data archives on a Git repository of its own, also when a Git hook runs it
     * with GIT_DIR and GIT_INDEX_FILE pointing at the user's repository: that repository is left as it was, and
     * the history archive serves JGit's pack reading to {@code history}.
     */
    @Test
    void archivesAreTrainedOnTheLaunchersOwnRepositoryAndHistoryGetsJGitFromOne() throws Exception {
        Path copy = dir.resolve("checkout");
        Files.createDirectories(copy.resolve("scanner-cli/target"));
        Files.copy(LAUNCHER, copy.resolve("keyward"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(LAUNCHER.resolveSibling("scanner-cli/target/keyward.jar"),
                copy.resolve("scanner-cli/target/keyward.jar"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        GitFixture user = GitFixture.init(dir.resolve("user"));
        user.write("staged.txt", "about to be committed\n").commit("first");
        user.git("repack", "-a", "-d", "-q");
        user.write("staged.txt", "changed and staged\n").git("add", "staged.txt");
        Path index = user.dir().resolve(".git/index");
        byte[] staged = Files.readAllBytes(index);
        String head = user.git("rev-parse", "HEAD");

        Map<String, String> hookEnv = Map.of("GIT_DIR", user.dir().resolve(".git").toString(),
                "GIT_INDEX_FILE", index.toString(), "GIT_WORK_TREE", user.dir().toString());
        Run version = run(copy.resolve("keyward"), user.dir(), hookEnv, null, "--version");
        assertThat(version.code()).as(version.toString()).isZero();
        assertThat(copy.resolve("scanner-cli/target/keyward.jsa")).isRegularFile();
        assertThat(copy.resolve("scanner-cli/target/keyward-history.jsa")).isRegularFile();
        assertThat(Files.readAllBytes(index)).as("the user's index").isEqualTo(staged);
        assertThat(user.git("rev-parse", "HEAD")).as("the user's branch").isEqualTo(head);
        assertThat(user.git("rev-list", "--all", "--count").trim()).isEqualTo("1");

        // -Xshare:on fails the run when the archive cannot be used; the class log says where JGit's pack index
        // reader came from.
        Run history = run(copy.resolve("keyward"), user.dir(),
                Map.of("JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + dir.resolve("classes.log")), null,
                "history", "--color", "never", user.dir().toString());
        assertThat(history.code()).as(history.toString()).isZero();
        List<String> loaded = Files.readAllLines(dir.resolve("classes.log"));
        for (String c : List.of("dev.keyward.source.TreeGraph", "org.eclipse.jgit.internal.storage.file.PackIndexV2")) {
            assertThat(loaded).as(c).anyMatch(l -> l.contains("] " + c + " source: shared objects file"));
        }
    }

    @Test
    void aHeapSizedInJavaOptsBelowTheLaunchersFirstHeapStillRuns() throws Exception {
        // The launcher's -Xms64m would be an error beside a smaller -Xmx; it is left out when JAVA_OPTS sizes it.
        Run r = run(LAUNCHER, work, Map.of("JAVA_OPTS", "-Xmx48m"), null, "scan", "README.md");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("heap size");
    }

    @Test
    void missingPathAndVersion() throws Exception {
        Run missing = keyward(work, null, "scan", "no-such-dir");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no-such-dir").doesNotContain("Exception");
        Run version = keyward(work, null, "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).matches("keyward \\d+\\.\\d+\\.\\d+\\S*\\s*");
    }
}
