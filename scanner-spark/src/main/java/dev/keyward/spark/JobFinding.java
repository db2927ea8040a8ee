package dev.keyward.spark;

import dev.keyward.finding.Finding;
import java.io.Serializable;
import java.util.Objects;

/**
 * A finding as it stands in one repository of the job's result.
 *
 * @param finding   the finding where its blob first appears in the repository
 * @param runId     the run (of the {@code --state}) that first found it there; 0 without a state
 * @param reachable false once no ref of the repository reaches its blob (a force-push, a deleted ref): it stays in
 *                  the audit, since the key was exposed
 */
public record JobFinding(Finding finding, long runId, boolean reachable) implements Serializable {
    private static final long serialVersionUID = 1L;

    public JobFinding {
        Objects.requireNonNull(finding, "finding");
    }
}
