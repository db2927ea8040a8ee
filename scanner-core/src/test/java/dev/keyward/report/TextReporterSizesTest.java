package dev.keyward.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The summary's sizes, formatted by hand, read exactly as {@code %.1f} prints them. */
class TextReporterSizesTest {

    @Property(tries = 2000)
    void sizesReadAsPercentPointOneF(@ForAll @LongRange(min = 0, max = 1L << 45) long n) {
        String expected;
        if (n < 1024) {
            expected = n + " B";
        } else if (n < 1024 * 1024) {
            expected = String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        } else if (n < 1024L * 1024 * 1024) {
            expected = String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        } else {
            expected = String.format(Locale.ROOT, "%.1f GiB", n / (1024.0 * 1024 * 1024));
        }
        assertThat(TextReporter.bytes(n)).isEqualTo(expected);
    }

    @Test
    void roundingAtEachUnitsEdges() {
        assertThat(TextReporter.bytes(1023)).isEqualTo("1023 B");
        assertThat(TextReporter.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(TextReporter.bytes(1024 + 51)).isEqualTo("1.0 KiB");
        assertThat(TextReporter.bytes(1024 + 52)).isEqualTo("1.1 KiB"); // 1.0508 rounds up
        assertThat(TextReporter.bytes((1L << 20) - 1)).isEqualTo("1024.0 KiB");
        assertThat(TextReporter.bytes(404_750_336L)).isEqualTo("386.0 MiB");
        assertThat(TextReporter.bytes(3L << 30)).isEqualTo("3.0 GiB");
    }
}
