package dev.keyward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Git repository built by a test in a temp folder with the real {@code git} binary. Commits get fixed dates one
 * day apart, the first on 2024-01-01, so history order and "days exposed" are predictable.
 */
public final class GitFixture {

    /** The date of the first commit, in seconds since the epoch (2024-01-01T00:00:00Z). */
    public static final long EPOCH = 1704067200L;

    private final Path dir;
    private int clock;

    private GitFixture(Path dir) {
        this.dir = dir;
    }

    /** {@code git init} in {@code dir} (created if needed), default branch {@code main}. */
    public static GitFixture init(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GitFixture f = new GitFixture(dir);
        f.git("init", "-q", "-b", "main");
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

    /** Runs git here with a fixed identity and the next date; returns standard output. */
    public String git(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Ada Lovelace",
                "-c", "user.email=ada@example.com", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
                "-c", "protocol.file.allow=always"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        String date = "@" + (EPOCH + 86400L * clock) + " +0000";
        Map<String, String> env = pb.environment();
        env.put("GIT_AUTHOR_DATE", date);
        env.put("GIT_COMMITTER_DATE", date);
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
