package dev.keyward.cli;

import picocli.CommandLine.Command;

/** The top-level command; each subcommand is its own class. */
@Command(name = "keyward",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Finds leaked AWS credentials in files, staged changes and Git history.",
        subcommands = {ScanCommand.class, BaselineCommand.class, DecodeCommand.class, HistoryCommand.class,
            StagedCommand.class, HookCommand.class, RulesCommand.class},
        footer = {"", "Exit codes: 0 nothing found, 1 findings, 2 usage or fatal error.",
            "Examples:", "  keyward scan .", "  keyward scan --format jsonl src/ > findings.jsonl"})
final class KeywardCommand implements Runnable {

    final Main.Io io;

    KeywardCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public void run() {
        io.err.println("keyward: name a command, such as 'keyward scan PATH' (see 'keyward --help')");
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "missing command");
    }
}
