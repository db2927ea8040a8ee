package dev.keyward.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

class GlobsTest {

    private static boolean matches(String glob, String path) {
        Pattern p = Globs.compile(glob);
        return p.matches(path);
    }

    @Test
    void nameWithoutSlashMatchesAtAnyDepth() {
        assertThat(matches("*.lock", "yarn.lock")).isTrue();
        assertThat(matches("*.lock", "a/b/yarn.lock")).isTrue();
        assertThat(matches("*.lock", "a/yarn.lock.txt")).isFalse();
        assertThat(matches("vendor/", "x/vendor")).isTrue();
    }

    @Test
    void slashAnchorsAtTheRoot() {
        assertThat(matches("src/*.env", "src/a.env")).isTrue();
        assertThat(matches("src/*.env", "src/x/a.env")).isFalse();
        assertThat(matches("src/*.env", "lib/src/a.env")).isFalse();
        assertThat(matches("/src/**", "src/x/y/a.env")).isTrue();
        assertThat(matches("**/test/*.json", "test/a.json")).isTrue();
        assertThat(matches("**/test/*.json", "a/b/test/a.json")).isTrue();
    }

    @Test
    void classesBracesAndEscapes() {
        assertThat(matches("*.{yml,yaml}", "ci/a.yaml")).isTrue();
        assertThat(matches("*.{yml,yaml}", "ci/a.json")).isFalse();
        assertThat(matches("file[0-9].txt", "file7.txt")).isTrue();
        assertThat(matches("file[!0-9].txt", "file7.txt")).isFalse();
        assertThat(matches("a?c", "abc")).isTrue();
        assertThat(matches("a?c", "a/c")).isFalse();
        assertThat(matches("a.c", "abc")).isFalse();
        assertThat(matches("\\*.txt", "*.txt")).isTrue();
    }

    @Test
    void badGlobsAreRejected() {
        assertThatThrownBy(() -> Globs.compile("[abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Globs.compile("{a,b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Globs.compile("")).isInstanceOf(IllegalArgumentException.class);
    }
}
