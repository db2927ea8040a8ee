package dev.keyward;

import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.ScanStats;
import dev.keyward.finding.Skipped;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener that keeps what scans report and gives it back as one {@link ScanResult}: for gathering several
 * listener-based scans (folders, streams, history, staged changes) into one result. Thread-safe.
 *
 * <pre>{@code
 * ScanCollector all = new ScanCollector();
 * scanner.scan(System.in, new Provenance.Stream("<stdin>"), all);
 * scanner.scan(List.of(Path.of("src")), all);
 * ScanResult result = all.result();
 * }</pre>
 */
public final class ScanCollector implements ScanListener {

    private final List<Finding> findings = new ArrayList<>();
    private final List<ScanError> errors = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private long items;
    private long bytes;
    private long baselined;
    private final long startNanos = System.nanoTime();

    @Override
    public synchronized void finding(Finding f) {
        findings.add(f);
    }

    @Override
    public synchronized void error(ScanError e) {
        errors.add(e);
    }

    @Override
    public synchronized void skipped(Skipped s) {
        skipped.add(s);
    }

    @Override
    public synchronized void baselined(Finding f) {
        baselined++;
    }

    @Override
    public synchronized void scanned(String path, long n) {
        items++;
        bytes += n;
    }

    /** Everything reported so far, timed from when this collector was made. */
    public synchronized ScanResult result() {
        long millis = Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
        return new ScanResult(findings, errors, skipped, new ScanStats(items, bytes, millis, baselined));
    }
}
