package dev.keyward.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** The top-level command; each subcommand is its own class, added by {@link Main} (see {@link #SUBCOMMANDS}). */
@Command(name = "keyward",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Finds leaked AWS credentials in files, staged changes and Git history.",
        footer = {"", "Exit codes: 0 nothing found, 1 findings, 2 usage or fatal error.",
            "Examples:", "  keyward scan .", "  keyward scan --format jsonl src/ > findings.jsonl"})
final class KeywardCommand implements Runnable {

    /**
     * The subcommands, in the order help lists them. Picocli builds a command's model from its annotations when
     * it is added, which takes a while per command; {@link Main} adds only the one named on the command line
     * (all of them for anything else, so help and "did you mean" still see every one).
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(ScanCommand.class, BaselineCommand.class,
            DecodeCommand.class, HistoryCommand.class, StagedCommand.class, HookCommand.class, RulesCommand.class,
            RevokeCommand.class);

    final Main.Io io;

    KeywardCommand(Main.Io io) {
        this.io = io;
    }

    private static Map<String, Class<?>> subcommands(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return Collections.unmodifiableMap(byName);
    }

    @Override
    public void run() {
        io.err.println("keyward: name a command, such as 'keyward scan PATH' (see 'keyward --help')");
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "missing command");
    }
}
