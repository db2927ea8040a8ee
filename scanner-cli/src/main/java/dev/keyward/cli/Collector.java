package dev.keyward.cli;

import dev.keyward.ScanListener;
import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.ScanStats;
import dev.keyward.finding.Skipped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gathers what scans report, from any number of threads, into one {@link ScanResult}. Commands that scan several
 * inputs (files, folders, stdin) pass one collector to each scan so every blob goes through
 * {@code Scanner.scan(InputStream, Provenance, ScanListener)}. Thread-safe.
 */
final class Collector implements ScanListener {

    private final List<Finding> findings = new ArrayList<>();
    private final List<ScanError> errors = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
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
    public void scanned(String path, long n) {
        items.incrementAndGet();
        bytes.addAndGet(n);
    }

    /** Everything so far, with the time since this collector was made. */
    synchronized ScanResult result() {
        long millis = Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
        return new ScanResult(findings, errors, skipped, new ScanStats(items.get(), bytes.get(), millis));
    }
}
