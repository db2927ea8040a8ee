package dev.keyward.hook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Installs, removes and describes keyward's Git pre-commit hook. The hook goes where Git runs hooks for the
 * repository ({@code git rev-parse --git-path hooks}, so {@code core.hooksPath} and linked worktrees are honoured).
 * A pre-commit hook that is already there is renamed to {@code pre-commit.keyward-chained} and run first by
 * keyward's hook (its failure still stops the commit); uninstalling renames it back, so it is restored byte for
 * byte with its mode. Installing twice changes nothing.
 *
 * <p>The hook records the absolute paths of the keyward jar and of the Java that installed it, and starts the JVM
 * with a class-data-sharing archive made at install time (kept in the repository's Git directory, under
 * {@code keyward/}), so a clean commit pays little for starting Java.
 *
 * <p>Not thread-safe: two installers on one repository at once would race on the hook file.
 */
public final class HookInstaller {

    /** The line that marks a hook as keyward's. */
    static final String MARKER = "# keyward-hook v1";
    static final String CHAINED = "pre-commit.keyward-chained";
    static final String MADE_DIR = "# keyward-made-hooks-dir";
    static final String OPTIONS = "# keyward-options:";
    /**
     * JVM flags for a short run: C1 only, the serial collector, no perf-data file, no JVM log lines. Before Java 21
     * also the COMPAT locale data, which loads faster than CLDR (Jackson's date formats initialise it when a
     * baseline is read; the hook formats nothing by locale); from Java 21 on COMPAT prints a deprecation warning.
     */
    static final List<String> JVM_FLAGS = jvmFlags(Runtime.version().feature());

    static List<String> jvmFlags(int javaFeature) {
        List<String> flags = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:-UsePerfData", "-Xshare:auto", "-Xlog:disable", "-Xss8m", "-Xmx400m"));
        if (javaFeature < 21) {
            flags.add("-Djava.locale.providers=COMPAT");
        }
        return List.copyOf(flags);
    }

    /** Where Git keeps this repository's hooks, and where the archive goes. */
    public record Paths(Path hooksDir, Path hook, Path chained, Path archive) {
    }

    /** What {@link #status()} found. */
    public record Status(Paths paths, boolean installed, boolean otherHook, boolean chained, String jar,
                         boolean jarPresent, String java, List<String> options, boolean archivePresent,
                         boolean archiveCurrent) {
    }

    private final Path repoDir;
    private final Path jar;
    private final Path java;

    /**
     * @param repoDir a folder in the repository's work tree (or its Git directory)
     * @param jar     the keyward jar the hook will run (absolute path recorded)
     * @param java    the {@code java} executable the hook will use (absolute path recorded)
     */
    public HookInstaller(Path repoDir, Path jar, Path java) {
        this.repoDir = repoDir.toAbsolutePath().normalize();
        this.jar = jar == null ? null : jar.toAbsolutePath().normalize();
        this.java = java == null ? null : java.toAbsolutePath().normalize();
    }

    /** The hook paths Git uses for this repository. */
    public Paths paths() throws IOException {
        List<String> lines = git("rev-parse", "--git-path", "hooks", "--git-common-dir");
        if (lines.size() < 2) {
            throw new IOException("git rev-parse printed " + lines);
        }
        Path hooks = repoDir.resolve(lines.get(0)).normalize();
        Path common = repoDir.resolve(lines.get(1)).normalize();
        return new Paths(hooks, hooks.resolve("pre-commit"), hooks.resolve(CHAINED),
                common.resolve("keyward").resolve("pre-commit.jsa"));
    }

    /**
     * A path as the hook should record it: relative to the top of the work tree when it lies inside it (hooks
     * run there, and each linked worktree has its own copy), else absolute.
     */
    public Path forHook(Path given) throws IOException {
        Path abs = given.toAbsolutePath().normalize();
        List<String> top = git("rev-parse", "--show-toplevel");
        if (!top.isEmpty()) {
            Path root = Path.of(top.get(0)).toAbsolutePath().normalize();
            if (abs.startsWith(root) && !abs.equals(root)) {
                return root.relativize(abs);
            }
        }
        return abs;
    }

    /** The outcome of an install or uninstall, in words for people. */
    public record Outcome(boolean changed, List<String> messages) {
    }

    /**
     * Writes the hook (keeping an existing one, chained) and makes the start-up archive.
     *
     * @param args        the options the hook passes to the staged check
     * @param makeArchive whether to make the class-data-sharing archive now (otherwise the first commit does)
     * @throws IOException when Git cannot be asked, a file cannot be written, or the hook state is one this
     *                     installer did not make (the message says what to do)
     */
    public Outcome install(PreCommit.Args args, boolean makeArchive) throws IOException {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IOException("no keyward jar at " + jar);
        }
        for (String o : args.toList()) {
            if (o.indexOf('\n') >= 0 || o.indexOf('\r') >= 0) {
                throw new IOException("a path with a line break cannot be recorded in the hook: " + o);
            }
        }
        Paths p = paths();
        List<String> said = new ArrayList<>();
        boolean changed = false;
        boolean madeDir = false;
        String current = readIfOurs(p.hook());
        boolean exists = Files.exists(p.hook(), LinkOption.NOFOLLOW_LINKS);
        if (current == null && exists) {
            if (Files.exists(p.chained(), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(p.hook() + " is not keyward's hook, yet " + p.chained() + " exists: move one "
                        + "of them away and install again");
            }
            Files.move(p.hook(), p.chained(), StandardCopyOption.ATOMIC_MOVE);
            said.add("kept the existing pre-commit hook as " + p.chained().getFileName() + "; it runs first");
            changed = true;
        } else if (current != null) {
            madeDir = current.contains("\n" + MADE_DIR + "\n");
        } else if (!Files.isDirectory(p.hooksDir())) {
            Files.createDirectories(p.hooksDir());
            madeDir = true;
        }
        String script = script(p, args, madeDir);
        if (!script.equals(current)) {
            Path tmp = p.hooksDir().resolve(".pre-commit.keyward-tmp");
            Files.writeString(tmp, script, StandardCharsets.UTF_8);
            makeExecutable(tmp);
            Files.move(tmp, p.hook(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            said.add((current == null ? "installed" : "updated") + " the pre-commit hook: " + p.hook());
            changed = true;
        } else {
            said.add("the pre-commit hook is already installed: " + p.hook());
        }
        if (makeArchive && !archiveCurrent(p.archive(), jar, java)) {
            try {
                makeArchive(p.archive());
                said.add("made the start-up archive " + p.archive());
            } catch (IOException e) {
                said.add("could not make the start-up archive (" + e.getMessage() + "); the first commit will");
            }
        }
        return new Outcome(changed, said);
    }

    /** Removes keyward's hook and puts back what was there before. */
    public Outcome uninstall() throws IOException {
        Paths p = paths();
        String current = readIfOurs(p.hook());
        List<String> said = new ArrayList<>();
        if (current == null) {
            said.add(Files.exists(p.hook(), LinkOption.NOFOLLOW_LINKS)
                    ? "keyward's hook is not installed; " + p.hook() + " is another hook and was left alone"
                    : "keyward's hook is not installed (" + p.hook() + " does not exist)");
            return new Outcome(false, said);
        }
        Files.delete(p.hook());
        if (Files.exists(p.chained(), LinkOption.NOFOLLOW_LINKS)) {
            Files.move(p.chained(), p.hook(), StandardCopyOption.ATOMIC_MOVE);
            said.add("removed keyward's pre-commit hook and put back the one that was there before");
        } else {
            said.add("removed keyward's pre-commit hook: " + p.hook());
            if (current.contains("\n" + MADE_DIR + "\n")) {
                try (var s = Files.list(p.hooksDir())) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(p.hooksDir());
                    }
                }
            }
        }
        Files.deleteIfExists(p.archive());
        Path dir = p.archive().getParent();
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        }
        return new Outcome(true, said);
    }

    /** What is installed. */
    public Status status() throws IOException {
        Paths p = paths();
        String current = readIfOurs(p.hook());
        boolean chained = Files.exists(p.chained(), LinkOption.NOFOLLOW_LINKS);
        if (current == null) {
            return new Status(p, false, Files.exists(p.hook(), LinkOption.NOFOLLOW_LINKS), chained, null, false,
                    null, List.of(), false, false);
        }
        String recordedJar = value(current, "KEYWARD_JAR");
        String recordedJava = value(current, "KEYWARD_JAVA");
        List<String> options = new ArrayList<>();
        for (String line : current.split("\n")) {
            if (line.startsWith(OPTIONS)) {
                String rest = line.substring(OPTIONS.length()).trim();
                if (!rest.isEmpty()) {
                    options.addAll(List.of(rest.split(" ")));
                }
            }
        }
        Path archive = Path.of(value(current, "KEYWARD_CDS"));
        boolean jarPresent = recordedJar != null && Files.isRegularFile(Path.of(recordedJar));
        boolean archivePresent = Files.isRegularFile(archive);
        boolean archiveCurrent = jarPresent && archiveCurrent(archive, Path.of(recordedJar),
                recordedJava == null ? null : Path.of(recordedJava));
        return new Status(p, true, false, chained, recordedJar, jarPresent, recordedJava, options, archivePresent,
                archiveCurrent);
    }

    /** The hook script. */
    String script(Paths p, PreCommit.Args args, boolean madeDir) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n")
                .append("# keyward pre-commit hook: stops commits that add AWS credentials.\n")
                .append("# Written by 'keyward hook install'; 'keyward hook uninstall' puts back what was here.\n")
                .append(MARKER).append('\n');
        if (madeDir) {
            s.append(MADE_DIR).append('\n');
        }
        List<String> opts = args.toList();
        s.append(OPTIONS).append(opts.isEmpty() ? "" : " " + String.join(" ", opts)).append('\n');
        s.append("KEYWARD_JAR=").append(quote(jar.toString())).append('\n')
                .append("KEYWARD_JAVA=").append(quote(java.toString())).append('\n')
                .append("KEYWARD_CDS=").append(quote(p.archive().toString())).append('\n')
                .append('\n')
                .append("fail() {\n")
                .append("  echo \"keyward: $1\" >&2\n")
                .append("  echo \"keyward: the commit was stopped because the AWS-credential check could not run.\""
                        + " >&2\n")
                .append("  echo \"keyward: fix the problem (or reinstall: keyward hook install), or commit without"
                        + " the check: git commit --no-verify\" >&2\n")
                .append("  exit 1\n")
                .append("}\n\n")
                .append("# The hook that was here before keyward runs first; if it fails, the commit stops there.\n")
                .append("case $0 in */*) here=\"${0%/*}\" ;; *) here=. ;; esac\n")
                .append("chained=\"$here/").append(CHAINED).append("\"\n")
                .append("if [ -f \"$chained\" ] && [ -x \"$chained\" ]; then\n")
                .append("  \"$chained\" \"$@\" || exit $?\n")
                .append("fi\n\n")
                .append("[ -x \"$KEYWARD_JAVA\" ] || KEYWARD_JAVA=java\n")
                .append("command -v \"$KEYWARD_JAVA\" >/dev/null 2>&1 || fail \"no java found (the one recorded at"
                        + " install time is gone)\"\n")
                .append("[ -f \"$KEYWARD_JAR\" ] || fail \"keyward's jar is gone: $KEYWARD_JAR\"\n\n");
        String flags = String.join(" ", JVM_FLAGS);
        String main = " -cp \"$KEYWARD_JAR\" dev.keyward.hook.PreCommit"
                + (opts.isEmpty() ? "" : " " + String.join(" ", opts.stream().map(HookInstaller::quote).toList()));
        s.append("# A class-data-sharing archive made for this jar and this Java starts Java faster; a missing one,\n")
                .append("# or one older than the jar or than the last change to Java's folder (an update: Java would\n")
                .append("# quietly ignore the archive), is (re)made by this run, for the next.\n")
                .append("if [ -f \"$KEYWARD_CDS\" ] && [ ! \"$KEYWARD_JAR\" -nt \"$KEYWARD_CDS\" ] \\\n")
                .append("   && [ ! \"${KEYWARD_JAVA%/bin/java}\" -nt \"$KEYWARD_CDS\" ]; then\n")
                .append("  \"$KEYWARD_JAVA\" ").append(flags).append(" \"-XX:SharedArchiveFile=$KEYWARD_CDS\"")
                .append(main).append("\n")
                .append("  status=$?\n")
                .append("else\n")
                .append("  mkdir -p \"${KEYWARD_CDS%/*}\" 2>/dev/null\n")
                .append("  \"$KEYWARD_JAVA\" ").append(flags).append(" \"-XX:ArchiveClassesAtExit=$KEYWARD_CDS.$$\"")
                .append(main).append("\n")
                .append("  status=$?\n")
                .append("  if [ -s \"$KEYWARD_CDS.$$\" ]; then mv -f \"$KEYWARD_CDS.$$\" \"$KEYWARD_CDS\"; "
                        + "else rm -f \"$KEYWARD_CDS.$$\"; fi\n")
                .append("fi\n\n")
                .append("case $status in\n")
                .append("  0) exit 0 ;;\n")
                .append("  1) exit 1 ;;\n")
                .append("  *) fail \"keyward failed (exit $status)\" ;;\n")
                .append("esac\n");
        return s.toString();
    }

    /** Runs the training run under {@code -XX:ArchiveClassesAtExit} and moves the archive into place. */
    void makeArchive(Path archive) throws IOException {
        Files.createDirectories(archive.getParent());
        Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-XX:ArchiveClassesAtExit=" + tmp);
        cmd.add("-cp");
        cmd.add(jar.toString());
        cmd.add("dev.keyward.hook.PreCommit");
        cmd.add("--cds-train");
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!proc.waitFor(120, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new IOException("the training run took over 2 minutes");
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (proc.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
            Files.deleteIfExists(tmp);
            throw new IOException("the training run exited " + proc.exitValue());
        }
        Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether {@code archive} exists and is newer than the jar and the last change to Java's folder. */
    private static boolean archiveCurrent(Path archive, Path jar, Path java) throws IOException {
        return Files.isRegularFile(archive) && !newer(jar, archive)
                && (java == null || !newer(javaHome(java), archive));
    }

    /** The folder above {@code bin/java}: a Java update changes it, whatever times it gives its files. */
    private static Path javaHome(Path javaBinary) {
        Path bin = javaBinary.getParent();
        return bin == null || bin.getParent() == null ? javaBinary : bin.getParent();
    }

    /** Whether {@code a} exists and was changed after {@code b}, as the shell's {@code -nt} says. */
    private static boolean newer(Path a, Path b) throws IOException {
        return Files.exists(a) && Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) > 0;
    }

    /** The hook's text if it is keyward's, else null (also when there is none, or it is a symbolic link). */
    static String readIfOurs(Path hook) throws IOException {
        if (!Files.isRegularFile(hook, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (Files.size(hook) > 1 << 20) {
            return null;
        }
        String text = new String(Files.readAllBytes(hook), StandardCharsets.UTF_8);
        return text.contains("\n" + MARKER + "\n") ? text : null;
    }

    private static String value(String script, String name) {
        for (String line : script.split("\n")) {
            if (line.startsWith(name + "=")) {
                return unquote(line.substring(name.length() + 1));
            }
        }
        return null;
    }

    /** A POSIX shell single-quoted word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("'\\''", "'");
        }
        return s;
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            perms.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OWNER_READ));
            Files.setPosixFilePermissions(file, perms);
        } catch (UnsupportedOperationException e) {
            if (!file.toFile().setExecutable(true, false)) {
                throw new IOException("cannot make " + file + " executable");
            }
        }
    }

    private List<String> git(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).directory(repoDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IOException("cannot run git: " + e.getMessage(), e);
        }
        proc.getOutputStream().close();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (proc.waitFor() != 0) {
                throw new IOException(err.isBlank() ? "git " + String.join(" ", args) + " failed" : err.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return out.lines().toList();
    }
}
