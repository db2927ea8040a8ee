package dev.keyward.spark;

import dev.keyward.finding.CredentialSummary;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What the state keeps of one repository after a run: the ref tips it was walked at (with the settings, so new
 * rules mean a new walk), its findings and its audit rows. A later run whose ref tips and settings are the same
 * takes the repository's part of the result from here instead of fetching and walking it.
 */
record RepoSnapshot(String repo, long runId, Map<String, String> tips, List<JobFinding> findings,
                    List<CredentialSummary> summary) implements Serializable {
    private static final long serialVersionUID = 1L;
}
