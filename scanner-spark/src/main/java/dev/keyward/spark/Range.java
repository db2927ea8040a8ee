package dev.keyward.spark;

import dev.keyward.source.HistoryBlob;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One scan task: consecutive blob IDs of one repository's unique blobs, about {@code rangeBytes} of them. */
record Range(String key, String repo, String gitDir, List<HistoryBlob> blobs, long bytes) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Cuts one repository's blobs, sorted by ID, into ranges of about {@code target} bytes (at least one blob
     * each); the key names the network, repository and range so that it is the same in every run.
     */
    static List<Range> cut(String network, List<BlobRef> refs, long target) {
        List<BlobRef> sorted = new ArrayList<>(refs);
        sorted.sort(Comparator.comparing((BlobRef r) -> r.repo()).thenComparing(r -> r.blob().blobId()));
        List<Range> out = new ArrayList<>();
        List<HistoryBlob> cur = new ArrayList<>();
        long bytes = 0;
        String repo = null;
        String gitDir = null;
        for (BlobRef r : sorted) {
            if (!cur.isEmpty() && (!r.repo().equals(repo) || bytes + r.size() > target)) {
                out.add(new Range(network + "#" + repo + "#" + cur.get(0).blobId(), repo, gitDir, cur, bytes));
                cur = new ArrayList<>();
                bytes = 0;
            }
            repo = r.repo();
            gitDir = r.gitDir();
            cur.add(r.blob());
            bytes += r.size();
        }
        if (!cur.isEmpty()) {
            out.add(new Range(network + "#" + repo + "#" + cur.get(0).blobId(), repo, gitDir, cur, bytes));
        }
        return out;
    }
}
