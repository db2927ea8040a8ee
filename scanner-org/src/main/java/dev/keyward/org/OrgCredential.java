package dev.keyward.org;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import java.util.List;
import java.util.Objects;

/**
 * One row of the audit across repositories: a distinct credential (fingerprint). Immutable.
 *
 * @param first       the finding where it first appeared in the whole run (its provenance has commit, date,
 *                    author, path)
 * @param firstRepo   the repository of {@code first}
 * @param repos       every repository holding it, sorted
 * @param atTip       the repositories where it is still in the tree of the default branch tip, sorted
 * @param reachable   whether any ref of any repository still reaches it
 * @param paired      whether it was found as half of a key pair anywhere
 * @param firstRunId  the run that first found it
 * @param daysExposed whole days from the first appearance's commit date to the run
 */
public record OrgCredential(String fingerprint, Finding first, String firstRepo, List<String> repos,
                            List<String> atTip, boolean reachable, boolean paired, long firstRunId, long daysExposed) {
    public OrgCredential {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(firstRepo, "firstRepo");
        repos = List.copyOf(repos);
        atTip = List.copyOf(atTip);
        if (repos.isEmpty() || daysExposed < 0) {
            throw new IllegalArgumentException("a credential is in at least one repository, exposed days >= 0");
        }
    }

    /** Where it first appeared. */
    public Provenance.GitBlob origin() {
        return (Provenance.GitBlob) first.provenance();
    }
}
