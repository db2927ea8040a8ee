package dev.keyward.cli;

import dev.keyward.html.HtmlReporter;
import dev.keyward.org.RepoSpec;
import dev.keyward.report.Reporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place a report format's name maps to its writer, for {@code --format} and {@code --report} alike. A new
 * format is one more entry here.
 */
final class Formats {

    private static final Map<String, Supplier<Reporter>> WRITERS = new LinkedHashMap<>();

    static {
        for (String name : Reporter.FORMATS) {
            WRITERS.put(name, () -> Reporter.forFormat(name));
        }
        WRITERS.put("html", HtmlReporter::new);
    }

    private Formats() {
    }

    /** The known names, default first. */
    static List<String> names() {
        return List.copyOf(WRITERS.keySet());
    }

    static boolean known(String name) {
        return WRITERS.containsKey(name);
    }

    /**
     * The writer for {@code name}.
     *
     * @throws IllegalArgumentException for a name that is not known
     */
    static Reporter writer(String name) {
        Supplier<Reporter> w = WRITERS.get(name);
        if (w == null) {
            throw new IllegalArgumentException("unknown report format '" + name + "' (expected "
                    + String.join(", ", names()) + ")");
        }
        return w.get();
    }

    /**
     * The writer for {@code name} in a run over several repositories, given in the order of the report's
     * repositories: the HTML page learns each one's name and clone URL, for its own facts and links.
     *
     * @throws IllegalArgumentException for a name that is not known
     */
    static Reporter writer(String name, List<RepoSpec> repositories) {
        if (name.equals("html")) {
            return new HtmlReporter(repositories.stream().map(s -> new HtmlReporter.Named(s.name(), s.url()))
                    .toList());
        }
        return writer(name);
    }
}
