package dev.keyward.cli;

import dev.keyward.RuleCheck;
import dev.keyward.Scanner;
import dev.keyward.rules.Rule;
import dev.keyward.rules.RuleException;
import dev.keyward.rules.RuleSet;
import dev.keyward.suppress.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keyward rules list|check}: the rules in force, and rule files held to their examples. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Lists the rules in force, or checks a rule file against its examples.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.Check.class},
        footer = {"", "Examples:", "  keyward rules list", "  keyward rules list --config .gitleaks.toml",
            "  keyward rules check my-rules.toml"})
final class RulesCommand implements Runnable {

    @ParentCommand
    KeywardCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: list or check");
    }

    /** {@code keyward rules list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Shows each rule in force (built-in, and from the config file): id, kind, severity and "
                    + "whether it is on.")
    static final class ListRules implements Callable<Integer> {

        @ParentCommand
        RulesCommand parent;

        @Mixin
        ConfigMixin configs;

        @Override
        public Integer call() {
            Main.Io io = parent.parent.io;
            Config config = configs.load(List.of(), io.err);
            RuleSet rules = Scanner.builder().config(config).build().rules();
            int idWidth = "ID".length();
            int kindWidth = "KIND".length();
            for (Rule r : rules.rules()) {
                idWidth = Math.max(idWidth, r.id().length());
                kindWidth = Math.max(kindWidth, r.kind().length());
            }
            String format = "%-" + idWidth + "s  %-" + kindWidth + "s  %-8s  %s%n";
            io.out.printf(format, "ID", "KIND", "SEVERITY", "ON");
            for (Rule r : rules.rules()) {
                io.out.printf(format, r.id(), r.kind(), r.severity().id(), r.enabled() ? "on" : "off");
            }
            io.out.flush();
            return Main.EXIT_CLEAN;
        }
    }

    /** {@code keyward rules check}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Compiles a rule file (a keyward rule or config file, or a gitleaks config) and holds "
                    + "every rule to its examples (each must be found) and negativeExamples (none may be).",
                "Without FILE, checks the built-in rules."},
            footer = {"", "Exit codes: 0 every rule passes, 1 a rule does not compile or fails an example, "
                    + "2 the file cannot be read."})
    static final class Check implements Callable<Integer> {

        @ParentCommand
        RulesCommand parent;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "The rule file (default: the built-in rules).")
        Path file;

        @Override
        public Integer call() {
            Main.Io io = parent.parent.io;
            String name = file == null ? "built-in rules" : file.toString();
            List<RuleCheck.Failure> failures;
            int count;
            if (file == null) {
                failures = RuleCheck.check(RuleSet.defaults());
                count = RuleSet.defaults().rules().size();
            } else {
                if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                    io.err.println("keyward: " + file + ": no such readable file");
                    return Main.EXIT_ERROR;
                }
                Config config;
                try {
                    config = Config.load(file);
                } catch (RuleException e) {
                    io.out.println("FAIL " + e.getMessage());
                    io.out.flush();
                    return Main.EXIT_FINDINGS;
                }
                for (String w : config.warnings()) {
                    io.err.println("keyward: warning: " + w);
                }
                failures = RuleCheck.check(config);
                count = config.rules().rules().size();
            }
            for (RuleCheck.Failure f : failures) {
                io.out.println("FAIL " + name + ": rule '" + f.ruleId() + "': " + f.problem()
                        + (f.example().isEmpty() ? "" : ": " + quote(f.example())));
            }
            if (failures.isEmpty()) {
                io.out.println("ok: " + name + ": " + count + " rule" + (count == 1 ? "" : "s")
                        + ", every example found and no negative example found");
            } else {
                io.out.println(failures.size() + " problem" + (failures.size() == 1 ? "" : "s") + " in " + name);
            }
            io.out.flush();
            return failures.isEmpty() ? Main.EXIT_CLEAN : Main.EXIT_FINDINGS;
        }

        /** The example on one line, so a multi-line example stays one line of output. */
        private static String quote(String example) {
            return '"' + example.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + '"';
        }
    }
}
