package dev.keyward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Scanner;
import dev.keyward.TestKeys;
import dev.keyward.finding.ScanResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@link Scanner} walking folders from 8 threads at once (each walk with its own worker pool) finds, skips and
 * fails exactly as one walk alone. The byte-level case is {@code dev.keyward.ConcurrencyTest}.
 */
class ConcurrentFolderScansTest {

    @TempDir
    Path dir;

    @Test
    void eightConcurrentFolderScansMatchASequentialOne() throws Exception {
        Random r = new Random(88);
        for (int i = 0; i < 40; i++) {
            Path f = dir.resolve("d" + (i % 5) + "/f" + i + ".txt");
            Files.createDirectories(f.getParent());
            String body = switch (i % 5) {
                case 0 -> "aws_access_key_id = " + TestKeys.keyId(r, "AKIA") + "\n";
                case 1 -> TestKeys.keyId(r, "ASIA") + "\naws_secret_access_key=" + TestKeys.secret(r) + "\n";
                case 2 -> "data:\n  key: " + Base64.getEncoder().encodeToString(("AWS_ACCESS_KEY_ID="
                        + TestKeys.keyId(r, "AKIA")).getBytes(StandardCharsets.UTF_8)) + "\n";
                case 3 -> "noise only\n".repeat(200);
                default -> "{\"secretAccessKey\":\"" + TestKeys.secret(r) + "\"}\n";
            };
            Files.writeString(f, body);
        }
        Files.write(dir.resolve("d0/bin.dat"), new byte[] {0, 1, 2});
        Files.createSymbolicLink(dir.resolve("d1/link"), dir.resolve("d2"));
        Scanner scanner = Scanner.builder().threads(3).build();
        ScanResult expected = scanner.scan(dir);
        assertThat(expected.findings()).hasSizeGreaterThan(30);
        assertThat(expected.skipped()).hasSize(2);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ScanResult>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return scanner.scan(dir);
                }));
            }
            start.countDown();
            for (Future<ScanResult> f : results) {
                ScanResult got = f.get(2, TimeUnit.MINUTES);
                assertThat(got.findings()).isEqualTo(expected.findings());
                assertThat(got.skipped()).isEqualTo(expected.skipped());
                assertThat(got.errors()).isEqualTo(expected.errors());
                assertThat(got.stats().items()).isEqualTo(expected.stats().items());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
