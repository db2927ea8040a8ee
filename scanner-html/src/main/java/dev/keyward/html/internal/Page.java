package dev.keyward.html.internal;

import dev.keyward.finding.ScanError;
import dev.keyward.finding.Severity;
import dev.keyward.html.AuditView;
import dev.keyward.html.AuditView.Credential;
import dev.keyward.html.AuditView.Repository;
import dev.keyward.html.AuditView.Row;
import dev.keyward.html.AuditView.Sighting;
import dev.keyward.html.AuditView.Verification;
import dev.keyward.html.HtmlOptions;
import dev.keyward.report.Redaction;
import dev.keyward.report.Remediation;
import dev.keyward.report.Report;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the template shows, worked out in Java so the template only loops and prints: redacted values,
 * links, counts, timeline geometry. Values from the repository stay plain strings here; the template escapes them
 * for where they land. Immutable once built.
 */
public final class Page {

    /** A label with a count, for the summary. */
    public record Count(String id, String label, long count) {
    }

    /** One remediation step with the commands that carry it out for this credential. */
    public record Step(String text, List<String> commands) {
    }

    /** A circle on a timeline: one blob, at its date, linked to its commit when the remote allows. */
    public record Marker(String x, String label, String url) {
    }

    /**
     * One repository's row of a timeline: the dark bar while the credential sat in its tree, the light one since
     * it left the tip. {@code name} is null when the credential is in one repository only (one unlabelled lane).
     */
    public record Lane(String name, int nameY, int axisY, int barY, String barX, String barW, String tailX,
                       String tailW, List<Marker> markers) {
    }

    /** One credential's exposure drawn on the page-wide time axis, a lane per repository holding it. */
    public record Timeline(List<Lane> lanes, String label, int height, int datesY) {
    }

    /** A place that holds the credential, with links where the remote allows. */
    public record Place(String repository, String path, int line, String commit, String commitUrl, String fileUrl,
                        String date, String author, int others) {
    }

    /**
     * A credential as the page shows it. {@code rank} orders "what to do first": verification status (live first),
     * then severity. {@code sightings} holds the oldest few places; {@code moreSightings} counts the rest, which the
     * findings table lists.
     */
    public record Card(String anchor, String title, String kind, String severity, String status,
                       AuditView.Check check, int rank, String secret, String keyId, String account,
                       List<String> repositories,
                       String repositoriesData, String firstSeen, String lastSeen, long dateKey, boolean atHead,
                       long daysExposed, long places, String exposure, Timeline timeline, List<Place> sightings,
                       int moreSightings, List<Step> steps, String accountTag) {
    }

    /** A row of the findings table; {@code statusDetail} is the ARN of a live key or why it is not. */
    public record Line(String repository, String kind, String severity, String status, String statusDetail,
                       int rank, String path,
                       String fileUrl, int line, int column, String secret, String account, String commit,
                       String commitUrl, String date, long dateKey, String author, String email, String card,
                       String accountTag) {
    }

    static final int WIDTH = 640;
    /** Places listed in a credential's card; the findings table has them all. */
    static final int PLACES_SHOWN = 5;
    /** Circles drawn on one timeline: past a few hundred they only blacken the bar. */
    static final int MARKERS_SHOWN = 200;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final AuditView view;
    /** Asked once per card and row by the template: found once, not by a pass over every credential each time. */
    private final boolean verified;
    private final boolean redact;
    private final Map<String, String> accountTags;
    private final List<Card> cards;
    private final List<Line> rows;
    private final Instant axisStart;

    Page(AuditView view, HtmlOptions options) { // package-private: only Render builds pages
        this.view = view;
        this.verified = view.verified();
        this.redact = options.redact();
        this.accountTags = options.accountTags();
        Map<String, Remote> remotes = new HashMap<>();
        for (Repository r : view.repositories()) {
            Remote remote = Remote.parse(r.remoteUrl());
            if (remote != null) {
                remotes.put(r.name(), remote);
            }
        }
        this.axisStart = view.credentials().stream().map(Credential::firstSeen).filter(d -> d != null)
                .min(Comparator.naturalOrder()).orElse(view.scannedAt());

        List<Credential> ordered = new ArrayList<>(view.credentials());
        ordered.sort(Comparator.comparingInt((Credential c) -> statusRank(c.verification()))
                .thenComparingInt(c -> tagRank(accountTags.get(c.fingerprint())))
                .thenComparing(Credential::severity)
                .thenComparing(Credential::firstSeen, Comparator.nullsLast(Comparator.naturalOrder())));
        Map<String, String> anchors = new HashMap<>();
        Map<String, AuditView.Check> checks = new HashMap<>();
        List<Card> cs = new ArrayList<>(ordered.size());
        for (Credential c : ordered) {
            String anchor = "c" + (cs.size() + 1);
            anchors.put(c.fingerprint(), anchor);
            if (c.check() != null) {
                checks.put(c.fingerprint(), c.check());
            }
            cs.add(card(c, anchor, remotes));
        }
        this.cards = List.copyOf(cs);
        List<Line> ls = new ArrayList<>(view.findings().size());
        for (Row r : view.findings()) {
            Remote remote = remotes.get(r.repository());
            AuditView.Check check = checks.get(r.fingerprint());
            ls.add(new Line(r.repository(), r.kind(), r.severity().id(), statusId(r.verification()),
                    check == null ? null : check.arn() != null ? check.arn() : check.reason(),
                    rank(r.verification(), r.severity()), r.path(),
                    remote == null ? null : remote.file(r.commit(), r.path()), r.line(), r.column(), shown(r.kind(),
                    r.secret()), r.accountId(), shortId(r.commit()), remote == null ? null : remote.commit(r.commit()),
                    day(r.date()), r.date() == null ? 0 : r.date().toEpochMilli(), r.author(), r.email(),
                    anchors.get(r.fingerprint()), accountTags.get(r.fingerprint())));
        }
        this.rows = List.copyOf(ls);
    }

    // ---- what the template reads ----

    public String title() {
        return view.title();
    }

    public String scannedAt() {
        return STAMP.format(view.scannedAt());
    }

    public String scannedAtIso() {
        return view.scannedAt().toString();
    }

    public boolean history() {
        return view.scope() == AuditView.Scope.HISTORY;
    }

    public String scope() {
        return view.scope().name().toLowerCase(Locale.ROOT);
    }

    public boolean verified() {
        return verified;
    }

    public boolean redacted() {
        return redact;
    }

    public List<Card> cards() {
        return cards;
    }

    public List<Line> rows() {
        return rows;
    }

    /** Rows per table of the findings list: each table is laid out only when scrolled near. */
    static final int CHUNK = 250;

    /**
     * The findings in tables of {@link #CHUNK} rows. One table of 10,000 rows costs the browser seconds of layout;
     * chunks under {@code content-visibility: auto} cost only those on screen.
     */
    public List<List<Line>> rowChunks() {
        List<List<Line>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += CHUNK) {
            out.add(rows.subList(i, Math.min(rows.size(), i + CHUNK)));
        }
        return out;
    }

    /** A column of the findings tables and its width in percent, so that every chunk lines up. */
    public record Column(String name, int width) {
    }

    public List<Column> columns() {
        List<Column> c = new ArrayList<>();
        boolean v = verified();
        c.add(new Column("Severity", 7));
        if (v) {
            c.add(new Column("Status", 12)); // the status and the ARN, or why it is not verified
        }
        if (history()) {
            c.add(new Column("Kind", v ? 9 : 11));
            c.add(new Column("Value", v ? 12 : 14));
            c.add(new Column("Account", 9));
            c.add(new Column("Repository", 9));
            c.add(new Column("Path", v ? 14 : 22));
            c.add(new Column("Line", 4));
            c.add(new Column("Commit", 9));
            c.add(new Column("Date", 7));
            c.add(new Column("Author", 8));
        } else {
            c.add(new Column("Kind", 14));
            c.add(new Column("Value", 19));
            c.add(new Column("Account", 11));
            c.add(new Column("Repository", 12));
            c.add(new Column("Path", v ? 19 : 31));
            c.add(new Column("Line", 6));
        }
        return c;
    }

    public int repositoryCount() {
        return (int) view.repositories().stream().map(Repository::name).distinct().count();
    }

    public List<String> repositories() {
        return view.repositories().stream().map(Repository::name).distinct().sorted().toList();
    }

    /** A scanned repository as the page lists it: its web home when the remote names one, the branch at HEAD. */
    public record Repo(String name, String home, String branch, String head, boolean shallow) {
    }

    public List<Repo> repositoryLines() {
        List<Repo> out = new ArrayList<>();
        for (Repository r : view.repositories()) {
            Remote remote = Remote.parse(r.remoteUrl());
            String branch = r.headRef() == null ? null
                    : r.headRef().startsWith("refs/heads/") ? r.headRef().substring(11) : r.headRef();
            out.add(new Repo(r.name(), remote == null ? null : remote.home(), branch, shortId(r.head()),
                    r.shallow()));
        }
        return out;
    }

    public List<String> kinds() {
        Set<String> k = new TreeSet<>();
        view.findings().forEach(r -> k.add(r.kind()));
        view.credentials().forEach(c -> k.add(c.kind()));
        return List.copyOf(k);
    }

    public List<Count> severities() {
        Map<Severity, Long> n = new EnumMap<>(Severity.class);
        view.credentials().forEach(c -> n.merge(c.severity(), 1L, Long::sum));
        List<Count> out = new ArrayList<>();
        n.forEach((s, c) -> out.add(new Count(s.id(), s.id(), c)));
        return out;
    }

    /** Counts by verification status, live first; empty when nothing was verified. */
    public List<Count> statuses() {
        if (!verified) {
            return List.of();
        }
        Map<Verification, Long> n = new EnumMap<>(Verification.class);
        long none = 0;
        for (Credential c : view.credentials()) {
            if (c.verification() == null) {
                none++;
            } else {
                n.merge(c.verification(), 1L, Long::sum);
            }
        }
        List<Count> out = new ArrayList<>();
        n.forEach((s, c) -> out.add(new Count(s.id(), s.id(), c)));
        if (none > 0) {
            out.add(new Count(NOT_VERIFIED, "not verified", none));
        }
        return out;
    }

    /** The status filter's value for a credential that was not verified (no status at all). */
    static final String NOT_VERIFIED = "not-verified";

    /** The credentials verification found live, the page's first concern. */
    public List<Card> live() {
        return cards.stream().filter(c -> "live".equals(c.status())).toList();
    }

    public List<String> statusIds() {
        Set<String> s = new LinkedHashSet<>();
        statuses().forEach(c -> s.add(c.id()));
        return List.copyOf(s);
    }

    /** Errors listed on the page; the rest are counted ({@link #moreErrors()}), the JSON report has them all. */
    static final int ERRORS_SHOWN = 200;

    public List<ScanError> errors() {
        return view.errors().subList(0, Math.min(ERRORS_SHOWN, view.errors().size()));
    }

    public int errorCount() {
        return view.errors().size();
    }

    public int moreErrors() {
        return view.errors().size() - errors().size();
    }

    public long skipped() {
        return view.skipped();
    }

    public long atTip() {
        return view.credentials().stream().filter(Credential::atHead).count();
    }

    /** The credential exposed longest that is not known to be dead, described in one line; null without dates. */
    public Card oldest() {
        return cards.stream()
                .filter(c -> c.dateKey() > 0 && !"invalid".equals(c.status()) && !"expired".equals(c.status()))
                .min(Comparator.comparingLong(Card::dateKey)).orElse(null);
    }

    public String axisStart() {
        return day(axisStart);
    }

    public String axisEnd() {
        return day(view.scannedAt());
    }

    public String css() {
        return Assets.CSS;
    }

    public String script() {
        return Assets.SCRIPT;
    }

    public String csp() {
        return Assets.CSP;
    }

    // ---- building ----

    private Card card(Credential c, String anchor, Map<String, Remote> remotes) {
        String shownSecret = shown(c.kind(), c.secret());
        String title = c.keyId() != null ? c.keyId() : shownSecret;
        List<Place> places = new ArrayList<>();
        for (Sighting s : shownSightings(c)) {
            Remote remote = remotes.get(s.repository());
            places.add(new Place(s.repository(), s.path(), s.line(), shortId(s.commit()),
                    remote == null ? null : remote.commit(s.commit()),
                    remote == null ? null : remote.file(s.commit(), s.path()), day(s.date()), s.author(),
                    s.others()));
        }
        List<String> repos = c.repositories();
        String exposure;
        if (c.firstSeen() == null) {
            exposure = null;
        } else if (c.atHead()) {
            exposure = "in history since " + day(c.firstSeen()) + " and still at the tip: " + days(c.daysExposed())
                    + " exposed";
        } else {
            exposure = "in history since " + day(c.firstSeen()) + ", removed from the tip after " + day(c.lastSeen())
                    + " but still in history: " + days(c.daysExposed()) + " exposed";
        }
        String account = c.accountId() != null ? c.accountId() : c.check() == null ? null : c.check().account();
        return new Card(anchor, title, c.kind(), c.severity().id(), statusId(c.verification()), c.check(),
                rank(c.verification(), c.severity()), shownSecret, c.keyId(), account,
                repos, String.join("\n", repos), day(c.firstSeen()), day(c.lastSeen()),
                c.firstSeen() == null ? 0 : c.firstSeen().toEpochMilli(), c.atHead(), c.daysExposed(), c.places(),
                exposure, timeline(c, remotes), places, c.sightings().size() - places.size(), steps(c, account),
                accountTags.get(c.fingerprint()));
    }

    /** The oldest places, and the oldest of each repository holding it, so every repository is named. */
    private static List<Sighting> shownSightings(Credential c) {
        Set<Sighting> shown = new LinkedHashSet<>();
        Set<String> repos = new HashSet<>();
        for (Sighting s : c.sightings()) {
            if (repos.add(s.repository())) {
                shown.add(s);
            }
        }
        for (Sighting s : c.sightings()) {
            if (shown.size() >= Math.max(PLACES_SHOWN, repos.size())) {
                break;
            }
            shown.add(s);
        }
        List<Sighting> out = new ArrayList<>(shown);
        out.sort(Comparator.comparingInt(c.sightings()::indexOf));
        return out;
    }

    private Timeline timeline(Credential c, Map<String, Remote> remotes) {
        if (c.firstSeen() == null) {
            return null;
        }
        Instant end = view.scannedAt();
        boolean several = c.spans().size() > 1;
        List<Lane> lanes = new ArrayList<>();
        int y = 0;
        for (AuditView.Span span : c.spans()) {
            Instant first = span.firstSeen() == null ? c.firstSeen() : span.firstSeen();
            Instant inTree = span.atHead() || span.lastSeen() == null ? end : span.lastSeen();
            double x0 = x(first);
            double x1 = Math.max(x(inTree), x0 + 3);
            double xe = Math.max(x(end), x1);
            List<Marker> markers = new ArrayList<>();
            Remote remote = remotes.get(span.repository());
            for (Sighting s : c.sightings()) {
                if (s.date() != null && markers.size() < MARKERS_SHOWN
                        && (!several || s.repository().equals(span.repository()))) {
                    markers.add(new Marker(num(x(s.date())), (several ? s.repository() + ": " : "") + day(s.date())
                            + " " + shortId(s.commit()) + " " + s.path(),
                            remote == null ? null : remote.commit(s.commit())));
                }
            }
            // One lane keeps the original geometry; several get a name above each bar.
            int nameY = y + 9;
            int axisY = several ? y + 19 : 14;
            lanes.add(new Lane(several ? span.repository() : null, nameY, axisY, axisY - 6, num(x0), num(x1 - x0),
                    num(x1), num(xe - x1), markers));
            y += several ? 26 : 20;
        }
        int datesY = several ? y + 7 : 31;
        String label = (c.keyId() != null ? c.keyId() : c.kind()) + ": first seen " + day(c.firstSeen())
                + (c.atHead() ? ", still at the tip" : ", removed after " + day(c.lastSeen())) + ", "
                + days(c.daysExposed()) + " exposed" + (several ? ", in " + c.spans().size() + " repositories" : "");
        return new Timeline(lanes, label, datesY + 3, datesY);
    }

    private double x(Instant t) {
        double span = Math.max(1, view.scannedAt().toEpochMilli() - axisStart.toEpochMilli());
        double v = (t.toEpochMilli() - axisStart.toEpochMilli()) / span * WIDTH;
        return Math.max(0, Math.min(WIDTH, v));
    }

    /** The first two steps of {@link Remediation#STEPS} for this credential, with its values filled in. */
    private List<Step> steps(Credential c, String accountId) {
        String key = c.keyId();
        String account = accountId == null ? "its account" : "account " + accountId;
        List<Step> out = new ArrayList<>();
        if (key != null && key.startsWith("AKIA")) {
            out.add(new Step("Deactivate " + key + " in " + account + " now and never reuse it (step 1); the first "
                    + "command names the user it belongs to:", List.of(
                    "aws iam get-access-key-last-used --access-key-id " + key,
                    "aws iam update-access-key --user-name USER --access-key-id " + key + " --status Inactive")));
        } else if (key != null && key.startsWith("ASIA")) {
            out.add(new Step(key + " is a temporary (STS) key in " + account + ": it cannot be deactivated and "
                    + "expires by itself; revoke the active sessions of the role that issued it to stop it now.",
                    List.of()));
        } else {
            out.add(new Step("The key ID is not beside this value in the repository: find it among the access keys "
                    + "of " + account + ", then deactivate it (step 1):",
                    List.of("aws iam list-access-keys --user-name USER")));
        }
        if (key != null) {
            out.add(new Step("Look up what " + key + " did since it leaked, in every region (step 2), with "
                    + "credentials for " + account + ":", List.of(
                    "for region in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do\n"
                            + "  aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,"
                            + "AttributeValue=" + key + " --region \"$region\"\ndone")));
        } else {
            out.add(new Step("Once you have the key ID, look up what it did in every region (step 2).", List.of()));
        }
        out.add(new Step("Then steps 3 to " + Remediation.STEPS.size() + ": what it created, roles rather than "
                + "keys, keys out of code, history.", List.of()));
        return out;
    }

    private String shown(String kind, String secret) {
        return !redact || Redaction.isIdentifier(kind) ? secret : Redaction.redact(secret);
    }

    static int rank(Verification v, Severity s) {
        return statusRank(v) * 10 + s.ordinal();
    }

    /** One's own accounts first among equals (a live key there is the worst there is), accounts to leave last. */
    static int tagRank(String tag) {
        return Report.OWN.equals(tag) ? 0 : Report.IGNORED.equals(tag) ? 2 : 1;
    }

    static int statusRank(Verification v) {
        return v == null ? Verification.values().length : v.ordinal();
    }

    static String statusId(Verification v) {
        return v == null ? null : v.id();
    }

    static String shortId(String commit) {
        return commit == null ? null : commit.substring(0, Math.min(12, commit.length()));
    }

    static String day(Instant t) {
        return t == null ? null : DAY.format(t);
    }

    static String days(long n) {
        return n == 1 ? "1 day" : String.format(Locale.ROOT, "%,d days", n);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
