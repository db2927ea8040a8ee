package dev.keyward.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs keyward in memory, as a test would from a shell: arguments and stdin in; exit code, stdout, stderr out. */
record Cli(int code, String out, String err) {

    static Cli run(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), false, args);
    }

    static Cli runWithStdin(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false, args);
    }

    static Cli run(InputStream in, boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), in, terminal, args);
        return new Cli(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
