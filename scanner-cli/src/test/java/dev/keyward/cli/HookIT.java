package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-commit hook end to end: installed by the CLI into temp repositories, run by real {@code git commit}s,
 * running the shaded jar built by {@code package}.
 */
class HookIT {

    static Path jar;
    /** One start-up archive for every test, made by a real install once; installs below copy it. */
    static Path archive;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private final Random random = new Random(2024);
    private final String keyId = TestKeys.keyId(random, "AKIA");
    private final String secret = TestKeys.secret(random);

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("keyward.jar", "target/keyward.jar")).toAbsolutePath().normalize();
        assertThat(jar).as("the shaded jar (built by mvn package)").isRegularFile();
        GitFixture scratch = GitFixture.init(shared.resolve("scratch"));
        Cli c = Cli.run("hook", "install", "--jar=" + jar, scratch.dir().toString());
        assertThat(c.code()).as(c.toString()).isZero();
        archive = scratch.dir().resolve(".git/keyward/pre-commit.jsa");
        assertThat(archive).as("start-up archive").isRegularFile();
    }

    private String pair() {
        return "[default]\naws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret + "\n";
    }

    private GitFixture repo() {
        return GitFixture.init(tmp.resolve("repo"));
    }

    private static Cli keyward(String... args) {
        Cli c = Cli.run(args);
        return c;
    }

    /** Installs without making an archive, then puts the shared one in place (saves seconds per test). */
    private static void install(GitFixture repo, String... extra) {
        String[] args = new String[5 + extra.length];
        args[0] = "hook";
        args[1] = "install";
        args[2] = "--jar=" + jar;
        args[3] = "--no-archive";
        System.arraycopy(extra, 0, args, 4, extra.length);
        args[args.length - 1] = repo.dir().toString();
        Cli c = keyward(args);
        assertThat(c.code()).as(c.toString()).isZero();
        try {
            Path common = repo.dir().resolve(repo.git("rev-parse", "--git-common-dir").trim());
            Path target = common.resolve("keyward/pre-commit.jsa");
            Files.createDirectories(target.getParent());
            Files.copy(archive, target);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static GitFixture.Run commit(GitFixture repo, String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "commit";
        args[1] = "-m";
        args[2] = "test";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return repo.run(Map.of(), args);
    }

    private static boolean hasCommits(GitFixture repo) {
        return repo.run(Map.of(), "rev-parse", "-q", "--verify", "HEAD").exit() == 0;
    }

    @Test
    void installWritesAnExecutableHookWhereGitRunsHooksAndTwiceChangesNothing() throws Exception {
        GitFixture repo = repo();
        Path hooks = repo.dir().resolve(repo.git("rev-parse", "--git-path", "hooks").trim());
        Cli installed = keyward("hook", "install", "--jar=" + jar, repo.dir().toString());
        assertThat(installed.code()).as(installed.toString()).isZero();
        Path hook = hooks.resolve("pre-commit");
        assertThat(hook).isRegularFile().isExecutable();
        assertThat(repo.dir().resolve(".git/keyward/pre-commit.jsa")).as("start-up archive").isRegularFile();
        byte[] first = Files.readAllBytes(hook);
        Files.setLastModifiedTime(hook, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

        Cli again = keyward("hook", "install", "--jar=" + jar, repo.dir().toString());

        assertThat(again.out()).contains("already installed");
        assertThat(Files.readAllBytes(hook)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(hook).toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        Cli status = keyward("hook", "status", repo.dir().toString());
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("installed: " + hook).contains(jar.toString()).contains("no other hook");
    }

    @Test
    void theFirstCommitWithAStagedKeyPairIsBlockedNamingTheKeyIdButNotTheSecret() {
        GitFixture repo = repo();
        install(repo);
        repo.write("README.md", "hello\n").write("config/credentials", pair()).git("add", ".");

        GitFixture.Run r = commit(repo);

        assertThat(r.exit()).as(r.all()).isNotZero();
        assertThat(r.all()).contains("commit blocked").contains("config/credentials").contains(keyId)
                .contains("line 2").contains("aws-secret-access-key").contains("What to do")
                .contains("keyward:allow").contains("baseline").doesNotContain(secret);
        assertThat(hasCommits(repo)).isFalse();
    }

    @Test
    void aCleanCommitPassesSilently() {
        GitFixture repo = repo();
        install(repo);
        for (int i = 0; i < 10; i++) {
            repo.write("src/f" + i + ".txt", "line " + i + "\n");
        }
        repo.git("add", ".");

        GitFixture.Run r = commit(repo);

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.err()).doesNotContain("keyward");
        assertThat(hasCommits(repo)).isTrue();
    }

    @Test
    void aKeyOnlyInTheWorkTreePasses() {
        GitFixture repo = repo();
        install(repo);
        repo.write("app.ini", "clean = true\n").git("add", ".");
        repo.write("app.ini", "clean = true\n" + pair()); // not staged

        GitFixture.Run r = commit(repo);

        assertThat(r.exit()).as(r.all()).isZero();
    }

    @Test
    void aKeyStagedAndThenRemovedFromTheWorkTreeIsStillBlocked() throws Exception {
        GitFixture repo = repo();
        repo.write("a.txt", "a\n").git("add", ".");
        repo.git("commit", "-q", "-m", "one");
        install(repo);
        repo.write("app.ini", pair()).git("add", ".");
        Files.delete(repo.dir().resolve("app.ini"));

        GitFixture.Run r = commit(repo);

        assertThat(r.exit()).as(r.all()).isNotZero();
        assertThat(r.all()).contains(keyId).contains("app.ini");
    }

    @Test
    void commitAllAndCommitWithPathsAreCheckedOnTheIndexGitIsAboutToCommit() {
        GitFixture repo = repo();
        repo.write("a.ini", "x = 1\n").write("b.ini", "y = 2\n").git("add", ".");
        repo.git("commit", "-q", "-m", "one");
        install(repo);
        repo.write("a.ini", "x = 1\n" + pair());

        // git commit -a stages into a temporary index (GIT_INDEX_FILE) just before the hook runs.
        GitFixture.Run all = commit(repo, "-a");
        assertThat(all.exit()).as(all.all()).isNotZero();
        assertThat(all.all()).contains(keyId);

        // git commit PATH commits a.ini's work-tree content through yet another index.
        GitFixture.Run path = commit(repo, "a.ini");
        assertThat(path.exit()).as(path.all()).isNotZero();
        assertThat(path.all()).contains(keyId);
    }

    @Test
    void anExistingHookIsChainedItsFailureStillBlocksAndUninstallRestoresIt() throws Exception {
        GitFixture repo = repo();
        Path hook = repo.dir().resolve(".git/hooks/pre-commit");
        String original = "#!/bin/sh\necho ran >> \"$(git rev-parse --git-dir)/chained-ran\"\n"
                + "[ -f STOP ] && { echo 'original hook says no' >&2; exit 3; }\nexit 0\n";
        Files.writeString(hook, original);
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(hook, FileTime.from(Instant.parse("2021-02-03T04:05:06Z")));
        install(repo);
        assertThat(Files.readString(hook)).contains("keyward-hook");
        assertThat(keyward("hook", "status", repo.dir().toString()).out()).contains("previous pre-commit hook");

        repo.write("a.txt", "clean\n").git("add", ".");
        GitFixture.Run ok = commit(repo);
        assertThat(ok.exit()).as(ok.all()).isZero();
        assertThat(repo.dir().resolve(".git/chained-ran")).hasContent("ran");

        repo.write("STOP", "x\n").write("b.txt", "clean\n").git("add", "b.txt");
        GitFixture.Run stopped = commit(repo);
        assertThat(stopped.exit()).as(stopped.all()).isNotZero();
        assertThat(stopped.all()).contains("original hook says no");
        Files.delete(repo.dir().resolve("STOP"));

        repo.write("c.ini", pair()).git("add", "c.ini");
        GitFixture.Run keyed = commit(repo);
        assertThat(keyed.exit()).as(keyed.all()).isNotZero();
        assertThat(keyed.all()).contains(keyId);

        Cli un = keyward("hook", "uninstall", repo.dir().toString());
        assertThat(un.code()).as(un.toString()).isZero();
        assertThat(Files.readString(hook)).isEqualTo(original);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hook))).isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(hook).toInstant()).isEqualTo(Instant.parse("2021-02-03T04:05:06Z"));
        assertThat(repo.dir().resolve(".git/hooks/pre-commit.keyward-chained")).doesNotExist();
        assertThat(repo.dir().resolve(".git/keyward")).doesNotExist();
        assertThat(keyward("hook", "status", repo.dir().toString()).code()).isEqualTo(1);
    }

    @Test
    void uninstallWithNoEarlierHookLeavesNoHook() {
        GitFixture repo = repo();
        install(repo);
        assertThat(keyward("hook", "uninstall", repo.dir().toString()).code()).isZero();
        assertThat(repo.dir().resolve(".git/hooks/pre-commit")).doesNotExist();
        repo.write("c.ini", pair()).git("add", ".");
        assertThat(commit(repo).exit()).isZero();
    }

    @Test
    void coreHooksPathIsHonoured() {
        GitFixture repo = repo();
        repo.git("config", "core.hooksPath", "tools/githooks");
        install(repo);
        assertThat(repo.dir().resolve("tools/githooks/pre-commit")).isRegularFile();
        assertThat(repo.dir().resolve(".git/hooks/pre-commit")).doesNotExist();

        repo.write("c.ini", pair()).git("add", "c.ini");
        GitFixture.Run r = commit(repo);

        assertThat(r.exit()).as(r.all()).isNotZero();
        assertThat(r.all()).contains(keyId);
        assertThat(keyward("hook", "uninstall", repo.dir().toString()).code()).isZero();
        assertThat(repo.dir().resolve("tools/githooks")).as("the folder install made is gone").doesNotExist();
    }

    @Test
    void aLinkedWorktreeUsesTheSharedHook() {
        GitFixture repo = repo();
        repo.write("a.txt", "a\n").git("add", ".");
        repo.git("commit", "-q", "-m", "one");
        repo.git("worktree", "add", "-q", tmp.resolve("wt").toString());
        GitFixture wt = GitFixture.at(tmp.resolve("wt"));
        install(wt);
        assertThat(repo.dir().resolve(".git/hooks/pre-commit")).isRegularFile();

        wt.write("k.ini", pair()).git("add", ".");
        GitFixture.Run r = commit(wt);
        assertThat(r.exit()).as(r.all()).isNotZero();
        assertThat(r.all()).contains(keyId);
    }

    @Test
    void aMergeCommitPassesWhatABranchAlreadyCommittedButNotAKeyWrittenWhileMerging() {
        GitFixture repo = repo();
        repo.write("a.txt", "a\n").git("add", ".");
        repo.git("commit", "-q", "-m", "base");
        repo.git("checkout", "-q", "-b", "side");
        repo.write("side.ini", pair()).git("add", ".");
        repo.git("commit", "-q", "--no-verify", "-m", "side key, committed past the hook");
        repo.git("checkout", "-q", "main");
        repo.write("b.txt", "b\n").git("add", ".");
        repo.git("commit", "-q", "-m", "main");
        install(repo);

        repo.git("merge", "-q", "--no-ff", "--no-commit", "side");
        String other = TestKeys.keyId(new Random(7), "AKIA");
        repo.write("merge.ini", "aws_access_key_id = " + other + "\n").git("add", "merge.ini");
        GitFixture.Run blocked = commit(repo);
        assertThat(blocked.exit()).as(blocked.all()).isNotZero();
        assertThat(blocked.all()).contains(other).doesNotContain(keyId);

        repo.git("rm", "-q", "--cached", "merge.ini");
        GitFixture.Run merged = commit(repo);
        assertThat(merged.exit()).as(merged.all()).isZero();
        assertThat(repo.git("log", "-1", "--format=%P").trim().split(" ")).hasSize(2);
    }

    @Test
    void keywardAllowLetsACommitThrough() {
        GitFixture repo = repo();
        install(repo);
        repo.write("fixture.ini", "aws_access_key_id = " + keyId + "  # keyward:allow\n"
                + "aws_secret_access_key = " + secret + "  # keyward:allow\n").git("add", ".");

        GitFixture.Run r = commit(repo);

        assertThat(r.exit()).as(r.all()).isZero();
    }

    @Test
    void theRepositorysKeywardTomlAllowlistAppliesToTheHook() {
        GitFixture repo = repo();
        install(repo);
        repo.write(".keyward.toml", "[allowlist]\nglobs = [\"fixtures/\"]\n");
        repo.write("fixtures/k.ini", pair()).git("add", ".");

        GitFixture.Run allowed = commit(repo);
        assertThat(allowed.exit()).as(allowed.all()).isZero();

        repo.write("src/k.ini", pair()).git("add", ".");
        GitFixture.Run blocked = commit(repo);
        assertThat(blocked.exit()).as(blocked.all()).isNotZero();
        assertThat(blocked.all()).contains("src/k.ini").doesNotContain("fixtures/k.ini");
    }

    @Test
    void aBaselineLetsAcceptedFindingsThroughButNotNewOnes() {
        GitFixture repo = repo();
        repo.write("fixture.ini", pair());
        Cli created = keyward("baseline", "create", repo.dir().resolve("fixture.ini").toString(), "-o",
                repo.dir().resolve(".keyward-baseline.json").toString());
        assertThat(created.code()).as(created.toString()).isZero();
        install(repo, "--baseline", repo.dir().resolve(".keyward-baseline.json").toString());
        assertThat(keyward("hook", "status", repo.dir().toString()).out())
                .contains("--baseline .keyward-baseline.json");
        repo.git("add", ".");

        GitFixture.Run accepted = commit(repo);
        assertThat(accepted.exit()).as(accepted.all()).isZero();

        String other = TestKeys.keyId(new Random(99), "AKIA");
        repo.write("new.ini", "aws_access_key_id = " + other + "\n").git("add", "new.ini");
        GitFixture.Run fresh = commit(repo);
        assertThat(fresh.exit()).as(fresh.all()).isNotZero();
        assertThat(fresh.all()).contains(other).doesNotContain(keyId);
    }

    @Test
    void whenKeywardCannotRunTheCommitIsBlockedAndNoVerifyIsNamed() throws Exception {
        GitFixture repo = repo();
        Path copy = tmp.resolve("keyward-copy.jar");
        Files.copy(jar, copy);
        Cli c = keyward("hook", "install", "--no-archive", "--jar=" + copy, repo.dir().toString());
        assertThat(c.code()).as(c.toString()).isZero();
        Files.delete(copy);
        repo.write("a.txt", "clean\n").git("add", ".");

        GitFixture.Run r = commit(repo);

        assertThat(r.exit()).isNotZero();
        assertThat(r.all()).contains("could not run").contains("git commit --no-verify");
        assertThat(hasCommits(repo)).isFalse();
        assertThat(keyward("hook", "status", repo.dir().toString()).out()).contains("MISSING");
    }

    @Test
    void aConfigTheHookCannotReadFailsClosed() throws Exception {
        GitFixture repo = repo();
        install(repo);
        repo.write("a.txt", "clean\n").git("add", ".");
        // A config the hook must read but cannot parse: the check cannot be done, so the commit is blocked.
        repo.write(".keyward.toml", "[[rules]\nbroken");

        GitFixture.Run r = commit(repo);

        assertThat(r.exit()).isNotZero();
        assertThat(r.all()).contains(".keyward.toml").contains("git commit --no-verify");
    }

    @Test
    void pathsWithSpacesAndQuotesAreRecordedSafely() throws Exception {
        GitFixture repo = GitFixture.init(tmp.resolve("my 'odd' repo"));
        Path odd = tmp.resolve("tools $HOME \"x\" 'y'/keyward.jar");
        Files.createDirectories(odd.getParent());
        Files.copy(jar, odd);
        repo.write("base line.json", "{\"keywardBaseline\": 1, \"entries\": []}\n");
        Cli c = keyward("hook", "install", "--no-archive", "--jar=" + odd, "--baseline",
                repo.dir().resolve("base line.json").toString(), repo.dir().toString());
        assertThat(c.code()).as(c.toString()).isZero();

        repo.write("k.ini", pair()).git("add", "k.ini");
        GitFixture.Run r = commit(repo);

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.all()).contains(keyId).doesNotContain("could not run");
        assertThat(keyward("hook", "status", repo.dir().toString()).out()).contains(odd.toString());
    }

    /**
     * A Java update keeps the archive's path but makes it useless (Java quietly ignores an archive made by another
     * build), and package managers give the new files their build times: what tells is the Java folder's time.
     */
    @Test
    void aJavaUpdateRemakesTheStartUpArchiveAtTheNextCommit() throws Exception {
        GitFixture repo = repo();
        Path home = tmp.resolve("jdk");
        Files.createDirectories(home.resolve("bin"));
        Files.createSymbolicLink(home.resolve("bin/java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Path copy = tmp.resolve("keyward-copy.jar"); // a jar of our own, whose time this test sets
        Files.copy(jar, copy);
        Instant now = Instant.now();
        Files.setLastModifiedTime(copy, FileTime.from(now.minusSeconds(86400)));
        Cli c = keyward("hook", "install", "--no-archive", "--jar=" + copy, repo.dir().toString());
        assertThat(c.code()).as(c.toString()).isZero();
        Path archive = repo.dir().resolve(".git/keyward/pre-commit.jsa");
        Files.createDirectories(archive.getParent());
        Files.copy(HookIT.archive, archive);
        Path hook = repo.dir().resolve(".git/hooks/pre-commit");
        Files.writeString(hook, Files.readString(hook).replaceAll("(?m)^KEYWARD_JAVA=.*$",
                "KEYWARD_JAVA='" + home.resolve("bin/java") + "'"));
        FileTime made = FileTime.from(now.minusSeconds(120));
        Files.setLastModifiedTime(archive, made);
        Files.setLastModifiedTime(home, FileTime.from(now.minusSeconds(180)));

        repo.write("a.txt", "hello\n").git("add", ".");
        GitFixture.Run kept = commit(repo);
        assertThat(kept.exit()).as(kept.all()).isZero();
        assertThat(Files.getLastModifiedTime(archive)).as("archive newer than Java: kept").isEqualTo(made);
        assertThat(keyward("hook", "status", repo.dir().toString()).out()).doesNotContain("remade");

        Files.setLastModifiedTime(home, FileTime.from(now.minusSeconds(60))); // Java updated since
        assertThat(keyward("hook", "status", repo.dir().toString()).out())
                .contains("older than the jar or Java: remade at the next commit");
        repo.write("b.txt", "hello\n").git("add", ".");
        GitFixture.Run remade = commit(repo);
        assertThat(remade.exit()).as(remade.all()).isZero();
        assertThat(Files.getLastModifiedTime(archive).toInstant()).as("archive remade")
                .isAfter(Files.getLastModifiedTime(home).toInstant());
        assertThat(Files.size(archive)).isPositive();
        assertThat(keyward("hook", "status", repo.dir().toString()).out()).doesNotContain("remade");
    }

    @Test
    void theInstalledJarInstallsItselfWhenRunAsAProgram() {
        GitFixture repo = repo();
        GitFixture.Run r = GitFixture.exec(repo.dir(), Map.of(), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "hook", "install", "--no-archive"));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(Files.exists(repo.dir().resolve(".git/hooks/pre-commit"))).isTrue();
        assertThat(repo.dir().resolve(".git/hooks/pre-commit")).content().contains("KEYWARD_JAR='" + jar + "'");

        // No archive yet: the first commit makes one, and the commit still works.
        repo.write("c.ini", pair()).git("add", ".");
        GitFixture.Run blocked = commit(repo);
        assertThat(blocked.exit()).as(blocked.all()).isNotZero();
        assertThat(blocked.all()).contains(keyId);
        assertThat(repo.dir().resolve(".git/keyward/pre-commit.jsa")).isRegularFile();
    }
}
