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
    private final ScanListener next;

    /** A collector that only collects. */
    public ScanCollector() {
        this(null);
    }

    /** A collector that also passes everything on to {@code next} (outside its lock), as it comes. */
    public ScanCollector(ScanListener next) {
        this.next = next;
    }

    @Override
    public void finding(Finding f) {
        synchronized (this) {
            findings.add(f);
        }
        if (next != null) {
            next.finding(f);
        }
    }

    @Override
    public void error(ScanError e) {
        synchronized (this) {
            errors.add(e);
        }
        if (next != null) {
            next.error(e);
        }
    }

    @Override
    public void skipped(Skipped s) {
        synchronized (this) {
            skipped.add(s);
        }
        if (next != null) {
            next.skipped(s);
        }
    }

    @Override
    public void baselined(Finding f) {
        synchronized (this) {
            baselined++;
        }
        if (next != null) {
            next.baselined(f);
        }
    }

    @Override
    public void scanned(String path, long n) {
        synchronized (this) {
            items++;
            bytes += n;
        }
        if (next != null) {
            next.scanned(path, n);
        }
    }

    /** Everything reported so far, timed from when this collector was made. */
    public synchronized ScanResult result() {
        long millis = Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
        return new ScanResult(findings, errors, skipped, new ScanStats(items, bytes, millis, baselined));
    }
}
