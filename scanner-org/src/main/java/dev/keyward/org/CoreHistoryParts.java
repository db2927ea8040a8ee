package dev.keyward.org;

import dev.keyward.ScanListener;
import dev.keyward.Scanner;
import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.source.History;
import dev.keyward.source.HistoryBlob;
import dev.keyward.source.HistoryInventory;
import dev.keyward.source.HistoryOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@link HistoryParts} over scanner-core's {@link History} and one {@link Scanner}: see {@link HistoryParts#of}. */
final class CoreHistoryParts implements HistoryParts {

    private final Scanner scanner;

    CoreHistoryParts(Scanner scanner) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
    }

    @Override
    public Map<String, String> tips(Path gitDir, List<String> refs) {
        return RefTips.read(gitDir, refs);
    }

    @Override
    public Inventory enumerate(Path gitDir, HistoryOptions options) {
        HistoryInventory inv = History.enumerate(gitDir, options);
        List<Blob> blobs = new ArrayList<>(inv.blobs().size());
        for (HistoryBlob b : inv.blobs()) {
            blobs.add(new Blob(b.blobId(), b.commit(), b.path(), b.author(), b.email(), b.date(),
                    Math.max(1, b.places()), b.order()));
        }
        return new Inventory(inv.info(), blobs, inv.skipped(), inv.errors());
    }

    @Override
    public void scan(Path gitDir, Collection<Blob> which, HistoryOptions options, ScanListener listener) {
        List<HistoryBlob> blobs = new ArrayList<>(which.size());
        which.forEach(b -> blobs.add(core(b)));
        // OrgScan names the repository of each finding itself: one blob may stand for several repositories.
        scanner.scan(History.blobs(gitDir, blobs, options, null), listener);
    }

    @Override
    public List<CredentialSummary> summarize(Path gitDir, Inventory inventory, List<Finding> findings, Clock clock) {
        // Only the blobs of these findings matter; without the walk's roots and tree graph the audit reads the tip's
        // tree again for "at the tip", which is all OrgScan asks of it.
        Set<String> wanted = new HashSet<>();
        findings.forEach(f -> {
            if (f.provenance() instanceof Provenance.GitBlob g) {
                wanted.add(g.blobId());
            }
        });
        List<HistoryBlob> blobs = inventory.blobs().stream().filter(b -> wanted.contains(b.blobId()))
                .map(CoreHistoryParts::core).toList();
        HistoryInventory inv = new HistoryInventory(inventory.info(), blobs, List.of(), inventory.skipped(),
                inventory.errors());
        return History.summarize(gitDir, inv, findings, clock);
    }

    private static HistoryBlob core(Blob b) {
        Instant seen = b.date() == null ? Instant.EPOCH : b.date();
        return new HistoryBlob(b.blobId(), b.commit(), b.path(), b.author() == null ? "" : b.author(),
                b.email() == null ? "" : b.email(), b.date(), b.places(), seen, Math.max(0, b.commitOrder()));
    }
}
