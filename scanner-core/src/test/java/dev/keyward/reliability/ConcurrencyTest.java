package dev.keyward.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Scanner;
import dev.keyward.TestKeys;
import dev.keyward.finding.Finding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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

/** One {@link Scanner} shared by 8 threads at once finds exactly what it finds used from one thread. */
class ConcurrencyTest {

    static final int THREADS = 8;

    /** Inputs that exercise every rule, pairing, decoding and the chunk seams. */
    static List<byte[]> inputs() {
        Random r = new Random(88);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < 10; j++) {
                switch (j < 7 ? (i + j) % 7 : r.nextInt(7)) {
                    case 0 -> sb.append("aws_access_key_id = ").append(TestKeys.keyId(r, "AKIA")).append('\n');
                    case 1 -> sb.append(TestKeys.keyId(r, "ASIA")).append("\naws_secret_access_key=")
                            .append(TestKeys.secret(r)).append("\naws_session_token=")
                            .append(TestKeys.sessionToken(r, 300)).append('\n');
                    case 2 -> sb.append("data:\n  key: ").append(Base64.getEncoder().encodeToString(
                            ("AWS_ACCESS_KEY_ID=" + TestKeys.keyId(r, "AKIA")).getBytes(StandardCharsets.UTF_8)))
                            .append('\n');
                    case 3 -> sb.append("https://x/?X-Amz-Credential=").append(TestKeys.keyId(r, "ASIA"))
                            .append("%2F20260101%2F&X-Amz-Security-Token=")
                            .append(TestKeys.sessionToken(r, 400).replace("/", "%2F")).append('\n');
                    case 4 -> sb.append("noise ".repeat(r.nextInt(400))).append('\n');
                    case 5 -> sb.append("{\"secretAccessKey\":\"").append(TestKeys.secret(r)).append("\"}\n");
                    default -> sb.append("aws_account_id = ").append(100000000000L + r.nextInt(1 << 30))
                            .append('\n');
                }
            }
            out.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void eightThreadsOnOneScannerFindWhatOneThreadFinds() throws Exception {
        Scanner scanner = Scanner.builder().chunkSize(4096).build(); // small chunks: many seams between threads
        List<byte[]> inputs = inputs();
        List<List<Finding>> expected = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            expected.add(scanner.scan(inputs.get(i), "in" + i).findings());
        }
        assertThat(expected.stream().mapToInt(List::size).sum()).isGreaterThan(100);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 2; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<List<Finding>>>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int offset = t * 5 + round;
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<List<Finding>> got = new ArrayList<>();
                        for (int k = 0; k < inputs.size(); k++) {
                            int i = (k + offset) % inputs.size(); // each thread in its own order
                            got.add(scanner.scan(new ByteArrayInputStream(inputs.get(i)), "in" + i).findings());
                        }
                        return got;
                    }));
                }
                start.countDown();
                for (int t = 0; t < THREADS; t++) {
                    List<List<Finding>> got = futures.get(t).get(5, TimeUnit.MINUTES);
                    int offset = t * 5 + round;
                    for (int k = 0; k < inputs.size(); k++) {
                        int i = (k + offset) % inputs.size();
                        assertThat(got.get(k)).as("thread %d, input %d", t, i).isEqualTo(expected.get(i));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
