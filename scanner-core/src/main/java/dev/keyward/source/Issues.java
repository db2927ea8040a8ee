package dev.keyward.source;

import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.MissingObjectException;

/** What a history walk skipped or could not read, gathered for its inventory. One walk's; not thread-safe. */
final class Issues {
    final List<Skipped> skipped = new ArrayList<>();
    final List<ScanError> errors = new ArrayList<>();

    void skipped(Skipped s) {
        skipped.add(s);
    }

    void error(ScanError e) {
        errors.add(e);
    }

    /** Why an object could not be read, for a message that names it. */
    static String reason(IOException e) {
        if (e instanceof MissingObjectException) {
            return "is missing from the repository";
        }
        String m = e.getMessage();
        return "cannot be read (" + (m == null ? e.getClass().getSimpleName() : m) + ")";
    }
}
