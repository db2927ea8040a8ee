package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefTipsTest {

    @TempDir
    Path tmp;

    @Test
    void everyRefAndHeadOfAWorkTreeOrOnlyTheNamedOnes() {
        GitFixture f = GitFixture.init(tmp.resolve("w"));
        String one = f.write("a.txt", "a\n").commit("one");
        f.git("tag", "v1");
        f.git("branch", "side");
        String two = f.write("b.txt", "b\n").commit("two");

        assertThat(RefTips.read(f.dir(), null)).containsOnly(java.util.Map.entry("HEAD", two),
                java.util.Map.entry("refs/heads/main", two), java.util.Map.entry("refs/heads/side", one),
                java.util.Map.entry("refs/tags/v1", one));
        assertThat(RefTips.read(f.dir().resolve(".git"), List.of("refs/heads/side", "refs/heads/gone")))
                .containsOnly(java.util.Map.entry("refs/heads/side", one));
    }

    @Test
    void aFolderThatIsNoRepositoryIsAClearError() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> RefTips.read(plain, null)).isInstanceOf(OrgException.class)
                .hasMessage(plain + " is not a Git repository");
    }
}
