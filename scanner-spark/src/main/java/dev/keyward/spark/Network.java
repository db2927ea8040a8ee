package dev.keyward.spark;

import dev.keyward.org.RepoSpec;
import java.io.Serializable;
import java.util.List;

/** A fork network: a repository and its forks, mirrored into one shared mirror by one task. */
record Network(String key, List<RepoSpec> repos) implements Serializable {
    private static final long serialVersionUID = 1L;

    Network {
        repos = List.copyOf(repos);
    }
}
