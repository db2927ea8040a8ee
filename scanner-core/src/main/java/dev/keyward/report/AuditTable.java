package dev.keyward.report;

import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Exposure;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.Verification;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The text audit of a history: one row per distinct credential, columns padded to their widest cell. */
final class AuditTable {

    private AuditTable() {
    }

    /**
     * The table; with a STATUS column first when {@code verifications} is not empty (that is, {@code --verify}
     * checked something), in which case the rows come live first as {@link Report#withVerifications} put them.
     */
    static void write(List<CredentialSummary> rows, Map<String, Verification> verifications,
                      Map<String, String> tags, ReportOptions o, Appendable out) throws IOException {
        if (rows.isEmpty()) {
            out.append("No credentials in the history.\n");
            return;
        }
        boolean status = !verifications.isEmpty();
        List<String[]> cells = new ArrayList<>();
        cells.add(withStatus(status, "STATUS", new String[] {"KIND", "KEY ID / SECRET", "ACCOUNT", "PAIRED",
            "INTRODUCED", "DATE", "AUTHOR", "PATH", "AT HEAD", "BLOBS", "PATHS", "DAYS"}));
        for (CredentialSummary s : rows) {
            Provenance.GitBlob g = s.origin();
            cells.add(withStatus(status, Verifications.status(verifications.get(s.first().fingerprint())),
                    new String[] {
                s.first().kind(),
                Redaction.shown(s.first(), o.redact()),
                account(s, tags.get(s.first().fingerprint())),
                s.paired() ? "yes" : "no",
                g.commit().substring(0, Math.min(12, g.commit().length())),
                g.date() == null ? "-" : g.date().atZone(ZoneOffset.UTC).toLocalDate().toString(),
                g.author() == null || g.author().isEmpty() ? "-" : TextReporter.printable(g.author()),
                (g.repository() == null ? "" : TextReporter.printable(g.repository()) + " ")
                        + TextReporter.printable(g.path()) + ":" + s.first().location().line(),
                g.repository() == null ? (s.atHead() ? "yes" : "no")
                        : repos(s, true).size() + "/" + repos(s, false).size() + " repos",
                String.valueOf(s.blobs()),
                String.valueOf(s.paths()),
                String.valueOf(s.daysExposed())}));
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (int r = 0; r < cells.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                String v = cells.get(r)[c];
                boolean number = c >= (status ? 10 : 9);
                String padded = number ? " ".repeat(width[c] - v.length()) + v : v + " ".repeat(width[c] - v.length());
                line.append(c == 0 ? "" : "  ").append(padded);
            }
            String l = line.toString().stripTrailing();
            out.append(r == 0 ? TextReporter.style(o, "1", l) : l).append('\n');
        }
        // Several repositories: which hold each credential, and where it is still at the tip.
        for (CredentialSummary s : rows) {
            if (s.origin().repository() != null) {
                out.append(Redaction.shown(s.first(), o.redact())).append(": in ")
                        .append(names(repos(s, false))).append("; at the tip in ")
                        .append(repos(s, true).isEmpty() ? "none" : names(repos(s, true))).append('\n');
            }
        }
    }

    private static List<String> repos(CredentialSummary s, boolean atTip) {
        return s.exposures().stream().filter(e -> !atTip || e.atHead()).map(Exposure::repository)
                .filter(java.util.Objects::nonNull).distinct().sorted().toList();
    }

    private static String names(List<String> repos) {
        return String.join(", ", repos.stream().map(TextReporter::printable).toList());
    }

    private static String account(CredentialSummary s, String tag) {
        String account = s.first().accountId();
        if (account == null) {
            return tag == null ? "-" : "(" + tag + ")";
        }
        return tag == null ? account : account + " (" + tag + ")";
    }

    private static String[] withStatus(boolean on, String status, String[] row) {
        if (!on) {
            return row;
        }
        String[] wider = new String[row.length + 1];
        wider[0] = status;
        System.arraycopy(row, 0, wider, 1, row.length);
        return wider;
    }
}
