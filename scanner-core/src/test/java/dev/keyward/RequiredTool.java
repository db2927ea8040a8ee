package dev.keyward;

import java.io.File;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a program the README does not list (pre-commit, Chromium): skipped with a message naming the
 * Debian package when the program is absent, except under CI ({@code CI=true}), where {@code .ci/run} installs it
 * and its absence fails the test.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /** The absolute path of {@code command} on PATH, or skips (or fails under CI) naming {@code debianPackage}. */
    public static String require(String command, String debianPackage) {
        String found = onPath(command);
        if (found == null) {
            String msg = "'" + command + "' is not installed (apt-get install " + debianPackage
                    + "; .ci/run installs it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(msg + ": required under CI=true");
            }
            Assumptions.abort("skipped: " + msg);
        }
        return found;
    }

    /** The absolute path of {@code command} on PATH, or null. */
    public static String onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir.isEmpty() ? "." : dir, command);
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
