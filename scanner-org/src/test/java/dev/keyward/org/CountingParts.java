package dev.keyward.org;

import dev.keyward.ScanListener;
import dev.keyward.Scanner;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.source.HistoryOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The real {@link HistoryParts#of} adapter with the default rules, counting how often each blob is scanned. */
final class CountingParts implements HistoryParts {

    final Map<String, Integer> scans = new ConcurrentHashMap<>();
    private final HistoryParts real = HistoryParts.of(Scanner.builder().build());

    @Override
    public Map<String, String> tips(Path gitDir, List<String> refs) {
        return real.tips(gitDir, refs);
    }

    @Override
    public Inventory enumerate(Path gitDir, HistoryOptions options) {
        return real.enumerate(gitDir, options);
    }

    @Override
    public void scan(Path gitDir, Collection<Blob> which, HistoryOptions options, ScanListener listener) {
        which.forEach(b -> scans.merge(b.blobId(), 1, Integer::sum));
        real.scan(gitDir, which, options, listener);
    }

    @Override
    public List<CredentialSummary> summarize(Path gitDir, Inventory inventory, List<Finding> findings, Clock clock) {
        return real.summarize(gitDir, inventory, findings, clock);
    }
}
