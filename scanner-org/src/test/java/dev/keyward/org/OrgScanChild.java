package dev.keyward.org;

import dev.keyward.source.HistoryOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The other process of {@link OrgScanKillTest}: {@code STATE REPO...} runs an {@link OrgScan} in batches of two
 * blobs; after the first batch with a finding is committed it says "committed" and waits to be killed.
 */
public final class OrgScanChild {

    private OrgScanChild() {
    }

    public static void main(String[] args) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<RepoSpec> repos = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            repos.add(RepoSpec.local(Path.of(args[i])));
        }
        try (StateStore state = StateStore.open(Path.of(args[0]), Duration.ZERO)) {
            new OrgScan(new JGitHistory(), state, new Mirrors(Mirrors.Options.defaults(Map.of())
                    .withDir(Path.of(args[0]).resolveSibling("cache"))),
                    OrgOptions.of(HistoryOptions.defaults().withThreads(1), "rules-1").withBatchSize(2))
                    .run(repos, new OrgListener() {
                        @Override
                        public void finding(OrgFinding f) {
                            System.out.println("committed");
                            System.out.flush();
                            try {
                                in.readLine(); // killed here
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                            throw new IllegalStateException("was not killed");
                        }
                    });
        }
    }
}
