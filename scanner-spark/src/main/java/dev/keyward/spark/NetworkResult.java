package dev.keyward.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** What one network's task produced: its repositories' inventories, problems, and the size of each blob. */
record NetworkResult(String network, List<RepoInventory> repos, List<Problem> problems, Map<String, Long> sizes)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
