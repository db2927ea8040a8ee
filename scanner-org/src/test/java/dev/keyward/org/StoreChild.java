package dev.keyward.org;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The other process of {@link StateStoreProcessTest}. {@code batches FILE}: commits batches of ten blobs (one with a
 * finding), saying "committed N" after each; the fourth stops before its commit, says "in-transaction" and waits
 * to be killed. {@code hold FILE}: opens the store, says "locked", closes it when a line arrives on standard input.
 */
public final class StoreChild {

    private StoreChild() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[1]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (args[0].equals("hold")) {
            try (StateStore s = StateStore.open(file, Duration.ZERO)) {
                s.startRun(Instant.now(), "h");
                say("locked");
                in.readLine();
            }
            say("closed");
            return;
        }
        SqliteStateStore s = (SqliteStateStore) StateStore.open(file, Duration.ZERO);
        long run = s.startRun(Instant.parse("2026-12-01T00:00:00Z"), "h");
        java.util.Random r = new java.util.Random(7);
        for (int batch = 0; ; batch++) {
            List<String> blobs = new ArrayList<>();
            for (int j = 0; j < 10; j++) {
                blobs.add("blob-" + batch + "-" + j);
            }
            List<StateStore.StoredFinding> findings = List.of(new StateStore.StoredFinding("repo",
                    Findings.keyId(Findings.newKey(r), blobs.get(0), "c" + batch, "f" + batch + ".txt",
                            Instant.parse("2026-01-01T00:00:00Z"), 1), "h", run, true, false));
            int n = batch;
            s.commitBatch(run, "h", blobs, findings, () -> {
                if (n == 3) {
                    say("in-transaction");
                    try {
                        in.readLine(); // the parent kills us here, half-way through the batch
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    throw new IllegalStateException("was not killed");
                }
            });
            say("committed " + batch);
        }
    }

    private static void say(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
