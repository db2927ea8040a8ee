package dev.keyward.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.source.HistoryOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole run killed (SIGKILL) half-way in another JVM, then resumed: nothing lost, nothing read twice. */
class OrgScanKillTest {

    @TempDir
    Path tmp;

    @Test
    void aKilledRunIsContinuedWhereItStopped() throws Exception {
        Random random = new Random(99);
        List<String> keys = new ArrayList<>();
        List<GitFixture> repos = new ArrayList<>();
        for (String name : List.of("one", "two")) {
            GitFixture f = GitFixture.init(tmp.resolve(name));
            for (int i = 0; i < 4; i++) {
                String key = Findings.newKey(random);
                keys.add(key);
                f.write("conf" + i + ".env", "KEY=" + key + "\n").write("notes" + i + ".txt", name + i + "\n")
                        .commit("commit " + i);
            }
            repos.add(f);
        }
        Path state = tmp.resolve("state.db");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrgScanChild.class.getName(), state.toString()));
        repos.forEach(r -> cmd.add(r.dir().toString()));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("committed");
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        JGitHistory parts = new JGitHistory();
        Set<String> all = new HashSet<>();
        repos.forEach(r -> parts.enumerate(r.dir(), HistoryOptions.defaults()).blobs()
                .forEach(b -> all.add(b.blobId())));
        Set<String> before;
        try (StateStore s = StateStore.open(state, Duration.ofSeconds(10))) {
            before = s.scanned(all, "rules-1");
            assertThat(s.runs()).singleElement().satisfies(r -> assertThat(r.complete()).isFalse());
        }
        assertThat(before).isNotEmpty().hasSizeLessThan(all.size());

        OrgResult r;
        try (StateStore s = StateStore.open(state, Duration.ofSeconds(10))) {
            r = new OrgScan(parts, s, new Mirrors(Mirrors.Options.defaults(Map.of()).withDir(tmp.resolve("cache"))),
                    OrgOptions.of(HistoryOptions.defaults(), "rules-1").withBatchSize(2))
                    .run(repos.stream().map(f -> RepoSpec.local(f.dir())).toList(), new OrgListener() { });
        }
        Set<String> rest = new HashSet<>(all);
        rest.removeAll(before);
        assertThat(parts.scans.keySet()).isEqualTo(rest);
        assertThat(r.credentials()).extracting(c -> c.first().secret()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(r.errors()).isEmpty();
    }
}
