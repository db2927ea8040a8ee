package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoListTest {

    @TempDir
    Path tmp;

    @Test
    void everyFormOfALineIsRead() throws Exception {
        Path bare = Files.createDirectories(tmp.resolve("bare.git"));
        Path list = tmp.resolve("repos.txt");
        Files.writeString(list, String.join("\n",
                "# the platform team",
                "",
                "https://github.com/Acme/API.git",
                "   ssh://git@git.example.com:2222/team/tool.git  ",
                "git@github.com:acme/web.git",
                "file:///srv/git/lib.git",
                bare.toString(),
                "relative/work tree",
                "https://github.com/acme/api",
                ""), StandardCharsets.UTF_8);

        List<RepoSpec> repos = RepoList.read(list);

        assertThat(repos).extracting(RepoSpec::name).containsExactly("github.com/Acme/API",
                "git.example.com_2222/team/tool", "github.com/acme/web", "file/srv/git/lib", bare.toString(),
                "relative/work tree", "github.com/acme/api");
        assertThat(repos.get(0).url()).isEqualTo("https://github.com/Acme/API.git");
        assertThat(repos.get(0).isRemote()).isTrue();
        assertThat(repos.get(4).isRemote()).isFalse();
        assertThat(repos.get(4).localPath()).isEqualTo(bare);
        assertThat(repos.get(5).localPath()).isEqualTo(Path.of("relative/work tree"));
        assertThat(repos).allMatch(RepoSpec::isNetworkRoot);
    }

    @Test
    void theSameRepositorySpelledTwiceIsListedOnce() {
        List<RepoSpec> repos = RepoList.parse("list", List.of("https://github.com/acme/api.git",
                "https://github.com/acme/api/", "https://GITHUB.com/acme/api"));
        assertThat(repos).hasSize(1);
    }

    @Test
    void badLinesAreNamedWithTheirLineNumbers() {
        assertThatThrownBy(() -> RepoList.parse("repos.txt", List.of("# ok", "http://example.com/a.git",
                "https://example.com/a.git", "ftp://example.com/x", "https:///nohost", "https://h.example/a/../b")))
                .isInstanceOf(OrgException.class)
                .hasMessageContaining("repos.txt:2: 'http://example.com/a.git': plain http:// is not supported")
                .hasMessageContaining("repos.txt:4: 'ftp://example.com/x': unsupported scheme ftp://")
                .hasMessageContaining("repos.txt:5: 'https:///nohost': a https:// URL needs a host")
                .hasMessageContaining("repos.txt:6:")
                .hasMessageNotContaining("repos.txt:3");
    }

    @Test
    void aPasswordInABadLineIsNotRepeated() {
        assertThatThrownBy(() -> RepoList.arguments(List.of("/ok", "https://bob:hunter2@example.com/")))
                .hasMessageContaining("argument 2: 'https://bob:***@example.com/'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aMissingListIsAClearError() {
        assertThatThrownBy(() -> RepoList.read(tmp.resolve("nope.txt")))
                .isInstanceOf(OrgException.class).hasMessageContaining("nope.txt does not exist");
    }

    @Test
    void userInfoIsHiddenFromToStringButKeptInTheUrl() {
        RepoSpec s = RepoSpec.remote("https://x-access-token:s3cr3t@github.com/acme/api.git");
        assertThat(s.toString()).doesNotContain("s3cr3t").contains("x-access-token:***");
        assertThat(s.name()).isEqualTo("github.com/acme/api");
        assertThat(s.url()).contains("s3cr3t");
        assertThat(RepoSpec.remote("https://ghp_token@github.com/a/b").toString()).doesNotContain("ghp_token");
    }

    @Test
    void aSpecSurvivesSerialisation() throws Exception {
        RepoSpec s = RepoSpec.remote("git@github.com:acme/fork.git").withName("acme/fork")
                .withNetwork("github.com/acme/parent");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(s);
        }
        assertThat(s.isNetworkRoot()).isFalse();
        assertThat(s.key()).isEqualTo("github.com/acme/fork");
    }
}
