package dev.keyward.bench;

import dev.keyward.Scanner;
import dev.keyward.rules.RuleSet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * The JMH benchmark's work timed by this thread's CPU time rather than the wall clock: MB per CPU-second stays
 * meaningful on a machine whose cores are shared with other work, where JMH's wall-clock scores fall with the load.
 * Usage: {@code java -cp bench/target/benchmarks.jar dev.keyward.bench.CpuRate [seconds [CORPUS...]]}.
 */
public final class CpuRate {

    private CpuRate() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Scanner scanner = Scanner.builder().build();
        RegexBaseline baseline = new RegexBaseline(RuleSet.defaults());
        System.out.println("| corpus | keyward MB/CPU-s | java.util.regex MB/CPU-s | ratio |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (Corpus c : Corpus.values()) {
            if (args.length > 1 && !java.util.Arrays.asList(args).contains(c.name())) {
                continue;
            }
            byte[] input = c.generate(42, DetectBenchmark.MB * 1_000_000);
            double k = rate(mx, input, in -> scanner.scan(in, "bench").findings().size(), seconds);
            double b = rate(mx, input, baseline::scan, seconds);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1fx |%n", c, k, b, k / b);
        }
    }

    private static double rate(ThreadMXBean mx, byte[] input, ToIntFunction<byte[]> work, double seconds) {
        long sink = 0;
        for (long end = System.nanoTime() + (long) (seconds * 0.6e9); System.nanoTime() < end; ) {
            sink += work.applyAsInt(input); // warm-up: let the JIT finish
        }
        long cpu0 = mx.getCurrentThreadCpuTime();
        long bytes = 0;
        for (long end = System.nanoTime() + (long) (seconds * 1e9); System.nanoTime() < end || bytes == 0; ) {
            sink += work.applyAsInt(input);
            bytes += input.length;
        }
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        return bytes / 1e6 / cpu;
    }
}
