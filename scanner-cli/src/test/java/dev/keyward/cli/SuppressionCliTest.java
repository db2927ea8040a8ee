package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config files and baselines through {@code keyward scan}, on real files. */
class SuppressionCliTest {

    @TempDir
    Path dir;

    private final Random random = new Random(6);

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }

    @Test
    void configFoundAtScannedRootAllowlistsPathsByGlobAndRegex() throws IOException {
        String k1 = TestKeys.keyId(random, "AKIA");
        String k2 = TestKeys.keyId(random, "AKIA");
        String k3 = TestKeys.keyId(random, "AKIA");
        write(dir.resolve("vendor/lib/a.txt"), "id = " + k1 + "\n");
        write(dir.resolve("testdata/b.txt"), "id = " + k2 + "\n");
        write(dir.resolve("src/c.txt"), "id = " + k3 + "\n");
        write(dir.resolve(".keyward.toml"), """
                [allowlist]
                globs = ["vendor"]
                paths = ['''^testdata/''']
                """);

        Cli r = Cli.run("scan", "--format", "jsonl", dir.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains(k3).doesNotContain(k1).doesNotContain(k2);
    }

    @Test
    void baselineHidesAcceptedFindingsOnly() throws IOException {
        String k1 = TestKeys.keyId(random, "AKIA");
        write(dir.resolve("a.txt"), "id = " + k1 + "\n");
        Path baseline = dir.resolve("baseline.json");
        Cli created = Cli.run("baseline", "create", dir.toString(), "--output", baseline.toString());
        assertThat(created.code()).as(created.err()).isEqualTo(0);

        assertThat(Cli.run("scan", "--baseline", baseline.toString(), dir.toString()).code()).isEqualTo(0);
        assertThat(Cli.run("scan", dir.toString()).code()).isEqualTo(1);
    }
}
