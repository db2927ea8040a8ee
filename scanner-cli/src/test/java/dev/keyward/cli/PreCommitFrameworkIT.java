package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.RequiredTool;
import dev.keyward.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pre-commit} framework runs keyward from this repository's {@code .pre-commit-hooks.yaml} and blocks a
 * commit that adds a key. The hook repository is a copy of the real hook file and launcher, with the jar that
 * {@code package} built, so the framework's clone needs no Maven build.
 */
class PreCommitFrameworkIT {

    @TempDir
    Path tmp;

    @Test
    void thePreCommitFrameworkRunsKeywardFromTheHooksFileAndBlocks() throws Exception {
        RequiredTool.require("pre-commit", "pre-commit");
        Path root = Path.of(System.getProperty("keyward.root", "..")).toAbsolutePath().normalize();
        Path jar = Path.of(System.getProperty("keyward.jar", "target/keyward.jar")).toAbsolutePath().normalize();

        GitFixture hooks = GitFixture.init(tmp.resolve("keyward-hooks"));
        Files.copy(root.resolve(".pre-commit-hooks.yaml"), hooks.dir().resolve(".pre-commit-hooks.yaml"));
        Files.copy(root.resolve("keyward"), hooks.dir().resolve("keyward"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(hooks.dir().resolve("scanner-cli/target"));
        Files.copy(jar, hooks.dir().resolve("scanner-cli/target/keyward.jar"));
        hooks.git("add", "-f", ".");
        hooks.git("commit", "-q", "--no-verify", "-m", "hooks");
        String rev = hooks.git("rev-parse", "HEAD").trim();

        Map<String, String> env = Map.of("PRE_COMMIT_HOME", tmp.resolve("pre-commit-home").toString());
        GitFixture repo = GitFixture.init(tmp.resolve("project"));
        repo.write(".pre-commit-config.yaml", "repos:\n  - repo: " + hooks.dir() + "\n    rev: " + rev
                + "\n    hooks:\n      - id: keyward\n");
        GitFixture.Run pc = GitFixture.exec(repo.dir(), env, List.of("pre-commit", "install"));
        assertThat(pc.exit()).as(pc.all()).isZero();

        repo.write("README.md", "hello\n").git("add", ".");
        GitFixture.Run clean = repo.run(env, "commit", "-m", "clean");
        assertThat(clean.exit()).as(clean.all()).isZero();
        assertThat(clean.all()).contains("keyward (AWS credentials)").contains("Passed");

        Random r = new Random(31);
        String keyId = TestKeys.keyId(r, "AKIA");
        String secret = TestKeys.secret(r);
        repo.write("deploy/env.sh", "export AWS_ACCESS_KEY_ID=" + keyId + "\nexport AWS_SECRET_ACCESS_KEY=" + secret
                + "\n").git("add", ".");
        GitFixture.Run keyed = repo.run(env, "commit", "-m", "keyed");

        assertThat(keyed.exit()).as(keyed.all()).isNotZero();
        assertThat(keyed.all()).contains("keyward (AWS credentials)").contains("Failed").contains(keyId)
                .contains("deploy/env.sh").doesNotContain(secret);
        assertThat(repo.git("log", "--format=%s")).isEqualTo("clean\n");
    }
}
