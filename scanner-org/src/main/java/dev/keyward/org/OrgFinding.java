package dev.keyward.org;

import dev.keyward.finding.Finding;
import java.util.Objects;

/**
 * A finding in one repository: its provenance names the commit and path where the blob first appeared in that
 * repository, and how many other places there hold it. Immutable.
 *
 * @param repo      the repository ({@link RepoSpec#name()})
 * @param runId     the run that first found it in this repository
 * @param reachable false once no ref of the repository reaches it (after a force-push or a deleted ref)
 */
public record OrgFinding(String repo, Finding finding, long runId, boolean reachable) {
    public OrgFinding {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(finding, "finding");
    }
}
