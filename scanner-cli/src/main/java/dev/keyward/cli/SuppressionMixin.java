package dev.keyward.cli;

import dev.keyward.Scanner;
import dev.keyward.suppress.Baseline;
import dev.keyward.suppress.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --config}, {@code --no-config} and {@code --baseline} for every command that scans ({@code scan},
 * {@code history}, {@code staged}, ...), so suppression works the same in all of them. Use:
 *
 * <pre>{@code
 * @Mixin SuppressionMixin suppression;
 * ...
 * Scanner scanner = suppression.builder(List.of(root), io.err).build();
 * }</pre>
 *
 * A config or baseline that cannot be used throws a {@link dev.keyward.rules.RuleException} whose message names
 * the file (and rule and field); the command line prints it and exits 2.
 */
final class SuppressionMixin {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file: rules, rule switches, allowlists (a gitleaks config works unchanged). "
                    + "Default: .keyward.toml in the scanned folder, else at the repository root.")
    Path config;

    @Option(names = "--no-config", description = "Do not look for .keyward.toml.")
    boolean noConfig;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Do not report the findings accepted in this baseline (see 'keyward baseline create').")
    Path baseline;

    /**
     * A scanner builder with the config and baseline applied; config warnings are printed to {@code err}.
     *
     * @param roots what is being scanned (a folder, a file, a repository), to find {@code .keyward.toml}; the first
     *              root with one wins
     */
    Scanner.Builder builder(List<Path> roots, PrintWriter err) {
        Scanner.Builder b = Scanner.builder().config(config(roots, err));
        if (baseline != null) {
            b.baseline(Baseline.read(baseline));
        }
        return b;
    }

    /** The config that applies (named, found, or none); its warnings are printed to {@code err}. */
    Config config(List<Path> roots, PrintWriter err) {
        Optional<Path> file = Optional.ofNullable(config);
        if (file.isEmpty() && !noConfig) {
            for (Path root : roots.isEmpty() ? List.of(Path.of(".")) : roots) {
                file = Config.find(root);
                if (file.isPresent()) {
                    break;
                }
            }
        }
        if (file.isEmpty()) {
            return Config.empty();
        }
        Config c = Config.load(file.get());
        for (String w : c.warnings()) {
            err.println("keyward: warning: " + w);
        }
        return c;
    }
}
