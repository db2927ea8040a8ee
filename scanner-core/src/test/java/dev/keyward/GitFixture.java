package dev.keyward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Git repository built by a test in a temp folder with the real {@code git} binary. Commits made through
 * {@link #git} get fixed dates one day apart, the first on 2024-01-01, so history order and "days exposed" are
 * predictable; {@link #run} runs git as a user would (the date of now, hooks and all), with the fixture's
 * identity from the repository's config.
 */
public final class GitFixture {

    /** The date of the first commit, in seconds since the epoch (2024-01-01T00:00:00Z). */
    public static final long EPOCH = 1704067200L;

    /** What a command did. */
    public record Run(int exit, String out, String err) {
        /** Standard output and error together, for messages that Git or a hook may print on either. */
        public String all() {
            return out + err;
        }
    }

    private final Path dir;
    private int clock;

    private GitFixture(Path dir) {
        this.dir = dir;
    }

    /** {@code git init} in {@code dir} (created if needed), default branch {@code main}, identity in its config. */
    public static GitFixture init(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GitFixture f = new GitFixture(dir);
        f.git("init", "-q", "-b", "main");
        // For git run by other means (run(), hooks, the pre-commit framework) on this repository.
        f.git("config", "user.name", "Ada Lovelace");
        f.git("config", "user.email", "ada@example.com");
        f.git("config", "commit.gpgsign", "false");
        return f;
    }

    /** A fixture over an existing repository or worktree folder. */
    public static GitFixture at(Path dir) {
        return new GitFixture(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a file (creating folders). */
    public GitFixture write(String path, String content) {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public GitFixture write(String path, byte[] content) {
        try {
            Path p = dir.resolve(path);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code git add -A} and a commit with the next date; returns the commit id. */
    public String commit(String message) {
        git("add", "-A");
        return commitStaged(message);
    }

    /** A commit of what is staged (allowing an empty one), with the next date; returns the commit id. */
    public String commitStaged(String message) {
        git("commit", "-q", "--allow-empty", "-m", message);
        clock++;
        return git("rev-parse", "HEAD").trim();
    }

    /**
     * Runs git here with a fixed identity, the next date and no system config; returns standard output, or
     * fails with both outputs unless git exits 0.
     */
    public String git(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Ada Lovelace",
                "-c", "user.email=ada@example.com", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
                "-c", "protocol.file.allow=always"));
        cmd.addAll(List.of(args));
        String date = "@" + (EPOCH + 86400L * clock) + " +0000";
        Map<String, String> env = new HashMap<>();
        env.put("GIT_AUTHOR_DATE", date);
        env.put("GIT_COMMITTER_DATE", date);
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        Run r = exec(dir, env, cmd);
        if (r.exit() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " exited " + r.exit() + ":\n" + r.all());
        }
        return r.out();
    }

    /** Runs git with extra environment variables, as a user would; any exit code. */
    public Run run(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        return exec(dir, env, cmd);
    }

    /** Runs any command in {@code cwd}; any exit code. Standard input is empty. */
    public static Run exec(Path cwd, Map<String, String> env, List<String> cmd) {
        try {
            // Files rather than pipes: a chatty command cannot fill a pipe and block.
            Path out = Files.createTempFile("keyward-out", ".txt");
            Path err = Files.createTempFile("keyward-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + cmd);
                }
                return new Run(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                        new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
