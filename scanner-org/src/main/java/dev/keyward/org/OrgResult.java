package dev.keyward.org;

import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link OrgScan} found: every finding per repository (earlier runs' included), the audit across
 * repositories, errors and skipped content per repository, and counts. Immutable.
 */
public record OrgResult(long runId, List<OrgFinding> findings, List<OrgCredential> credentials,
                        List<RepoProblem<ScanError>> errors, List<RepoProblem<Skipped>> skipped, Stats stats) {

    /** A problem of one repository. */
    public record RepoProblem<T>(String repo, T problem) {
        public RepoProblem {
            Objects.requireNonNull(repo, "repo");
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * @param repos          repositories in the run
     * @param walked         repositories whose history was walked
     * @param unchanged      repositories left alone because no ref tip moved since the last run
     * @param failed         repositories that could not be mirrored or read
     * @param blobsListed    unique blobs the walks listed (a blob in two repositories counts twice)
     * @param blobsScanned   blobs read and scanned in this run (each unique blob at most once)
     * @param bytesScanned   bytes of those blobs
     * @param baselined      findings in those blobs that the baseline accepted (not reported)
     */
    public record Stats(int repos, int walked, int unchanged, int failed, long blobsListed, long blobsScanned,
                        long bytesScanned, long baselined) {

        /** Counts with nothing baselined. */
        public Stats(int repos, int walked, int unchanged, int failed, long blobsListed, long blobsScanned,
                     long bytesScanned) {
            this(repos, walked, unchanged, failed, blobsListed, blobsScanned, bytesScanned, 0);
        }
    }

    public OrgResult {
        findings = List.copyOf(findings);
        credentials = List.copyOf(credentials);
        errors = List.copyOf(errors);
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(stats, "stats");
    }
}
