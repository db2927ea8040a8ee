package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Guards the search of overlapping pairing windows (each key ID's 5 lines around it are searched once, not once
 * per key): a log of presigned URLs, one temporary key and token per line, must still give every key and every
 * token, each paired with the one on its own line.
 */
class DensePairingTest {

    @Test
    void everyKeyAndTokenOfAPresignedUrlLogIsFoundAndPairedOnItsOwnLine() {
        Random r = new Random(42);
        StringBuilder log = new StringBuilder();
        int lines = 300;
        for (int i = 0; i < lines; i++) {
            String key = TestKeys.keyId(r, "ASIA");
            String token = TestKeys.sessionToken(r, 380).replace("/", "%2F").replace("+", "%2B");
            log.append("2026-11-28T10:00:00Z GET https://b.s3.amazonaws.com/o").append(i)
                    .append("?X-Amz-Credential=").append(key).append("%2F20261128%2Fus-east-1%2Fs3%2Faws4_request")
                    .append("&X-Amz-Security-Token=").append(token).append("&X-Amz-Signature=")
                    .append("0123456789abcdef".repeat(4)).append(" 200\n");
        }
        List<Finding> found = Scanner.builder().chunkSize(4096).build()
                .scan(log.toString().getBytes(StandardCharsets.UTF_8), "access.log").findings();
        List<Finding> keys = found.stream().filter(f -> f.kind().equals("aws-access-key-id")).toList();
        List<Finding> tokens = found.stream().filter(f -> f.kind().equals("aws-session-token")).toList();
        assertThat(keys).hasSize(lines);
        assertThat(tokens).hasSize(lines);
        assertThat(tokens).allSatisfy(t -> {
            assertThat(t.pairedWith()).isNotNull();
            assertThat(t.pairedWith().line()).isEqualTo(t.location().line());
            assertThat(t.secret()).startsWith("IQoJb3JpZ2luX2Vj").doesNotContain("%2F");
        });
    }
}
