package dev.keyward.cli;

import dev.keyward.Scanner;
import dev.keyward.suppress.Baseline;
import dev.keyward.suppress.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --config}, {@code --no-config} and {@code --baseline} for every command that scans ({@code scan},
 * {@code history}, {@code staged}), so suppression works the same in all of them. Use:
 *
 * <pre>{@code
 * @Mixin SuppressionMixin suppression;
 * ...
 * Scanner scanner = suppression.builder(List.of(root), io.err).threads(...).build();
 * }</pre>
 *
 * A config or baseline that cannot be used throws a {@link dev.keyward.rules.RuleException} whose message names
 * the file (and rule and field); the command line prints it and exits 2.
 */
final class SuppressionMixin {

    @Mixin
    ConfigMixin configs;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Do not report the findings accepted in this baseline (see 'keyward baseline create').")
    Path baseline;

    private Config loaded = Config.empty();

    /** The config {@link #builder} applied ({@link Config#empty()} before it is called, or when there is none). */
    Config config() {
        return loaded;
    }

    /**
     * A scanner builder with the config and baseline applied; config warnings are printed to {@code err}.
     *
     * @param roots what is being scanned (folders, files, a repository), to find {@code .keyward.toml}
     */
    Scanner.Builder builder(List<Path> roots, PrintWriter err) {
        loaded = configs.load(roots, err);
        Scanner.Builder b = Scanner.builder().config(loaded);
        if (baseline != null) {
            b.baseline(Baseline.read(baseline));
        }
        return b;
    }
}
