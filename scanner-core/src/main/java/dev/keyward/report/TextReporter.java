package dev.keyward.report;

import dev.keyward.finding.Finding;
import dev.keyward.finding.PairRef;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.ScanResult;
import dev.keyward.finding.Skipped;
import dev.keyward.finding.Verification;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * For people. A scan of files or a history: findings grouped by file, a credential pair shown as one entry with
 * both halves, key IDs whole and other secrets redacted, the decoded account (for a history with
 * {@link ReportOptions#auditTable()}, the audit table instead, and a note first when a clone is shallow). A staged
 * scan: the pre-commit check's message. Then, for every kind, what was skipped and what failed, and for a scan or
 * a history a one-line summary and what to do, once, when anything was found. ANSI colour only when
 * {@link ReportOptions#color()}. Stateless and thread-safe.
 */
public final class TextReporter implements Reporter {

    /** Skipped inputs listed one per line before the rest are only counted; the JSON report lists them all. */
    static final int SKIPPED_SHOWN = 10;

    @Override
    public void write(Report report, ReportOptions o, Appendable out) throws IOException {
        ScanResult result = report.result();
        if (report.kind() == Report.Kind.STAGED) {
            StagedText.write(report, o, out);
            return;
        }
        liveInOwnAccount(report, o, "", out);
        if (report.shallow()) {
            out.append("note: shallow clone: older history is not here, so \"introduced\" may name the oldest commit "
                    + "present\n\n");
        }
        if (report.kind() == Report.Kind.HISTORY && o.auditTable()) {
            AuditTable.write(report.summary(), report.verifications(), report.accountTags(), o, out);
            out.append('\n');
        } else {
            findings(result.findings(), report, o, out);
        }
        skipped(result.skipped(), "", out);
        errors(result.errors(), o, "", out);
        out.append(summary(result)).append('\n');
        if (!result.findings().isEmpty()) {
            out.append('\n');
            steps(o, "What to do:", Remediation.STEPS, out);
        }
    }

    private static void findings(List<Finding> findings, Report report, ReportOptions o, Appendable out)
            throws IOException {
        String repo = null;
        // Findings come in path order; several repositories' are shown one repository after another.
        List<Finding> ordered = findings.stream().sorted(Comparator.comparing(TextReporter::repository,
                Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
        for (Map.Entry<String, List<Finding>> e : byPath(ordered).entrySet()) {
            String here = repository(e.getValue().get(0));
            if (here != null && !here.equals(repo)) {
                // A run over several repositories: findings come grouped by repository, under its name.
                out.append(style(o, "1;4", "repository " + printable(here))).append("\n\n");
                repo = here;
            }
            out.append(style(o, "1", printable(e.getValue().get(0).path()))).append('\n');
            List<Finding> fs = e.getValue();
            int width = fs.stream().mapToInt(f -> position(f).length()).max().orElse(0);
            for (List<Finding> entry : entries(fs)) {
                if (entry.size() == 2) {
                    writePair(out, o, report, entry.get(0), entry.get(1), width);
                } else {
                    writeOne(out, o, report, entry.get(0), width);
                }
                verified(out, o, report.verification(entry.get(0).fingerprint()), width);
            }
            out.append('\n');
        }
    }

    private static Map<String, List<Finding>> byPath(List<Finding> findings) {
        return findings.stream().collect(Collectors.groupingBy(
                f -> repository(f) == null ? f.path() : repository(f) + "\u0000" + f.path(), LinkedHashMap::new,
                Collectors.toList()));
    }

    private static String repository(Finding f) {
        return f.provenance() instanceof Provenance.GitBlob g ? g.repository() : null;
    }

    /** One file's findings as report entries: a pair whose halves are both here is one entry of two. */
    private static List<List<Finding>> entries(List<Finding> sameFile) {
        // Findings by what a pair reference names (fingerprint, line, column), in list order: a file of many pairs
        // finds each partner by one lookup rather than a pass over the file's findings.
        Map<String, List<Finding>> byPlace = new HashMap<>();
        for (Finding g : sameFile) {
            byPlace.computeIfAbsent(place(g.fingerprint(), g.location().line(), g.location().column()),
                    k -> new ArrayList<>(1)).add(g);
        }
        List<List<Finding>> entries = new ArrayList<>();
        Set<Finding> shown = new HashSet<>();
        for (Finding f : sameFile) {
            if (!shown.add(f)) {
                continue;
            }
            Finding partner = partner(f, byPlace);
            entries.add(partner != null && shown.add(partner) ? List.of(f, partner) : List.of(f));
        }
        return entries;
    }

    private static String place(String fingerprint, int line, int column) {
        return fingerprint + ":" + line + ":" + column;
    }

    /**
     * Skipped inputs, one per line after {@code prefix}, the first {@value #SKIPPED_SHOWN} of them; the rest are
     * counted.
     */
    static void skipped(List<Skipped> skipped, String prefix, Appendable out) throws IOException {
        int n = 0;
        for (Skipped s : skipped) {
            if (++n > SKIPPED_SHOWN) {
                out.append(prefix).append("skipped: ").append(String.valueOf(skipped.size() - SKIPPED_SHOWN))
                        .append(" more (the JSON report lists them all)\n");
                break;
            }
            out.append(prefix).append("skipped ").append(printable(s.path())).append(": ").append(s.reason())
                    .append('\n');
        }
    }

    /** Errors, one per line after {@code prefix}. */
    static void errors(List<ScanError> errors, ReportOptions o, String prefix, Appendable out) throws IOException {
        for (ScanError e : errors) {
            out.append(prefix).append(style(o, "31", "error")).append(' ').append(printable(e.path())).append(": ")
                    .append(e.message()).append('\n');
        }
    }

    /** A heading and numbered steps. */
    static void steps(ReportOptions o, String heading, List<String> steps, Appendable out) throws IOException {
        out.append(style(o, "1", heading)).append('\n').append(Remediation.numbered(steps, "  "));
    }

    /**
     * {@code text} with control characters escaped ({@code \n}, {@code \t}, {@code \x1b}, ...), for showing a file
     * name on a line of its own: a name cannot then break the report's lines or send escape codes to a terminal.
     */
    public static String printable(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != 0x7F && c != '\u2028' && c != '\u2029') {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format(c < 0x100 ? "\\x%02x" : "\\u%04x", (int) c));
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** The other half of {@code f}'s pair when it is in the same file (the first such in the file's order), or null. */
    private static Finding partner(Finding f, Map<String, List<Finding>> byPlace) {
        PairRef p = f.pairedWith();
        if (p == null) {
            return null;
        }
        for (Finding g : byPlace.getOrDefault(place(p.fingerprint(), p.line(), p.column()), List.of())) {
            if (g != f) {
                return g;
            }
        }
        return null;
    }

    private static void writeOne(Appendable out, ReportOptions o, Report report, Finding f, int width)
            throws IOException {
        out.append("  ").append(pad(position(f), width)).append("  ").append(severity(o, f)).append("  ")
                .append(f.ruleId()).append("  ").append(value(o, f));
        account(out, f.accountId(), report.accountTag(f.fingerprint()));
        PairRef p = f.pairedWith();
        if (p != null) {
            out.append("  (pair: ").append(p.ruleId()).append(" at ").append(String.valueOf(p.line())).append(':')
                    .append(String.valueOf(p.column())).append(')');
        }
        commit(out, f);
        out.append('\n');
    }

    private static void writePair(Appendable out, ReportOptions o, Report report, Finding a, Finding b, int width)
            throws IOException {
        String account = a.accountId() != null ? a.accountId() : b.accountId();
        out.append("  ").append(pad(position(a), width)).append("  ").append(severity(o, a)).append("  ")
                .append("credential pair");
        String tag = report.accountTag(a.fingerprint());
        account(out, account, tag != null ? tag : report.accountTag(b.fingerprint()));
        commit(out, a);
        out.append('\n');
        int ruleWidth = Math.max(a.ruleId().length(), b.ruleId().length());
        for (Finding f : List.of(a, b)) {
            out.append("  ").append(" ".repeat(width)).append("    ").append(pad(position(f), width)).append("  ")
                    .append(pad(f.ruleId(), ruleWidth)).append("  ").append(value(o, f)).append('\n');
        }
    }

    /** {@code  account 123456789012}, with {@code (own)} or {@code (ignored)} when the config names it. */
    static void account(Appendable out, String account, String tag) throws IOException {
        if (account != null) {
            out.append("  account ").append(account);
            if (tag != null) {
                out.append(" (").append(tag).append(')');
            }
        }
    }

    /**
     * Before anything else: each key ID verification found live in one of the user's own accounts, the most severe
     * finding there is, and what to do about it now.
     */
    static void liveInOwnAccount(Report report, ReportOptions o, String prefix, Appendable out) throws IOException {
        Set<String> said = new HashSet<>();
        for (Finding f : report.result().findings()) {
            if (!Redaction.isIdentifier(f.kind()) || !report.liveInOwnAccount(f.fingerprint())
                    || !said.add(f.fingerprint())) {
                continue;
            }
            Verification v = report.verification(f.fingerprint());
            String key = Redaction.shown(f, o.redact());
            out.append(prefix).append(style(o, "1;31", "LIVE KEY IN YOUR OWN ACCOUNT " + printable(v.account())
                    + ": " + key)).append(" (").append(printable(v.arn())).append(") at ")
                    .append(printable(f.path())).append(':').append(String.valueOf(f.location().line()))
                    .append('\n').append(prefix).append("  the most severe finding there is: deactivate it now "
                            + "(keyward revoke ").append(key).append("), then check CloudTrail for what it did\n");
        }
        if (!said.isEmpty()) {
            out.append('\n');
        }
    }

    /** The verification line under an entry, when it was verified. */
    private static void verified(Appendable out, ReportOptions o, Verification v, int width) throws IOException {
        if (v == null) {
            return;
        }
        String indent = "  " + " ".repeat(width) + "    ";
        String color = switch (v.status()) {
            case Verification.LIVE -> "1;31";
            case Verification.CANARY, Verification.UNVERIFIED -> "33";
            default -> "32";
        };
        out.append(indent).append(style(o, color, "verified:")).append(' ')
                .append(Verifications.text(v, indent + "  ")).append('\n');
    }

    private static void commit(Appendable out, Finding f) throws IOException {
        if (f.provenance() instanceof Provenance.GitBlob g) {
            out.append("  ").append(gitOrigin(g));
        }
    }

    /** Where a history finding's blob came from: commit, date, author, and how many other places hold it. */
    static String gitOrigin(Provenance.GitBlob g) {
        StringBuilder sb = new StringBuilder("commit ").append(g.commit(), 0, Math.min(12, g.commit().length()));
        if (g.date() != null) {
            sb.append(' ').append(g.date().atZone(java.time.ZoneOffset.UTC).toLocalDate());
        }
        if (g.author() != null && !g.author().isEmpty()) {
            sb.append(' ').append(printable(g.author()));
        }
        if (g.email() != null && !g.email().isEmpty()) {
            sb.append(" <").append(printable(g.email())).append('>');
        }
        if (g.otherOccurrences() > 0) {
            sb.append(" (+").append(g.otherOccurrences()).append(" other commit/path place")
                    .append(g.otherOccurrences() == 1 ? "" : "s").append(')');
        }
        return sb.toString();
    }

    private static String position(Finding f) {
        return f.location().line() + ":" + f.location().column();
    }

    private static String value(ReportOptions o, Finding f) {
        String v = Redaction.shown(f, o.redact());
        return Redaction.isIdentifier(f.kind()) ? style(o, "1", v) : v;
    }

    private static String severity(ReportOptions o, Finding f) {
        return style(o, severityColor(f), pad(f.severity().id(), 8));
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /**
     * One line: findings (and the credential pairs among them), files and bytes scanned, skipped, errors, time
     * (and any the baseline accepted).
     */
    public static String summary(ScanResult r) {
        int pairs = 0;
        for (List<Finding> sameFile : byPath(r.findings()).values()) {
            pairs += (int) entries(sameFile).stream().filter(e -> e.size() == 2).count();
        }
        int n = r.findings().size();
        long items = r.stats().items();
        long baselined = r.stats().baselined();
        return n + " finding" + (n == 1 ? "" : "s") + (pairs > 0 ? " (" + pairs + " credential pair"
                + (pairs == 1 ? "" : "s") + ")" : "")
                + (baselined > 0 ? " (and " + baselined + " accepted by the baseline)" : "")
                + " · " + items + " file" + (items == 1 ? "" : "s") + " scanned (" + bytes(r.stats().bytes()) + ")"
                + " · " + r.skipped().size() + " skipped"
                + " · " + r.errors().size() + " error" + (r.errors().size() == 1 ? "" : "s")
                + " · " + r.stats().millis() + " ms";
    }

    /** Sizes as {@code %.1f} would print them (half up), without java.util.Formatter's locale start-up. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        int shift = n < (1L << 20) ? 10 : n < (1L << 30) ? 20 : 30;
        long unit = 1L << shift;
        long tenths = (n * 10 + unit / 2) >>> shift; // n < 2^60 for any size a scan can count
        return tenths / 10 + "." + tenths % 10 + (shift == 10 ? " KiB" : shift == 20 ? " MiB" : " GiB");
    }

    private static String severityColor(Finding f) {
        return switch (f.severity()) {
            case CRITICAL -> "1;31";
            case HIGH -> "31";
            case MEDIUM -> "33";
            case LOW -> "36";
        };
    }

    static String style(ReportOptions o, String code, String s) {
        return o.color() ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
