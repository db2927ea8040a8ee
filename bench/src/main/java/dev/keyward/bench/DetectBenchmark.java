package dev.keyward.bench;

import dev.keyward.Scanner;
import dev.keyward.rules.RuleSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Detection throughput on one thread (so per core). Each invocation scans {@link #MB} MB (10^6 bytes) and counts
 * as {@link #MB} operations, so the score in ops/s reads directly as MB/s.
 *
 * <p>{@code keyward} is the public {@link Scanner#scan(byte[], String)} path (prefilter, regexes, checks, pairing,
 * findings); {@code regexBaseline} is {@link RegexBaseline} on the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Threads(1)
public class DetectBenchmark {

    static final int MB = 4;

    @Param({"CLEAN", "SOURCE", "DENSE"})
    public Corpus corpus;

    private byte[] input;
    private Scanner scanner;
    private RegexBaseline baseline;

    @Setup
    public void setUp() {
        input = corpus.generate(42, MB * 1_000_000);
        scanner = Scanner.builder().build();
        baseline = new RegexBaseline(RuleSet.defaults());
    }

    @Benchmark
    @OperationsPerInvocation(MB)
    public int keyward() {
        return scanner.scan(input, "bench").findings().size();
    }

    @Benchmark
    @OperationsPerInvocation(MB)
    public int regexBaseline() {
        return baseline.scan(input);
    }
}
