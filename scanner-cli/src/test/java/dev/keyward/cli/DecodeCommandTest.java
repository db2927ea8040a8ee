package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecodeCommandTest {

    // Split so the repository never holds a key-ID-shaped literal; this one is the design brief's check value.
    static final String KNOWN = "AKIA" + "YVP4CIPPERUVIFXG";
    static final String LEGACY = "AKIA" + "IOSFODNN7EXAMPLE";

    @Test
    void decodesTheTypeAndAccountOfAModernId() {
        Cli r = Cli.run("decode", KNOWN);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains(KNOWN).contains("access key (long-term)").contains("account  595918472158");
    }

    @Test
    void saysWhyALegacyIdHasNoAccount() {
        Cli r = Cli.run("decode", LEGACY, "aroa" + "YVP4CIPPJ5M54LRC");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("legacy ID").contains("IAM role").contains("not a credential");
    }

    @Test
    void somethingThatIsNotAnIdExitsTwoAndTheRestAreStillDecoded() {
        Cli r = Cli.run("decode", "hello", KNOWN);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'hello' is not an AWS ID");
        assertThat(r.out()).contains("595918472158");
    }

    @Test
    void noArgumentIsAUsageError() {
        Cli r = Cli.run("decode");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("KEYID");
    }

    @Test
    void everyCommandHasHelpWithExamplesAndTheToolHasAVersion() {
        for (String cmd : new String[] {"scan", "decode"}) {
            Cli r = Cli.run(cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: keyward " + cmd).contains("Examples:");
        }
        Cli v = Cli.run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("keyward ");
        // Every command's -V names the same version (picocli's own default for a subcommand is to print nothing).
        for (String[] cmd : new String[][] {{"scan"}, {"history"}, {"baseline", "create"}, {"hook", "status"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "-V";
            Cli sub = Cli.run(args);
            assertThat(sub.code()).as(String.join(" ", cmd)).isZero();
            assertThat(sub.out()).as(String.join(" ", cmd)).isEqualTo(v.out());
        }
    }
}
