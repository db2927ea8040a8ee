package dev.keyward.hook;

import dev.keyward.Scanner;
import dev.keyward.finding.ScanResult;
import dev.keyward.report.Report;
import dev.keyward.report.ReportOptions;
import dev.keyward.report.TextReporter;
import dev.keyward.rules.RuleException;
import dev.keyward.source.StagedOptions;
import dev.keyward.suppress.Baseline;
import dev.keyward.suppress.Config;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.util.FS;

/**
 * What the installed pre-commit hook runs: {@code keyward staged} without the command-line framework, so a clean
 * commit loads only what the scan needs. Exit 0 lets the commit through; 1 blocks it (findings); 2 blocks it
 * because the check could not be completed (the hook script then names {@code git commit --no-verify}).
 *
 * <pre>
 * java -cp keyward.jar dev.keyward.hook.PreCommit [--all-lines] [--baseline FILE] [--config FILE | --no-config]
 *                                                 [--verbose]
 * </pre>
 *
 * Runs in the folder Git runs hooks in; honours {@code GIT_DIR} and {@code GIT_INDEX_FILE} as Git sets them, so
 * {@code git commit -a} and {@code git commit PATH} are checked on the index they are about to commit.
 */
public final class PreCommit {

    /** The options the hook understands, in the order {@code keyward hook install} records them. */
    public record Args(boolean allLines, Path baseline, Path config, boolean noConfig, boolean verbose) {

        /** The arguments that give these options. */
        public List<String> toList() {
            List<String> out = new ArrayList<>();
            if (allLines) {
                out.add("--all-lines");
            }
            if (baseline != null) {
                out.add("--baseline");
                out.add(baseline.toString());
            }
            if (config != null) {
                out.add("--config");
                out.add(config.toString());
            }
            if (noConfig) {
                out.add("--no-config");
            }
            if (verbose) {
                out.add("--verbose");
            }
            return out;
        }

        /**
         * Parses hook arguments.
         *
         * @throws IllegalArgumentException naming the argument that is wrong
         */
        public static Args parse(List<String> args) {
            boolean allLines = false;
            boolean noConfig = false;
            boolean verbose = false;
            Path baseline = null;
            Path config = null;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--all-lines" -> allLines = true;
                    case "--no-config" -> noConfig = true;
                    case "-v", "--verbose" -> verbose = true;
                    case "--baseline", "--config" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(a + " needs a FILE");
                        }
                        Path p = Path.of(args.get(++i));
                        if (a.equals("--baseline")) {
                            baseline = p;
                        } else {
                            config = p;
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (config != null && noConfig) {
                throw new IllegalArgumentException("--config and --no-config together");
            }
            return new Args(allLines, baseline, config, noConfig, verbose);
        }
    }

    private PreCommit() {
    }

    public static void main(String[] args) {
        knownSystemConfig(System.getenv());
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code;
        if (args.length == 1 && args[0].equals("--cds-train")) {
            code = train(err);
        } else {
            code = run(List.of(args), Path.of(""), System.getenv(), err);
        }
        err.flush();
        System.exit(code);
    }

    /**
     * Names Git's system config file so that JGit does not find it by running {@code git --version} and
     * {@code git config --system --list} (two processes, a good part of a clean commit's time). The file is
     * {@code GIT_CONFIG_SYSTEM} when set, else {@code /etc/gitconfig}, Git's place for it on Linux distributions;
     * for this check the system config can only change rename detection. Process-wide, so only this entry point
     * (a process of its own) does it.
     */
    static void knownSystemConfig(Map<String, String> env) {
        String named = env.get("GIT_CONFIG_SYSTEM");
        FS.DETECTED.setGitSystemConfig(new File(named != null && !named.isEmpty() ? named : "/etc/gitconfig"));
    }

    /**
     * Checks what is staged in the repository Git runs the hook for and writes the verdict to {@code err}.
     *
     * @param dir the folder the hook runs in (the work tree's root)
     * @param env the environment: {@code GIT_DIR} and {@code GIT_INDEX_FILE} are honoured when set
     * @return 0 clean, 1 findings, 2 the check could not be completed
     */
    public static int run(List<String> args, Path dir, Map<String, String> env, PrintWriter err) {
        Args a;
        try {
            a = Args.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("keyward: " + e.getMessage());
            err.println("usage: keyward staged [--all-lines] [--baseline FILE] [--config FILE | --no-config]");
            return 2;
        }
        try {
            Path repo = dir;
            String gitDir = env.get("GIT_DIR");
            if (gitDir != null && !gitDir.isEmpty()) {
                repo = dir.resolve(gitDir);
            }
            StagedOptions options = StagedOptions.defaults().withAllLines(a.allLines());
            String index = env.get("GIT_INDEX_FILE");
            if (index != null && !index.isEmpty()) {
                options = options.withIndexFile(dir.resolve(index));
            }
            Scanner scanner = scanner(a, dir, err);
            ScanResult result = scanner.scanStaged(repo, options);
            new TextReporter().write(Report.staged(result), hookOptions().withQuiet(!a.verbose()), err);
            err.flush();
            if (!result.findings().isEmpty()) {
                return 1;
            }
            return result.complete() ? 0 : 2;
        } catch (RuleException | IllegalArgumentException e) {
            err.println("keyward: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException | Error e) {
            err.println("keyward: internal error: " + e);
            if (a.verbose()) {
                e.printStackTrace(err);
            }
            return 2;
        }
    }

    /** The hook's report: redacted, no colour, silent when the commit is clean. */
    static ReportOptions hookOptions() {
        return new ReportOptions(true, false, "hook").withQuiet(true);
    }

    /** A scanner with the hook's config (named, or .keyward.toml found from {@code dir}) and baseline. */
    static Scanner scanner(Args a, Path dir, PrintWriter err) {
        Scanner.Builder b = Scanner.builder();
        Optional<Path> configFile = a.config() != null ? Optional.of(dir.resolve(a.config()))
                : a.noConfig() ? Optional.empty() : Config.find(dir);
        if (configFile.isPresent()) {
            Config c = Config.load(configFile.get());
            for (String w : c.warnings()) {
                err.println("keyward: warning: " + w);
            }
            b.config(c);
        }
        if (a.baseline() != null) {
            b.baseline(Baseline.read(dir.resolve(a.baseline())));
        }
        return b.build();
    }

    /**
     * Runs a staged check over a small repository made for the purpose, so that a class-data-sharing archive
     * recorded around this run holds what a clean commit loads. Used by {@code keyward hook install}.
     */
    static int train(PrintWriter err) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("keyward-cds");
            Training.makeRepository(tmp);
            Scanner scanner = scanner(Args.parse(List.of()), tmp, err);
            ScanResult r = scanner.scanStaged(tmp, StagedOptions.defaults());
            new TextReporter().write(Report.staged(r), hookOptions(), Writer.nullWriter());
            return r.complete() ? 0 : 2;
        } catch (Exception e) {
            err.println("keyward: class-data-sharing training run failed: " + e);
            return 2;
        } finally {
            if (tmp != null) {
                Training.delete(tmp);
            }
        }
    }
}
