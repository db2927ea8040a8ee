package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One Scanner shared by many threads gives each the same findings as using it alone. */
class ConcurrencyTest {

    @Test
    void eightThreadsAtOnceFindWhatSequentialUseFinds() throws Exception {
        Scanner scanner = Scanner.builder().chunkSize(4096).build();
        Random r = new Random(99);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 30; k++) {
                sb.append("line ").append(r.nextInt()).append(" = ").append(ChunkPropertiesTest.plant(r.nextLong()))
                        .append('\n');
            }
            inputs.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        List<List<Finding>> expected = new ArrayList<>();
        for (byte[] in : inputs) {
            expected.add(scanner.scan(in, "in").findings());
        }
        assertThat(expected.stream().mapToInt(List::size).sum()).isGreaterThan(100);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<List<Finding>>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 5;
                Callable<List<List<Finding>>> job = () -> {
                    start.await();
                    List<List<Finding>> mine = new ArrayList<>(inputs.size());
                    for (int i = 0; i < inputs.size(); i++) {
                        mine.add(null);
                    }
                    for (int n = 0; n < inputs.size(); n++) {
                        int i = (n + offset) % inputs.size(); // each thread in its own order
                        mine.set(i, scanner.scan(inputs.get(i), "in").findings());
                    }
                    return mine;
                };
                results.add(pool.submit(job));
            }
            start.countDown();
            for (Future<List<List<Finding>>> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
