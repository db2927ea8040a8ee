package dev.keyward.spark;

import dev.keyward.source.HistoryBlob;
import java.io.Serializable;

/** Where one unique blob is read from: a repository of one network, and its first place there. */
record BlobRef(String network, String repo, String gitDir, HistoryBlob blob, long size) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The same choice whatever order the copies arrive in: the smallest network, then repository. */
    static BlobRef pick(BlobRef a, BlobRef b) {
        int c = a.network.compareTo(b.network);
        if (c == 0) {
            c = a.repo.compareTo(b.repo);
        }
        return c <= 0 ? a : b;
    }
}
