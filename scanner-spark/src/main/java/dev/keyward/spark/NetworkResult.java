package dev.keyward.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one network's task produced: its repositories' inventories, problems, the size of each blob, and the id of
 * the attempt folder it mirrored into (null when it mirrored nothing), for the driver to commit, and how many
 * mirrors it made from nothing (cloned rather than fetched into the staged one).
 */
record NetworkResult(String network, List<RepoInventory> repos, List<Problem> problems, Map<String, Long> sizes,
                     String attempt, int cloned) implements Serializable {
    private static final long serialVersionUID = 1L;
}
