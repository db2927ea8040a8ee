package dev.keyward.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names with spaces, newlines, tabs, escape characters and bytes that are not UTF-8: each is scanned and
 * reported under its name in every format. Text shows control characters escaped (a name cannot forge report
 * lines or drive the terminal); JSON and JSON Lines carry the name exactly; SARIF percent-encodes it into a URI
 * that decodes back to the name. Bytes that are not UTF-8 are shown as U+FFFD.
 */
class OddNamesInReportsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final List<String> names = new ArrayList<>(List.of("with space.txt", "new\nline.txt", "tab\there.txt",
            "esc\u001b[31mred.txt", "caf\u00e9 \u2603.txt"));

    @BeforeEach
    void files() throws Exception {
        Random r = new Random(5);
        for (String n : names) {
            Files.writeString(dir.resolve(n), "aws_access_key_id = " + TestKeys.keyId(r, "AKIA") + "\n");
        }
        Process p = new ProcessBuilder("sh", "-c", "printf 'aws_access_key_id = %s\\n' " + TestKeys.keyId(r, "AKIA")
                + " > \"$(printf 'bad\\377name.txt')\"").directory(dir.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        names.add("bad\uFFFDname.txt");
    }

    List<String> expectedPaths() {
        return names.stream().map(n -> dir + "/" + n).sorted().toList();
    }

    @Test
    void jsonAndJsonLinesCarryEachNameExactly() throws IOException {
        Run json = Run.of("scan", "--format", "json", dir.toString());
        assertThat(json.code()).as(json.toString()).isEqualTo(1);
        List<String> paths = new ArrayList<>();
        for (JsonNode f : JSON.readTree(json.out()).get("findings")) {
            paths.add(f.get("path").asText());
        }
        assertThat(paths).containsExactlyInAnyOrderElementsOf(expectedPaths());

        Run jsonl = Run.of("scan", "--format", "jsonl", dir.toString());
        List<String> lines = jsonl.out().lines().toList();
        assertThat(lines).hasSize(names.size());
        List<String> linePaths = new ArrayList<>();
        for (String line : lines) {
            linePaths.add(JSON.readTree(line).get("path").asText());
        }
        assertThat(linePaths).containsExactlyInAnyOrderElementsOf(expectedPaths());
    }

    @Test
    void sarifUrisDecodeBackToEachName() throws IOException {
        Run sarif = Run.of("scan", "--format", "sarif", dir.toString());
        assertThat(sarif.code()).isEqualTo(1);
        List<String> decoded = new ArrayList<>();
        for (JsonNode result : JSON.readTree(sarif.out()).at("/runs/0/results")) {
            String uri = result.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
            assertThat(uri).doesNotContain(" ", "\n", "\t", "\u001b");
            decoded.add(URI.create(uri).getPath());
        }
        assertThat(decoded).containsExactlyInAnyOrderElementsOf(expectedPaths());
    }

    @Test
    void textShowsControlCharactersEscapedSoNoNameForgesALine() {
        Run text = Run.of("scan", "--color", "never", dir.toString());
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).doesNotContain("\u001b").doesNotContain("\t")
                .contains(dir + "/new\\nline.txt\n", dir + "/tab\\there.txt\n", dir + "/esc\\x1b[31mred.txt\n",
                        dir + "/with space.txt\n", dir + "/caf\u00e9 \u2603.txt\n", dir + "/bad\uFFFDname.txt\n");
        assertThat(text.out().lines().filter(l -> l.startsWith("line.txt"))).isEmpty();
    }

    @Test
    void theOutputIsValidUtf8InEveryFormat() {
        for (String format : List.of("text", "json", "jsonl", "sarif")) {
            Run r = Run.of("scan", "--format", format, dir.toString());
            byte[] bytes = r.out().getBytes(StandardCharsets.UTF_8);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(r.out());
            assertThat(r.out()).as(format).doesNotContain("\uD800");
        }
    }
}
