package dev.keyward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Git repository in a temp folder, driven by the real {@code git} binary. For tests only. */
public final class TempGitRepo {

    /** What a git command did. */
    public record Run(int exit, String out, String err) {
        /** Standard output and error together, for messages that Git or a hook may print on either. */
        public String all() {
            return out + err;
        }
    }

    private final Path dir;

    private TempGitRepo(Path dir) {
        this.dir = dir;
    }

    /** {@code git init} in {@code dir} (created if missing), with a fixed identity and branch name. */
    public static TempGitRepo init(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TempGitRepo r = new TempGitRepo(dir);
        r.git("init", "-q", "-b", "main");
        r.git("config", "user.email", "test@keyward.invalid");
        r.git("config", "user.name", "keyward test");
        r.git("config", "commit.gpgsign", "false");
        return r;
    }

    /** A repository that already exists at {@code dir} (a linked worktree, for example). */
    public static TempGitRepo at(Path dir) {
        return new TempGitRepo(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a file in the work tree (parents created). */
    public TempGitRepo write(String path, String content) {
        try {
            Path p = dir.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes bytes to a file in the work tree. */
    public TempGitRepo write(String path, byte[] content) {
        try {
            Path p = dir.resolve(path);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Runs git and fails unless it exits 0. */
    public String git(String... args) {
        Run r = run(Map.of(), args);
        if (r.exit() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " exited " + r.exit() + ": " + r.all());
        }
        return r.out();
    }

    /** Runs git with extra environment variables; any exit code. */
    public Run run(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        return exec(dir, env, cmd);
    }

    /** Runs any command in {@code cwd}; any exit code. Standard input is empty. */
    public static Run exec(Path cwd, Map<String, String> env, List<String> cmd) {
        try {
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
                return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
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
