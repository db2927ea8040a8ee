package dev.keyward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers before any Spark starts: usage and bad input are messages, never stack traces. */
class SparkMainTest {

    @TempDir
    Path tmp;

    private String[] run(String... args) {
        StringWriter w = new StringWriter();
        int code = SparkMain.run(args, new PrintWriter(w, true), Map.of("XDG_CACHE_HOME", tmp.toString()));
        return new String[] {Integer.toString(code), w.toString()};
    }

    @Test
    void noRepositoriesIsUsage() {
        String[] r = run("--out", tmp.resolve("out").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("no repositories").doesNotContain("Exception");
    }

    @Test
    void outIsRequired() {
        String[] r = run("file:///tmp/x.git");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("--out");
    }

    @Test
    void aBadConfigIsAMessageNamingIt() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("bad.toml"), "[[rules]\nid = ");
        String[] r = run("--config", cfg.toString(), "--out", tmp.resolve("out").toString(), "file:///tmp/x.git");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("bad.toml").doesNotContain("\tat ");
    }

    @Test
    void aMissingRepositoryListIsAMessage() {
        String[] r = run("--repos", tmp.resolve("none.txt").toString(), "--out", tmp.resolve("out").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("none.txt").contains("does not exist");
    }
}
