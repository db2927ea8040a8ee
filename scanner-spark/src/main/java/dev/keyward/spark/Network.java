package dev.keyward.spark;

import dev.keyward.org.RepoSpec;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A fork network: a repository and its forks, mirrored into one shared mirror by one task.
 *
 * @param known the ref tips (with the settings entry) each repository was last walked at, from the state
 */
record Network(String key, List<RepoSpec> repos, Map<String, Map<String, String>> known) implements Serializable {
    private static final long serialVersionUID = 1L;

    Network {
        repos = List.copyOf(repos);
        known = Map.copyOf(known);
    }
}
