package dev.keyward.cli;

import dev.keyward.suppress.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --no-config}: which config file applies. Part of {@link SuppressionMixin}. */
final class ConfigMixin {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file: rules, rule switches, allowlists; a gitleaks config works unchanged "
                    + "(default: the scanned folder's .keyward.toml, else the repository root's).")
    Path config;

    @Option(names = "--no-config", description = "Do not look for .keyward.toml.")
    boolean noConfig;

    /** The config file that applies to {@code roots} (as {@link #load} finds it), if any. */
    Optional<Path> file(List<Path> roots) {
        Optional<Path> file = Optional.ofNullable(config);
        if (file.isEmpty() && !noConfig) {
            for (Path root : roots.isEmpty() ? List.of(Path.of("")) : roots) {
                file = Config.find(root);
                if (file.isPresent()) {
                    break;
                }
            }
        }
        return file;
    }

    /**
     * The config that applies (named, found, or none); its warnings are printed to {@code err}.
     *
     * @param roots what is being scanned; the first with a {@code .keyward.toml} (in it or at its repository root)
     *              wins; none means the current folder
     * @throws dev.keyward.rules.RuleException naming the file, rule and field when the config cannot be used
     */
    Config load(List<Path> roots, PrintWriter err) {
        Optional<Path> file = file(roots);
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
