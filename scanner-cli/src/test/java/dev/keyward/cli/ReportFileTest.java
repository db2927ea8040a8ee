package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report file is written whole or not at all: a writer that fails midway leaves the old file as it was. */
class ReportFileTest {

    @TempDir
    Path dir;

    private final Main.Io io = new Main.Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            new ByteArrayInputStream(new byte[0]), false);

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileByteForByteAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("report.json");
        byte[] old = "the previous report\n".repeat(500).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(target, old);

        assertThatThrownBy(() -> ReportFile.write(target.toString(), io, false, w -> {
            w.write("{\"findings\": [".repeat(10_000)); // more than any buffer, so some of it reaches the disk
            throw new IOException("the disk is full");
        })).isInstanceOf(IOException.class).hasMessage("the disk is full");

        assertThat(Files.readAllBytes(target)).isEqualTo(old);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("report.json");
        }
    }

    @Test
    void aWriteThatFailsMidwayCreatesNoFile() {
        Path target = dir.resolve("new.sarif");

        assertThatThrownBy(() -> ReportFile.write(target.toString(), io, true, w -> {
            w.write("half a report");
            throw new IllegalStateException("a reporter failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(dir).isEmptyDirectory();
    }
}
