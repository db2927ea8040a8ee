package dev.keyward.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hook's own small argument parser, and the shell quoting of what the installer records. */
class PreCommitArgsTest {

    @Test
    void argumentsRoundTrip() {
        PreCommit.Args a = new PreCommit.Args(true, Path.of("base line.json"), Path.of("cfg.toml"), false, true);
        assertThat(PreCommit.Args.parse(a.toList())).isEqualTo(a);
        assertThat(PreCommit.Args.parse(List.of())).isEqualTo(new PreCommit.Args(false, null, null, false, false));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> PreCommit.Args.parse(List.of("--bogus"))).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> PreCommit.Args.parse(List.of("--baseline"))).hasMessageContaining("--baseline");
        assertThatThrownBy(() -> PreCommit.Args.parse(List.of("--config", "x", "--no-config")))
                .hasMessageContaining("--no-config");
    }

    @Test
    void shellQuotingKeepsEveryCharacter() {
        assertThat(HookInstaller.quote("/a b/it's $HOME \"x\"")).isEqualTo("'/a b/it'\\''s $HOME \"x\"'");
    }

    @Test
    void localeFlagOnlyBeforeJava21() {
        assertThat(HookInstaller.jvmFlags(17)).contains("-Djava.locale.providers=COMPAT");
        assertThat(HookInstaller.jvmFlags(21)).noneMatch(f -> f.startsWith("-Djava.locale"));
    }

    @Test
    void aBadArgumentFailsTheCheckClosed() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = PreCommit.run(List.of("--nope"), Path.of("."), java.util.Map.of(), new java.io.PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown option '--nope'");
    }
}
