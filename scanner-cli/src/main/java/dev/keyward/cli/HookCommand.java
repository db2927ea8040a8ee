package dev.keyward.cli;

import dev.keyward.hook.HookInstaller;
import dev.keyward.hook.PreCommit;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keyward hook install|uninstall|status}: the Git pre-commit hook. */
@Command(name = "hook", mixinStandardHelpOptions = true,
        description = {"Installs, removes or describes keyward's Git pre-commit hook, which runs 'keyward staged' "
                + "on every commit and blocks commits that add AWS credentials.",
            "The hook goes where Git runs hooks (git rev-parse --git-path hooks: core.hooksPath and linked "
                + "worktrees are honoured). An existing pre-commit hook is kept and runs first; uninstall puts it "
                + "back."},
        subcommands = {HookCommand.Install.class, HookCommand.Uninstall.class, HookCommand.Status.class},
        footer = {"", "Examples:", "  keyward hook install", "  keyward hook install --baseline .keyward-baseline.json",
            "  keyward hook status", "  keyward hook uninstall"})
final class HookCommand implements Runnable {

    @ParentCommand
    KeywardCommand parent;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: install, uninstall or status");
    }

    static HookInstaller installer(Path repo, Path jar) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new HookInstaller(repo == null ? Path.of("") : repo, jar, java);
    }

    /** The jar this keyward runs from, or null when it runs from class folders (a development build). */
    static Path ownJar() {
        try {
            var src = HookCommand.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return null;
            }
            Path p = Path.of(src.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Writes the pre-commit hook. It records the absolute path of this keyward jar and of "
                    + "this Java, and makes a class-data-sharing archive so the hook starts fast. Installing twice "
                    + "changes nothing; installing with other options updates the hook."})
    static final class Install implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        HookCommand hook;

        @Option(names = "--all-lines", description = "Check whole staged files, not only added lines.")
        boolean allLines;

        @Option(names = "--baseline", paramLabel = "FILE",
                description = "Let the findings accepted in this baseline through (see 'keyward baseline create').")
        Path baseline;

        @Option(names = "--config", paramLabel = "FILE", description = "Config file for the hook "
                + "(default: .keyward.toml at the repository root, when there is one).")
        Path config;

        @Option(names = "--no-config", description = "Do not look for .keyward.toml.")
        boolean noConfig;

        @Option(names = "--no-archive", description = "Do not make the start-up archive now (the first commit "
                + "makes it).")
        boolean noArchive;

        @Option(names = "--jar", paramLabel = "FILE", description = "The keyward jar the hook runs "
                + "(default: the one running now).")
        Path jar;

        @Parameters(arity = "0..1", paramLabel = "REPO", description = "A folder in the repository (default: the "
                + "current folder).")
        Path repo;

        @Override
        public Integer call() throws IOException {
            Main.Io io = hook.parent.io;
            Path theJar = jar != null ? jar : ownJar();
            if (theJar == null || !Files.isRegularFile(theJar)) {
                io.err.println("keyward: cannot tell which keyward jar the hook should run; "
                        + (jar != null ? "no such file: " + jar : "name it with --jar FILE"));
                return Main.EXIT_ERROR;
            }
            if (config != null && noConfig) {
                io.err.println("keyward: --config and --no-config together");
                return Main.EXIT_ERROR;
            }
            HookInstaller installer = installer(repo, theJar);
            PreCommit.Args args = new PreCommit.Args(allLines,
                    baseline == null ? null : installer.forHook(baseline),
                    config == null ? null : installer.forHook(config), noConfig, false);
            for (String line : installer.install(args, !noArchive).messages()) {
                io.out.println("keyward: " + line);
            }
            return Main.EXIT_CLEAN;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "Removes keyward's pre-commit hook and puts back the hook that was there before, if any.")
    static final class Uninstall implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        HookCommand hook;

        @Parameters(arity = "0..1", paramLabel = "REPO", description = "A folder in the repository (default: the "
                + "current folder).")
        Path repo;

        @Override
        public Integer call() throws IOException {
            Main.Io io = hook.parent.io;
            for (String line : installer(repo, null).uninstall().messages()) {
                io.out.println("keyward: " + line);
            }
            return Main.EXIT_CLEAN;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Says whether keyward's pre-commit hook is installed, what it runs, and what it chains.",
            footer = {"", "Exit codes: 0 installed, 1 not installed, 2 not a Git repository or another error."})
    static final class Status implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        HookCommand hook;

        @Parameters(arity = "0..1", paramLabel = "REPO", description = "A folder in the repository (default: the "
                + "current folder).")
        Path repo;

        @Override
        public Integer call() throws IOException {
            Main.Io io = hook.parent.io;
            HookInstaller.Status s = installer(repo, null).status();
            if (!s.installed()) {
                io.out.println("keyward hook: not installed in " + s.paths().hooksDir()
                        + (s.otherHook() ? " (pre-commit is another hook)" : " (no pre-commit hook)"));
                return 1;
            }
            io.out.println("keyward hook: installed: " + s.paths().hook());
            io.out.println("  runs:     " + s.jar() + (s.jarPresent() ? "" : "  (MISSING: commits are blocked; "
                    + "reinstall)"));
            io.out.println("  java:     " + s.java());
            io.out.println("  options:  " + (s.options().isEmpty() ? "(none)" : String.join(" ", s.options())));
            io.out.println("  chained:  " + (s.chained() ? "the previous pre-commit hook runs first ("
                    + s.paths().chained().getFileName() + ")" : "no other hook"));
            io.out.println("  start-up archive: " + s.paths().archive() + (s.archiveCurrent() ? ""
                    : s.archivePresent() ? "  (older than the jar or Java: remade at the next commit)"
                    : "  (missing: made at the next commit)"));
            return Main.EXIT_CLEAN;
        }
    }
}
