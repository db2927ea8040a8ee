package dev.keyward.source;

import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What walking a repository's history found, before any blob is read ({@link History#enumerate}): the
 * repository's facts, every unique blob with its first place, the distinct root trees of the commits walked (for
 * the audit), and what the walk skipped or could not read. Immutable and serialisable; within one process it also
 * carries the tree graph the walk built, so that {@link History#summarize} need not read the trees again.
 */
public final class HistoryInventory implements Serializable {
    private static final long serialVersionUID = 1L;

    private final HistoryInfo info;
    private final List<HistoryBlob> blobs;
    private final List<String> roots;
    private final List<Skipped> skipped;
    private final List<ScanError> errors;
    private final transient TreeGraph graph;

    /** An inventory as a distributed engine may rebuild it; it has no tree graph. */
    public HistoryInventory(HistoryInfo info, List<HistoryBlob> blobs, List<String> roots, List<Skipped> skipped,
                            List<ScanError> errors) {
        this(info, blobs, roots, skipped, errors, null);
    }

    HistoryInventory(HistoryInfo info, List<HistoryBlob> blobs, List<String> roots, List<Skipped> skipped,
                     List<ScanError> errors, TreeGraph graph) {
        this.info = Objects.requireNonNull(info, "info");
        this.blobs = List.copyOf(blobs);
        this.roots = List.copyOf(roots);
        this.skipped = List.copyOf(skipped);
        this.errors = List.copyOf(errors);
        this.graph = graph;
    }

    public HistoryInfo info() {
        return info;
    }

    /** Every unique blob to scan, in the walk's order. */
    public List<HistoryBlob> blobs() {
        return blobs;
    }

    /** The distinct root trees of the commits walked, in the walk's order. */
    public List<String> roots() {
        return roots;
    }

    /** What the walk left out on purpose (submodules, refs to a tree or blob). */
    public List<Skipped> skipped() {
        return skipped;
    }

    /** What the walk could not read (a missing commit or tree, an unreadable repository). */
    public List<ScanError> errors() {
        return errors;
    }

    /** The walk's tree graph, or null when this inventory came from elsewhere. */
    TreeGraph graph() {
        return graph;
    }
}
