package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * keyward's own repository scans clean with its own {@code .keyward.toml}, which names the files that hold keys on
 * purpose; without the config those files are still found, so the config is what makes it clean.
 */
class OwnTreeTest {

    private static final Path ROOT = Path.of(System.getProperty("keyward.root", "..")).toAbsolutePath().normalize();

    @Test
    void theProjectsOwnScanIsCleanBecauseItsConfigSaysWhichFixturesHoldKeys() {
        assertThat(ROOT.resolve(".keyward.toml")).exists();
        assertThat(Files.isDirectory(ROOT.resolve("rules"))).isTrue();

        Cli clean = Cli.run("scan", ROOT.toString());
        assertThat(clean.code()).as(clean.toString()).isZero();

        Cli raw = Cli.run("scan", "--no-config", ROOT.resolve("rules").toString());
        assertThat(raw.code()).as(raw.toString()).isEqualTo(1);
    }
}
