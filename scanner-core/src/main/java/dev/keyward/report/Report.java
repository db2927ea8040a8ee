package dev.keyward.report;

import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.HistoryResult;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Verification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a report shows, whatever was scanned: what kind of scan it was, its result, the repositories it read,
 * the audit summary and what verification said. Every {@link Reporter} writes one of these. Immutable.
 *
 * @param kind          what was scanned; the text report's shape follows it
 * @param result        the findings, errors, skipped inputs and counts
 * @param repositories  the repositories of a history scan (empty for files, streams and staged changes)
 * @param summary       one row per distinct credential, oldest first (empty unless a history scan); once verified,
 *                      live ones first (see {@link #withVerifications})
 * @param verifications verification results keyed by {@link dev.keyward.finding.Finding#fingerprint()}; empty when
 *                      nothing was verified
 * @param accountTags   {@link #OWN} or {@link #IGNORED} keyed by fingerprint, for credentials of the accounts the
 *                      config names ({@code [accounts]}); see {@link #withAccounts}
 */
public record Report(Kind kind, ScanResult result, List<HistoryInfo> repositories, List<CredentialSummary> summary,
                     Map<String, Verification> verifications, Map<String, String> accountTags) {

    /** The tag of a credential of one of the user's own accounts ({@code [accounts] own}). */
    public static final String OWN = "own";
    /** The tag of a credential of an account to leave alone ({@code [accounts] ignore}). */
    public static final String IGNORED = "ignored";

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
        accountTags = Map.copyOf(accountTags);
        if (kind == Kind.HISTORY ? repositories.isEmpty() : !repositories.isEmpty() || !summary.isEmpty()) {
            throw new IllegalArgumentException(kind == Kind.HISTORY ? "a history report needs its repositories"
                    : "only a history report has repositories and a summary");
        }
    }

    /** Without account tags. */
    public Report(Kind kind, ScanResult result, List<HistoryInfo> repositories, List<CredentialSummary> summary,
                  Map<String, Verification> verifications) {
        this(kind, result, repositories, summary, verifications, Map.of());
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
     * credentials come first, live ones of the user's own accounts before all (otherwise in their order, oldest
     * first). Account tags are kept.
     */
    public Report withVerifications(Map<String, Verification> byFingerprint) {
        return new Report(kind, result, repositories, urgentFirst(summary, byFingerprint, accountTags), byFingerprint,
                accountTags);
    }

    /**
     * A copy whose credentials of these accounts are tagged {@link #OWN} or {@link #IGNORED} (own wins when an
     * account is in both). A credential's account is the one decoded from its key ID, else the one verification
     * named, else (for a secret) its pair's key ID's. Call it after {@link #withVerifications}, whose accounts it
     * uses; the summary is reordered as there.
     */
    public Report withAccounts(Set<String> own, Set<String> ignored) {
        Map<String, String> accountOf = new HashMap<>();
        for (Finding f : result.findings()) {
            if (f.accountId() != null) {
                accountOf.putIfAbsent(f.fingerprint(), f.accountId());
            }
        }
        Map<String, String> tags = new HashMap<>();
        for (Finding f : result.findings()) {
            String account = f.accountId();
            Verification v = verifications.get(f.fingerprint());
            if (account == null && v != null) {
                account = v.account();
            }
            if (account == null && f.pairedWith() != null) {
                account = accountOf.get(f.pairedWith().fingerprint());
            }
            if (account != null && own.contains(account)) {
                tags.put(f.fingerprint(), OWN);
            } else if (account != null && ignored.contains(account)) {
                tags.putIfAbsent(f.fingerprint(), IGNORED);
            }
        }
        return new Report(kind, result, repositories, urgentFirst(summary, verifications, tags), verifications, tags);
    }

    private static List<CredentialSummary> urgentFirst(List<CredentialSummary> rows, Map<String, Verification> v,
                                                       Map<String, String> tags) {
        List<CredentialSummary> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(s -> urgency(s.first().fingerprint(), v, tags)));
        return sorted;
    }

    /** 0 for a live credential of one's own account, 1 for another live one, 2 for the rest. */
    private static int urgency(String fingerprint, Map<String, Verification> v, Map<String, String> tags) {
        Verification x = v.get(fingerprint);
        if (x == null || !x.isLive()) {
            return 2;
        }
        return OWN.equals(tags.get(fingerprint)) ? 0 : 1;
    }

    /** {@link #OWN}, {@link #IGNORED} or null for the credential with this fingerprint. */
    public String accountTag(String fingerprint) {
        return accountTags.get(fingerprint);
    }

    /** True when verification found this credential live and it is of one of the user's own accounts. */
    public boolean liveInOwnAccount(String fingerprint) {
        Verification v = verifications.get(fingerprint);
        return v != null && v.isLive() && OWN.equals(accountTags.get(fingerprint));
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
