package dev.keyward.spark;

import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.HistoryInfo;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** One repository's share of the result: its findings where they first appear in it, and its audit rows. */
record RepoOut(String name, HistoryInfo info, Map<String, String> tips, List<JobFinding> findings,
               List<CredentialSummary> summary, List<Problem> problems) implements Serializable {
    private static final long serialVersionUID = 1L;
}
