package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Huge and hostile inputs: memory stays flat because findings are passed on while the stream is still being
 * read, and text without a prefilter hit is read without allocating per byte. Sizes are kept small enough for CI;
 * nothing here measures time.
 */
class StreamingTest {

    private static final int CHUNK = 1 << 20;

    /** Repeats a block up to {@code total} bytes and counts what has been read, allocating nothing per read. */
    static final class Repeat extends InputStream {
        private final byte[] block;
        private final long total;
        long pos;

        Repeat(byte[] block, long total) {
            this.block = block;
            this.total = total;
        }

        @Override
        public int read() {
            return pos < total ? block[(int) (pos++ % block.length)] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - pos);
            for (int i = 0; i < n; ) {
                int at = (int) (pos % block.length);
                int k = Math.min(n - i, block.length - at);
                System.arraycopy(block, at, b, off + i, k);
                i += k;
                pos += k;
            }
            return n;
        }
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    /** Scans {@code in}, checking every finding arrives at most {@code maxLag} bytes after the stream reached it. */
    private static long scanWithLag(Scanner scanner, Repeat in, long maxLag) {
        long[] count = {0};
        long[] worstLag = {0};
        scanner.scan(in, new Provenance.Stream("big"), new ScanListener() {
            @Override
            public void finding(Finding f) {
                count[0]++;
                worstLag[0] = Math.max(worstLag[0], in.pos - f.location().offset());
            }
        });
        assertThat(worstLag[0]).as("bytes read past a finding before it was passed on").isLessThan(maxLag);
        return count[0];
    }

    @Test
    void textWithoutAHitIsReadWithoutAllocatingPerByte() {
        byte[] line = "the quick brown fox jumps over the lazy dog, nothing to see here; move along please\n"
                .getBytes(StandardCharsets.US_ASCII);
        Scanner scanner = Scanner.builder().chunkSize(CHUNK).build();
        scanner.scan(new Repeat(line, 4L << 20), new Provenance.Stream("warm"), f -> { });
        long before = allocatedByThisThread();
        long[] found = {0};
        scanner.scan(new Repeat(line, 64L << 20), new Provenance.Stream("quiet"), f -> found[0]++);
        long allocated = allocatedByThisThread() - before;
        assertThat(found[0]).isZero();
        assertThat(allocated).as("bytes allocated to scan 64 MiB with no hit").isLessThan(4L << 20);
    }

    @Test
    void aLongStreamWithKeysIsPassedOnAsItGoesAndAllocatesLittle() {
        Random r = new Random(7);
        StringBuilder block = new StringBuilder();
        while (block.length() < (1 << 20) - 200) {
            block.append("log line ").append(r.nextInt(1_000_000)).append(" ok\n");
        }
        block.append("aws_access_key_id = ").append(TestKeys.keyId(r, "AKIA")).append('\n');
        block.append("aws_secret_access_key = ").append(TestKeys.secret(r)).append('\n');
        byte[] bytes = block.toString().getBytes(StandardCharsets.US_ASCII);
        Scanner scanner = Scanner.builder().chunkSize(CHUNK).build();
        long before = allocatedByThisThread();
        Repeat in = new Repeat(bytes, 256L * bytes.length);
        long n = scanWithLag(scanner, in, 2L * CHUNK + (1 << 16));
        long allocated = allocatedByThisThread() - before;
        assertThat(n).isEqualTo(2 * 256);
        assertThat(allocated).as("bytes allocated for 256 MiB with 512 findings").isLessThan(64L << 20);
    }

    @Test
    void aReadErrorKeepsWhatWasFoundBeforeIt() {
        String key = TestKeys.keyId(new Random(10), "AKIA");
        byte[] head = ("first line\naws_access_key_id = " + key + "\n" + "x".repeat(5000) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        InputStream failing = new InputStream() {
            private int pos;

            @Override
            public int read() throws java.io.IOException {
                if (pos < head.length) {
                    return head[pos++];
                }
                throw new java.io.IOException("disk went away");
            }
        };
        dev.keyward.finding.ScanResult result = Scanner.builder().chunkSize(1000).build().scan(failing, "f");
        assertThat(result.findings()).extracting(Finding::secret).containsExactly(key);
        assertThat(result.errors()).singleElement()
                .satisfies(e -> assertThat(e.toString()).contains("disk went away"));
    }

    @Test
    void aHugeSingleLinePackedWithKeyIdsIsPassedOnAsItGoes() {
        Random r = new Random(8);
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            block.append(TestKeys.keyId(r, "AKIA")).append(' ');
        }
        byte[] bytes = block.toString().getBytes(StandardCharsets.US_ASCII);
        Scanner scanner = Scanner.builder().chunkSize(64 * 1024).build();
        Repeat in = new Repeat(bytes, 200L * bytes.length);
        long n = scanWithLag(scanner, in, 2L * 64 * 1024 + (1 << 16));
        assertThat(n).isEqualTo(200L * 200);
    }

    @Test
    void aHugeSingleLinePackedWithKeywordsAndPairsCompletesWithTheRightFindings() {
        Random r = new Random(9);
        List<String> secrets = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String secret = TestKeys.secret(r);
            secrets.add(secret);
            block.append("secret session account security ").append(TestKeys.keyId(r, "ASIA")).append(' ')
                    .append(secret).append(' ');
        }
        byte[] bytes = block.toString().getBytes(StandardCharsets.US_ASCII);
        int copies = (512 << 10) / bytes.length;
        Scanner scanner = Scanner.builder().chunkSize(64 * 1024).build();
        List<Finding> found = new ArrayList<>();
        scanner.scan(new Repeat(bytes, (long) copies * bytes.length), new Provenance.Stream("x"), found::add);
        assertThat(found).hasSize(80 * copies);
        assertThat(found).allSatisfy(f -> assertThat(f.pairedWith()).isNotNull());
        assertThat(found.stream().filter(f -> f.kind().equals("aws-secret-access-key")).map(Finding::secret).distinct())
                .containsExactlyInAnyOrderElementsOf(secrets);
    }
}
