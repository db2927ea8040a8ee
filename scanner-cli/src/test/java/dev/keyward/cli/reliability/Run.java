package dev.keyward.cli.reliability;

import dev.keyward.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-memory run of keyward: exit code, stdout and stderr. */
record Run(int code, String out, String err) {

    static Run of(String... args) {
        return with(new ByteArrayInputStream(new byte[0]), args);
    }

    static Run with(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), stdin, false, args);
        return new Run(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
