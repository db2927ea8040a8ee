package dev.keyward.html;

import dev.keyward.finding.ScanError;
import dev.keyward.finding.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTML audit shows, independent of how it was scanned: the repositories, one entry per distinct
 * credential (fingerprint) with where and when it was seen, and every finding as a row. Immutable and thread-safe.
 * Build one with {@link AuditViews}, or from any other source of findings; the secrets it holds are whole, and the
 * page redacts them as {@link HtmlOptions#redact()} says.
 *
 * @param title       the page's heading
 * @param scannedAt   when the scan ran: the end of every exposure still open
 * @param scope       what was scanned; only {@link Scope#HISTORY} has timelines
 * @param repositories the repositories scanned, by {@link Repository#name()}
 * @param credentials one per distinct credential, in the order given
 * @param findings    every finding, in the order given
 * @param errors      what could not be read (a repository that could not be cloned, a corrupt object), each
 *                    named; the page lists them, since what was not read was not audited
 * @param skipped     how many inputs were skipped on purpose (too large, binary, LFS pointers)
 */
public record AuditView(String title, Instant scannedAt, Scope scope, List<Repository> repositories,
                        List<Credential> credentials, List<Row> findings, List<ScanError> errors, long skipped) {

    public AuditView {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(scannedAt, "scannedAt");
        Objects.requireNonNull(scope, "scope");
        repositories = List.copyOf(repositories);
        credentials = List.copyOf(credentials);
        findings = List.copyOf(findings);
        errors = List.copyOf(errors);
        if (skipped < 0) {
            throw new IllegalArgumentException("skipped < 0");
        }
    }

    /** A view with nothing unread. */
    public AuditView(String title, Instant scannedAt, Scope scope, List<Repository> repositories,
                     List<Credential> credentials, List<Row> findings) {
        this(title, scannedAt, scope, repositories, credentials, findings, List.of(), 0);
    }

    /** A copy with these errors and this count of skipped inputs. */
    public AuditView withProblems(List<ScanError> newErrors, long newSkipped) {
        return new AuditView(title, scannedAt, scope, repositories, credentials, findings, newErrors, newSkipped);
    }

    /** What was scanned. */
    public enum Scope {
        /** Git history: every credential has a timeline. */
        HISTORY,
        /** Files or standard input: no history, so no timeline. */
        FILES,
        /** The Git index: no history, so no timeline. */
        STAGED
    }

    /** What verifying a credential against AWS said. */
    public enum Verification {
        LIVE, CANARY, WRONG_SECRET, EXPIRED, INVALID, UNVERIFIED;

        /** The lower-case name reports show ({@code wrong-secret}, ...). */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses {@link #id()} or the constant's name, in any case. */
        public static Verification parse(String s) {
            for (Verification v : values()) {
                if (v.id().equalsIgnoreCase(s.trim()) || v.name().equalsIgnoreCase(s.trim())) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown verification status '" + s + "'");
        }
    }

    /**
     * A scanned repository (or, for a file scan, the scanned folder).
     *
     * @param name      how rows and credentials name it; unique in the view
     * @param remoteUrl the {@code origin} remote URL as configured, or null; never shown (it may carry a token),
     *                  only used to link commits and files when it names GitHub, GitLab or Bitbucket
     * @param head      the commit HEAD points at, or null
     * @param headRef   the branch HEAD names, or null
     * @param shallow   whether older history is missing
     */
    public record Repository(String name, String remoteUrl, String head, String headRef, boolean shallow) {
        public Repository {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * One place that holds a credential: for history, a blob as first introduced (commit, path, date, author); for a
     * file scan, a file and line with no commit.
     *
     * @param others other commit/path places holding the same blob
     */
    public record Sighting(String repository, String path, int line, String commit, Instant date, String author,
                           String email, String blobId, int others) {
        public Sighting {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * What verifying a credential said, in full. Every text here came from AWS (or was decoded from the repository)
     * and the page escapes it like everything else.
     *
     * @param status    the verdict
     * @param arn       the caller ARN STS named (live), or null
     * @param account   the 12-digit account, or null
     * @param userId    the unique ID of the user or role session (live), or null
     * @param partition {@code aws}, {@code aws-us-gov} or {@code aws-cn}, or null
     * @param reason    why it is unverified, or what AWS said, or null
     * @param policies  deep look: the identity's policies, or null when not looked at
     * @param groups    deep look: the user's IAM groups, or null
     * @param lastUsed  deep look: when, where and by which service the key was last used, or null
     * @param unknown   deep look: what could not be read and why; empty when none
     */
    public record Check(Verification status, String arn, String account, String userId, String partition,
                        String reason, List<String> policies, List<String> groups, String lastUsed,
                        List<String> unknown) {
        public Check {
            Objects.requireNonNull(status, "status");
            policies = policies == null ? null : List.copyOf(policies);
            groups = groups == null ? null : List.copyOf(groups);
            unknown = unknown == null ? List.of() : List.copyOf(unknown);
        }

        /** A status with no details. */
        public static Check of(Verification status) {
            return new Check(status, null, null, null, null, null, null, null, null, List.of());
        }

        /** What {@code scanner-verify} said, as the page shows it. */
        public static Check of(dev.keyward.finding.Verification v) {
            return new Check(Verification.parse(v.status()), v.arn(), v.account(), v.userId(), v.partition(),
                    v.reason(), v.policies(), v.groups(), v.lastUsed(), v.unknown());
        }

        /** Whether a deep look ({@code --verify=deep}) left anything to show. */
        public boolean deep() {
            return policies != null || groups != null || lastUsed != null || !unknown.isEmpty();
        }
    }

    /**
     * How a credential sat in one repository: a lane of its timeline.
     *
     * @param firstSeen   date of the commit that introduced it there, or null (no history)
     * @param lastSeen    date of the newest commit there still holding it, or null
     * @param atHead      whether it is still in that repository's tree at the tip
     * @param daysExposed whole days from first seen there to the scan
     * @param places      commit/path places there holding it
     */
    public record Span(String repository, Instant firstSeen, Instant lastSeen, boolean atHead, long daysExposed,
                       long places) {
        public Span {
            Objects.requireNonNull(repository, "repository");
        }
    }

    /**
     * A distinct credential.
     *
     * @param fingerprint  the findings' fingerprint
     * @param kind         such as {@code aws-access-key-id}
     * @param secret       the value, whole (the page redacts it)
     * @param keyId        the access key ID it is or belongs to, or null when unknown
     * @param accountId    the 12-digit account, or null
     * @param check        what verification said, or null when it was not verified
     * @param firstSeen    date of the commit that introduced it, or null (no history)
     * @param lastSeen     date of the newest commit still holding it, or null
     * @param atHead       whether it is still in the tree at the tip (of any repository)
     * @param daysExposed  whole days from first seen to the scan; 0 without history
     * @param places       commit/path places holding it
     * @param sightings    where it was seen, oldest first; never empty
     * @param spans        one per repository holding it, in order of first sighting; never empty
     */
    public record Credential(String fingerprint, String kind, Severity severity, String secret, String keyId,
                             String accountId, Check check, Instant firstSeen, Instant lastSeen,
                             boolean atHead, long daysExposed, long places, List<Sighting> sightings,
                             List<Span> spans) {
        public Credential {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(secret, "secret");
            sightings = List.copyOf(sightings);
            if (sightings.isEmpty()) {
                throw new IllegalArgumentException("a credential with no sighting");
            }
            spans = List.copyOf(spans);
            if (spans.isEmpty()) {
                throw new IllegalArgumentException("a credential in no repository");
            }
        }

        /** A credential of one repository (the first sighting's): one span made of its own facts. */
        public Credential(String fingerprint, String kind, Severity severity, String secret, String keyId,
                          String accountId, Check check, Instant firstSeen, Instant lastSeen, boolean atHead,
                          long daysExposed, long places, List<Sighting> sightings) {
            this(fingerprint, kind, severity, secret, keyId, accountId, check, firstSeen, lastSeen, atHead,
                    daysExposed, places, sightings, List.of(new Span(sightings.isEmpty() ? "?"
                            : sightings.get(0).repository(), firstSeen, lastSeen, atHead, daysExposed, places)));
        }

        /** The verdict, or null when it was not verified. */
        public Verification verification() {
            return check == null ? null : check.status();
        }

        /** The repositories holding it, in order of first sighting. */
        public List<String> repositories() {
            return sightings.stream().map(Sighting::repository).distinct().toList();
        }

        public Credential withCheck(Check c) {
            return new Credential(fingerprint, kind, severity, secret, keyId, accountId, c, firstSeen, lastSeen,
                    atHead, daysExposed, places, sightings, spans);
        }
    }

    /**
     * One finding, a row of the findings table.
     *
     * @param commit the commit that introduced it, or null (no history)
     * @param date   that commit's date, or null
     */
    public record Row(String repository, String fingerprint, String kind, Severity severity, String path, int line,
                      int column, String secret, String accountId, String commit, Instant date, String author,
                      String email, Verification verification) {
        public Row {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(secret, "secret");
        }

        public Row withVerification(Verification v) {
            return new Row(repository, fingerprint, kind, severity, path, line, column, secret, accountId, commit,
                    date, author, email, v);
        }
    }

    /** Whether any credential carries a verification status (the page then shows a status column). */
    public boolean verified() {
        return credentials.stream().anyMatch(c -> c.verification() != null);
    }

    /**
     * A copy whose credentials and rows carry the status found for their fingerprint; fingerprints missing from
     * the map keep theirs.
     */
    public AuditView withVerification(Map<String, Verification> byFingerprint) {
        Map<String, Check> checks = new LinkedHashMap<>();
        byFingerprint.forEach((fp, v) -> checks.put(fp, Check.of(v)));
        return withChecks(checks);
    }

    /** A copy whose credentials carry what verification said for their fingerprint, and rows its status. */
    public AuditView withChecks(Map<String, Check> byFingerprint) {
        List<Credential> cs = credentials.stream()
                .map(c -> byFingerprint.containsKey(c.fingerprint()) ? c.withCheck(byFingerprint.get(c.fingerprint()))
                        : c)
                .toList();
        List<Row> rs = findings.stream()
                .map(r -> byFingerprint.containsKey(r.fingerprint())
                        ? r.withVerification(byFingerprint.get(r.fingerprint()).status()) : r)
                .toList();
        return new AuditView(title, scannedAt, scope, repositories, cs, rs, errors, skipped);
    }

    /**
     * One view of several scans (several repositories): repositories and rows together, and a credential found in
     * more than one becomes one credential whose sightings span them.
     */
    public static AuditView combine(String title, List<AuditView> views) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        Instant at = views.stream().map(AuditView::scannedAt).max(Instant::compareTo).orElseThrow();
        Scope scope = views.stream().allMatch(v -> v.scope() == Scope.HISTORY) ? Scope.HISTORY : views.get(0).scope();
        List<Repository> repos = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        List<ScanError> errors = new ArrayList<>();
        long skipped = 0;
        Map<String, Credential> byFp = new LinkedHashMap<>();
        for (AuditView v : views) {
            repos.addAll(v.repositories());
            rows.addAll(v.findings());
            errors.addAll(v.errors());
            skipped += v.skipped();
            for (Credential c : v.credentials()) {
                byFp.merge(c.fingerprint(), c, AuditView::merge);
            }
        }
        return new AuditView(title, at, scope, repos, new ArrayList<>(byFp.values()), rows, errors, skipped);
    }

    private static Credential merge(Credential a, Credential b) {
        List<Sighting> s = new ArrayList<>(a.sightings());
        s.addAll(b.sightings());
        s.sort(Comparator.comparing(Sighting::date, Comparator.nullsLast(Comparator.naturalOrder())));
        List<Span> spans = new ArrayList<>(a.spans());
        spans.addAll(b.spans());
        spans.sort(Comparator.comparing(Span::firstSeen, Comparator.nullsLast(Comparator.naturalOrder())));
        Instant first = min(a.firstSeen(), b.firstSeen());
        Instant last = a.lastSeen() == null ? b.lastSeen()
                : b.lastSeen() == null ? a.lastSeen() : a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen();
        Severity sev = a.severity().compareTo(b.severity()) <= 0 ? a.severity() : b.severity();
        return new Credential(a.fingerprint(), a.kind(), sev, a.secret(), a.keyId() != null ? a.keyId() : b.keyId(),
                a.accountId() != null ? a.accountId() : b.accountId(),
                a.check() != null ? a.check() : b.check(), first, last, a.atHead() || b.atHead(),
                Math.max(a.daysExposed(), b.daysExposed()), a.places() + b.places(), s, spans);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
