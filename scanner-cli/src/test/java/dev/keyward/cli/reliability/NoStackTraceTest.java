package dev.keyward.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command, fed bad flags and bad inputs: a clear message and exit 2, never a stack trace or an exception's
 * class name unless --verbose is given. The commands are read from the help output, so new ones are covered too.
 */
class NoStackTraceTest {

    /** Commands that change the repository they run in; only fed arguments that fail while parsing. */
    static final Set<String> MUTATING = Set.of("hook install", "hook uninstall");

    @TempDir
    Path dir;

    static List<String> commands(String... parent) {
        Run help = Run.of(concat(List.of(parent), "--help").toArray(String[]::new));
        List<String> found = new ArrayList<>();
        boolean inCommands = false;
        for (String line : help.out().split("\n")) {
            if (line.startsWith("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.isBlank()) {
                break;
            } else if (inCommands && line.matches("  [a-z][a-z-]*( .*)?")) {
                found.add(line.trim().split(" ")[0]);
            }
        }
        List<String> leaves = new ArrayList<>();
        for (String c : found) {
            String[] path = concat(List.of(parent), c).toArray(String[]::new);
            List<String> below = commands(path);
            if (below.isEmpty()) {
                leaves.add(String.join(" ", path));
            } else {
                leaves.addAll(below);
            }
        }
        return leaves;
    }

    static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    @Test
    void badFlagsAndInputsToEveryCommandGiveAMessageNotAStackTrace() throws IOException {
        List<String> commands = commands();
        assertThat(commands).contains("scan", "history", "staged", "decode", "rules check", "baseline create");

        Path notRepo = Files.createDirectories(dir.resolve("plain"));
        Path badToml = Files.writeString(dir.resolve("bad.toml"), "[[rules]]\nid = 'x'\nregex = '''(('''\n");
        Path notToml = Files.writeString(dir.resolve("not.toml"), "this is = = not toml [\n");
        Path badJson = Files.writeString(dir.resolve("bad.json"), "{\"version\": [1, 2");
        Path binary = Files.write(dir.resolve("bin.dat"), new byte[] {0, 1, 2, (byte) 0xFF, 0});
        String missing = dir.resolve("missing/nowhere").toString();

        List<List<String>> parseFailures = List.of(
                List.of("--no-such-flag"),
                List.of("--format", "nope"),
                List.of("--exit-code", "many"),
                List.of("--threads", "-3"),
                List.of("--max-file-size", "12Q"),
                List.of("--config"));
        List<List<String>> badInputs = List.of(
                List.of(missing),
                List.of(notRepo.toString()),
                List.of("--config", badToml.toString(), notRepo.toString()),
                List.of("--config", notToml.toString(), notRepo.toString()),
                List.of("--config", notRepo.toString(), notRepo.toString()),
                List.of("--config", missing, notRepo.toString()),
                List.of("--baseline", badJson.toString(), notRepo.toString()),
                List.of("--baseline", missing, notRepo.toString()),
                List.of("--output", missing, notRepo.toString()),
                List.of("--output", notRepo.toString(), notRepo.toString()),
                List.of(badToml.toString()),
                List.of(notToml.toString()),
                List.of(binary.toString()),
                List.of(""));

        int runs = 0;
        for (String command : commands) {
            List<List<String>> cases = new ArrayList<>(parseFailures);
            if (!MUTATING.contains(command)) {
                cases.addAll(badInputs);
            }
            for (List<String> extra : cases) {
                List<String> args = new ArrayList<>(List.of(command.split(" ")));
                args.addAll(extra);
                Run r = Run.of(args.toArray(String[]::new));
                runs++;
                String all = r.out() + r.err();
                assertThat(all).as("keyward %s\n%s", String.join(" ", args), r)
                        .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Caused by");
                assertThat(r.code()).as("keyward %s\n%s", String.join(" ", args), r).isIn(0, 1, 2);
                if (r.code() == 2) {
                    assertThat(r.err()).as("keyward %s\n%s", String.join(" ", args), r).isNotBlank();
                }
            }
        }
        assertThat(runs).isGreaterThan(100);
    }

    @Test
    void noCommandOrAnUnknownOneIsAUsageMessage() {
        for (String[] args : new String[][] {{}, {"scna"}, {"--verbose"}, {"-"}}) {
            Run r = Run.of(args);
            assertThat(r.code()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(r.toString()).contains("keyward").doesNotContain("\tat ")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void aMissingPathIsExitTwoNamingThePathForEveryPathCommand() {
        String missing = dir.resolve("no/such/place").toString();
        for (String command : List.of("scan", "history", "staged", "baseline create")) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add(missing);
            if (command.equals("baseline create")) {
                args.addAll(List.of("-o", dir.resolve("baseline.json").toString()));
            }
            Run r = Run.of(args.toArray(String[]::new));
            assertThat(r.code()).as(command + "\n" + r).isEqualTo(2);
            assertThat(r.out() + r.err()).as(command + "\n" + r).contains(missing);
        }
    }

    @Test
    void verboseShowsTheDetailsThatAreOtherwiseHidden() throws IOException {
        Path badToml = Files.writeString(dir.resolve("bad.toml"), "[[rules]]\nid = 'x'\nregex = '''(('''\n");
        Run quiet = Run.of("scan", "--config", badToml.toString(), dir.toString());
        assertThat(quiet.code()).isEqualTo(2);
        assertThat(quiet.err()).contains(badToml.toString()).contains("rule 'x'").contains("field 'regex'")
                .doesNotContain("\tat ");
    }
}
