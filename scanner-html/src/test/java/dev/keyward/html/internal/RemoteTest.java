package dev.keyward.html.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteTest {

    @ParameterizedTest
    @CsvSource({
            "https://github.com/acme/widgets.git, https://github.com/acme/widgets",
            "https://github.com/acme/widgets, https://github.com/acme/widgets",
            "https://user:ghp_token@github.com/acme/widgets.git, https://github.com/acme/widgets",
            "git@github.com:acme/widgets.git, https://github.com/acme/widgets",
            "ssh://git@github.com/acme/widgets.git, https://github.com/acme/widgets",
            "ssh://git@github.com:22/acme/widgets.git/, https://github.com/acme/widgets",
            "git@gitlab.com:group/sub/project.git, https://gitlab.com/group/sub/project",
            "https://gitlab.com/group/project, https://gitlab.com/group/project",
            "git@bitbucket.org:team/repo.git, https://bitbucket.org/team/repo",
            "https://team@bitbucket.org/team/repo.git, https://bitbucket.org/team/repo"})
    void knownHostsInEveryForm(String url, String home) {
        assertThat(Remote.parse(url).home()).isEqualTo(home);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/acme/widgets.git", "git@github.com.evil.test:acme/widgets.git",
            "https://github.com/acme", "https://github.com/a/b/c", "https://github.com/acme/wid\"gets",
            "https://github.com/acme/<script>", "javascript:alert(1)", "/srv/git/widgets.git", "../widgets",
            "file:///srv/git/widgets.git", "https://github.com/../../x", ""})
    void anythingElseGivesNoLink(String url) {
        assertThat(Remote.parse(url)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "git@github.com:a/b.git, https://github.com/a/b/commit/0123abc, https://github.com/a/b/blob/0123abc/d%20e/f%3Cg%3E.env",
            "git@gitlab.com:a/b.git, https://gitlab.com/a/b/-/commit/0123abc, https://gitlab.com/a/b/-/blob/0123abc/d%20e/f%3Cg%3E.env",
            "git@bitbucket.org:a/b.git, https://bitbucket.org/a/b/commits/0123abc, https://bitbucket.org/a/b/src/0123abc/d%20e/f%3Cg%3E.env"})
    void commitAndFileLinksPerHost(String url, String commit, String file) {
        Remote r = Remote.parse(url);
        assertThat(r.commit("0123abc")).isEqualTo(commit);
        assertThat(r.file("0123abc", "d e/f<g>.env")).isEqualTo(file);
        assertThat(r.commit("not-a-sha")).isNull();
    }
}
