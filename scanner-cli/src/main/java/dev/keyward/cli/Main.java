package dev.keyward.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code keyward} command. {@link #run} takes its writers and standard input and returns the exit code, so
 * every command is tested in memory; {@link #main} only wires it to the process.
 */
public final class Main {

    /** Nothing found. */
    public static final int EXIT_CLEAN = 0;
    /** Findings. */
    public static final int EXIT_FINDINGS = 1;
    /** Usage error, fatal error, or input left unscanned when nothing was found. */
    public static final int EXIT_ERROR = 2;
    /** With {@code --verify}: a live credential was found (whatever {@code --exit-code} says). */
    public static final int EXIT_LIVE = 3;

    /** The commands that build a scanner, and so gain from loading the rules early. */
    private static final java.util.Set<Class<?>> SCANNING = java.util.Set.of(ScanCommand.class,
            HistoryCommand.class, StagedCommand.class, BaselineCommand.class, RulesCommand.class);

    private Main() {
    }

    public static void main(String[] args) {
        if (SCANNING.contains(named(args))) {
            // Parsing the command line takes picocli a while on a cold JVM; meanwhile another core loads the rule
            // pack and compiles it once (its classes stay loaded, the parsed pack is kept), so the command's own
            // scanner is ready sooner. Nothing it makes is used directly; a failure here is met again and reported.
            Thread warm = new Thread(() -> {
                try {
                    dev.keyward.Scanner.builder().build();
                } catch (RuntimeException | LinkageError e) {
                    // reported by the command that needs the rules
                }
            }, "keyward-warm-up");
            warm.setDaemon(true);
            warm.start();
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        InputStream in = System.in;
        if (Boolean.getBoolean("keyward.stdinClosed")) { // set by the launcher: reading must fail, not look empty
            in = new InputStream() {
                @Override
                public int read() throws java.io.IOException {
                    throw new java.io.IOException("standard input is closed");
                }
            };
        }
        int code = run(out, err, in, System.console() != null, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs a command line; never throws, never exits. */
    public static int run(PrintWriter out, PrintWriter err, InputStream in, boolean terminal, String... args) {
        Io io = new Io(out, err, in, terminal);
        CommandLine cl = new CommandLine(new KeywardCommand(io));
        Class<?> named = named(args);
        for (Class<?> sub : KeywardCommand.SUBCOMMANDS.values()) {
            if (named == KeywardCommand.class || sub == named) {
                cl.addSubcommand(sub); // before the settings below, which apply to the subcommands added so far
            }
        }
        giveVersion(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("keyward: " + ex.getMessage());
            CommandLine c = ex.getCommandLine();
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof dev.keyward.rules.RuleException) {
                err.println("keyward: " + ex.getMessage()); // names file, rule and field: nothing more to show
                return EXIT_ERROR;
            }
            err.println("keyward: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (io.verbose || verbose(parsed)) {
                ex.printStackTrace(err);
            } else {
                err.println("(run with --verbose for details)");
            }
            return EXIT_ERROR;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException e) {
            err.println("keyward: internal error: " + e);
            return EXIT_ERROR;
        } catch (OutOfMemoryError e) {
            // What was held is let go as the stack unwinds, so there is room to say so.
            err.println("keyward: out of memory: give Java a larger heap with JAVA_OPTS=-Xmx2g (the launcher's"
                    + " default is -Xmx300m)");
            return EXIT_ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The subcommand the command line names first, or {@link KeywardCommand} itself. */
    private static Class<?> named(String[] args) {
        return args.length > 0 ? KeywardCommand.SUBCOMMANDS.getOrDefault(args[0], KeywardCommand.class)
                : KeywardCommand.class;
    }

    /** Every command's {@code --version} names keyward's version, as the top one does. */
    private static void giveVersion(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new Version());
        for (CommandLine sub : cl.getSubcommands().values()) {
            giveVersion(sub);
        }
    }

    /** True when the innermost command given was asked for {@code --verbose}. */
    private static boolean verbose(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (p.hasSubcommand()) {
            p = p.subcommand();
        }
        return p.hasMatchedOption("--verbose");
    }

    /** The process's streams as one command sees them. */
    static final class Io {
        final PrintWriter out;
        final PrintWriter err;
        final InputStream in;
        final boolean terminal;
        boolean verbose;

        Io(PrintWriter out, PrintWriter err, InputStream in, boolean terminal) {
            this.out = out;
            this.err = err;
            this.in = in;
            this.terminal = terminal;
        }
    }
}
