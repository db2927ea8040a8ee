package dev.keyward.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link History#enumerate(Path, HistoryOptions, java.util.Collection)}: history walked elsewhere is left out. */
class KnownHistoryTest {

    @TempDir
    Path tmp;

    @Test
    void whatKnownCommitsReachIsNeitherWalkedNorListed() {
        GitFixture g = GitFixture.init(tmp.resolve("r"));
        g.write("a.txt", "a\n").commit("one");
        String shared = g.write("b.txt", "b\n").commit("two");
        g.write("c.txt", "c\n").write("a.txt", "a again\n").commit("three");

        HistoryInventory all = History.enumerate(g.dir(), HistoryOptions.defaults());
        HistoryInventory rest = History.enumerate(g.dir(), HistoryOptions.defaults(),
                List.of(shared, "0123456789012345678901234567890123456789", "not an id"));

        assertThat(all.info().commits()).isEqualTo(3);
        assertThat(rest.info().commits()).isEqualTo(1);
        // Only what commit "three" adds to the known tree: b.txt (unchanged) is not new.
        assertThat(rest.blobs()).extracting(HistoryBlob::path).containsExactlyInAnyOrder("c.txt", "a.txt");
        assertThat(all.blobs()).extracting(HistoryBlob::path).contains("b.txt");
        assertThat(History.enumerate(g.dir(), HistoryOptions.defaults(), List.of()).blobs())
                .hasSameSizeAs(all.blobs());
    }
}
