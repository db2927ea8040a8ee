package dev.keyward.spark;

import dev.keyward.source.HistoryInventory;
import java.io.Serializable;
import java.util.Map;

/**
 * One repository as its network's task found it: where its (staged) mirror is, its ref tips, and its inventory.
 *
 * @param name      the repository's name in reports
 * @param network   its fork network
 * @param gitDir    the mirror: a local path, or a Hadoop URI of the staged copy; null when unchanged
 * @param tips      full ref name to commit id, and the settings entry
 * @param inventory the walk's blobs and first places, or null for a repository with no refs or unchanged
 * @param unchanged whether its tips and settings are those of the state's last walk: neither fetched nor walked
 */
record RepoInventory(String name, String network, String gitDir, Map<String, String> tips,
                     HistoryInventory inventory, boolean unchanged) implements Serializable {
    private static final long serialVersionUID = 1L;
}
