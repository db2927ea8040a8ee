package dev.keyward.org;

import dev.keyward.finding.Exposure;
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
 * @param exposures   each blob holding it in each repository ({@link Exposure#repository()} set), oldest first:
 *                    every path, first and last commit dates, places; from each repository's last walk, and for a
 *                    blob no ref reaches any more, its first place only
 */
public record OrgCredential(String fingerprint, Finding first, String firstRepo, List<String> repos,
                            List<String> atTip, boolean reachable, boolean paired, long firstRunId, long daysExposed,
                            List<Exposure> exposures) {

    /** A row without exposures. */
    public OrgCredential(String fingerprint, Finding first, String firstRepo, List<String> repos, List<String> atTip,
                         boolean reachable, boolean paired, long firstRunId, long daysExposed) {
        this(fingerprint, first, firstRepo, repos, atTip, reachable, paired, firstRunId, daysExposed, List.of());
    }

    public OrgCredential {
        exposures = List.copyOf(exposures);
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(firstRepo, "firstRepo");
        repos = List.copyOf(repos);
        atTip = List.copyOf(atTip);
        if (repos.isEmpty() || daysExposed < 0) {
            throw new IllegalArgumentException("a credential is in at least one repository, exposed days >= 0");
        }
    }

    /** Distinct blobs holding it across every repository (at least 1). */
    public int blobs() {
        return (int) Math.max(1, exposures.stream().map(Exposure::blobId).distinct().count());
    }

    /** Distinct (repository, path) places where those blobs appear (at least 1). */
    public int paths() {
        return (int) Math.max(1, exposures.stream().flatMap(e -> e.paths().stream().map(p -> e.repository() + " " + p))
                .distinct().count());
    }

    /** Commit/path places holding it across every repository (at least 1). */
    public long places() {
        return Math.max(1, exposures.stream().mapToLong(Exposure::places).sum());
    }

    /** The date of the newest commit anywhere that still holds it; its first appearance's when unknown. */
    public java.time.Instant lastSeen() {
        java.time.Instant first = origin().date() == null ? java.time.Instant.EPOCH : origin().date();
        return exposures.stream().map(Exposure::lastSeen).max(java.util.Comparator.naturalOrder())
                .filter(l -> l.isAfter(first)).orElse(first);
    }

    /** Where it first appeared. */
    public Provenance.GitBlob origin() {
        return (Provenance.GitBlob) first.provenance();
    }
}
