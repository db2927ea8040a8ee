package dev.keyward.report;

import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Verification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a report shows, whatever was scanned: what kind of scan it was, its result, the repositories it read,
 * the audit summary and what verification said. Every {@link Reporter} writes one of these. Immutable.
 *
 * @param kind          what was scanned; the text report's shape follows it
 * @param result        the findings, errors, skipped inputs and counts
 * @param repositories  the repositories of a history scan (empty for files, streams and staged changes)
 * @param summary       one row per distinct credential, oldest first (empty unless a history scan)
 * @param verifications verification results keyed by {@link dev.keyward.finding.Finding#fingerprint()}; empty when
 *                      nothing was verified
 */
public record Report(Kind kind, ScanResult result, List<HistoryInfo> repositories, List<CredentialSummary> summary,
                     Map<String, Verification> verifications) {

    /** What was scanned. */
    public enum Kind {
        /** Files, folders and streams ({@code keyward scan}). */
        FILES,
        /** The history of one or more Git repositories ({@code keyward history}). */
        HISTORY,
        /** What is about to be committed ({@code keyward staged}, the pre-commit hook). */
        STAGED
    }

    public Report {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(result, "result");
        repositories = List.copyOf(repositories);
        summary = List.copyOf(summary);
        verifications = Map.copyOf(verifications);
        if (kind == Kind.HISTORY ? repositories.isEmpty() : !repositories.isEmpty() || !summary.isEmpty()) {
            throw new IllegalArgumentException(kind == Kind.HISTORY ? "a history report needs its repositories"
                    : "only a history report has repositories and a summary");
        }
    }

    /** The report of a scan of files, folders or streams. */
    public static Report files(ScanResult result) {
        return new Report(Kind.FILES, result, List.of(), List.of(), Map.of());
    }

    /** The report of a scan of staged changes. */
    public static Report staged(ScanResult result) {
        return new Report(Kind.STAGED, result, List.of(), List.of(), Map.of());
    }

    /** The report of a history scan of one repository. */
    public static Report history(HistoryResult history) {
        return new Report(Kind.HISTORY, history.result(), List.of(history.info()), history.summary(), Map.of());
    }

    /**
     * A copy with these verification results (keyed by fingerprint), its summary rows reordered so that live
     * credentials come first (otherwise in their order, oldest first).
     */
    public Report withVerifications(Map<String, Verification> byFingerprint) {
        List<CredentialSummary> rows = new ArrayList<>(summary);
        rows.sort(Comparator.comparing(s -> {
            Verification v = byFingerprint.get(s.first().fingerprint());
            return v == null || !v.isLive();
        }));
        return new Report(kind, result, repositories, rows, byFingerprint);
    }

    /** What verification said about the credential with this fingerprint, or null. */
    public Verification verification(String fingerprint) {
        return verifications.get(fingerprint);
    }

    /** True when verification found a live credential. */
    public boolean anyLive() {
        return verifications.values().stream().anyMatch(Verification::isLive);
    }

    /** True when a scanned repository is a shallow clone, so "introduced" may name the oldest commit present. */
    public boolean shallow() {
        return repositories.stream().anyMatch(HistoryInfo::shallow);
    }
}
