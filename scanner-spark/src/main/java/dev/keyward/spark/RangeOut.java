package dev.keyward.spark;

import dev.keyward.finding.Finding;
import java.io.Serializable;
import java.util.List;

/** What one scan task found: the findings of its blobs (as read in its repository), and its problems. */
record RangeOut(String key, String repo, List<String> blobIds, List<Finding> findings, List<Problem> problems,
                long bytes) implements Serializable {
    private static final long serialVersionUID = 1L;
}
