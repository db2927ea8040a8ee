package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Input longer than the first, small read buffer: it grows to a full chunk and finds the same as small chunks. */
class LongInputTest {

    @Test
    void keysAcrossTheFirstBufferAndChunkEdgesAreFoundWhateverTheChunkSize() {
        Random r = new Random(11);
        StringBuilder sb = new StringBuilder();
        List<String> planted = new ArrayList<>();
        String filler = "    private static final int counter = 42; // nothing to see\n";
        for (int target : new int[] {65_000, 65_536, 77_000, 300_000, 1_048_570, 1_060_000, 2_500_000}) {
            while (sb.length() < target - 30) {
                sb.append(filler);
            }
            String key = TestKeys.keyId(r, "AKIA");
            planted.add(key);
            sb.append("id = ").append(key).append('\n');
        }
        sb.append(filler.repeat(100));
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);

        List<Finding> whole = Scanner.builder().build().scan(new ByteArrayInputStream(bytes), "t").findings();
        List<Finding> small = Scanner.builder().chunkSize(4093).build()
                .scan(new ByteArrayInputStream(bytes), "t").findings();

        assertThat(whole).extracting(Finding::secret).containsExactlyElementsOf(planted);
        assertThat(whole).isEqualTo(small);
        String text = sb.toString();
        for (Finding f : whole) {
            int at = text.indexOf(f.secret());
            int line = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
            assertThat(f.location().line()).isEqualTo(line);
        }
    }
}
