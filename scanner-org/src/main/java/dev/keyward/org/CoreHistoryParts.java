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

    /** The last walk, kept so that its summary can use the walk's tree graph and each blob's last commit date. */
    private record Walked(List<Blob> blobs, HistoryInventory core) {
    }

    private final Scanner scanner;
    private final java.util.concurrent.atomic.AtomicReference<Walked> last =
            new java.util.concurrent.atomic.AtomicReference<>();

    CoreHistoryParts(Scanner scanner) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
    }

    @Override
    public Map<String, String> tips(Path gitDir, List<String> refs) {
        return RefTips.read(gitDir, refs);
    }

    @Override
    public Inventory enumerate(Path gitDir, HistoryOptions options) {
        return enumerate(gitDir, options, List.of());
    }

    @Override
    public Inventory enumerate(Path gitDir, HistoryOptions options, Collection<String> known) {
        last.set(null); // one walk's graph in memory at a time
        HistoryInventory inv = History.enumerate(gitDir, options, known);
        List<Blob> blobs = new ArrayList<>(inv.blobs().size());
        for (HistoryBlob b : inv.blobs()) {
            blobs.add(new Blob(b.blobId(), b.commit(), b.path(), b.author(), b.email(), b.date(),
                    Math.max(1, b.places()), b.order()));
        }
        Inventory out = new Inventory(inv.info(), blobs, inv.skipped(), inv.errors());
        last.set(new Walked(out.blobs(), inv));
        return out;
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
        Set<String> wanted = new HashSet<>();
        findings.forEach(f -> {
            if (f.provenance() instanceof Provenance.GitBlob g) {
                wanted.add(g.blobId());
            }
        });
        Walked w = last.get();
        if (w != null && w.blobs() == inventory.blobs()) {
            // The walk just made: every path of each blob, its last commit date, HEAD's tree.
            if (w.core().info().equals(inventory.info())) {
                return History.summarize(gitDir, w.core(), findings, clock);
            }
            // A fork in a shared mirror has its own default branch: no graph, its trees are read once.
            List<HistoryBlob> blobs = w.core().blobs().stream().filter(b -> wanted.contains(b.blobId())).toList();
            return History.summarize(gitDir, new HistoryInventory(inventory.info(), blobs, w.core().roots(),
                    inventory.skipped(), inventory.errors()), findings, clock);
        }
        // An inventory from elsewhere: without the walk's roots and tree graph the audit reads the tip's tree
        // again for "at the tip"; paths and last dates are those of each blob's first place.
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
