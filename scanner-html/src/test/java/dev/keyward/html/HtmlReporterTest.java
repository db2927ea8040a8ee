package dev.keyward.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.CredentialSummary;
import dev.keyward.finding.Finding;
import dev.keyward.finding.HistoryInfo;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanResult;
import dev.keyward.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history report over several repositories read by the reporter itself: with the names and clone URLs it is
 * given, or, told nothing, by matching the names the findings carry to the repositories' folders.
 */
class HtmlReporterTest {

    @TempDir
    static Path tmp;
    static Samples.Several several;
    static Report report;
    static List<String> names = new ArrayList<>();

    /** The first two repositories as one run reports them: findings named after their folder, facts in order. */
    @BeforeAll
    static void run() {
        several = Samples.several(tmp);
        List<Finding> findings = new ArrayList<>();
        List<HistoryInfo> infos = new ArrayList<>();
        List<CredentialSummary> summary = new ArrayList<>();
        for (Samples.Built b : several.repos().subList(0, 2)) {
            String name = b.repo().toString();
            names.add(name);
            for (Finding f : b.result().result().findings()) {
                findings.add(f.withOrigin(f.location(), ((Provenance.GitBlob) f.provenance()).inRepository(name)));
            }
            infos.add(b.result().info());
            summary.addAll(b.result().summary());
        }
        report = new Report(Report.Kind.HISTORY, new ScanResult(findings, List.of(), List.of(),
                several.repos().get(0).result().result().stats()), infos, summary, Map.of());
    }

    private static void eachRowLinksToItsOwnHost(AuditView view, Map<String, String> hosts) {
        Document doc = Jsoup.parse(HtmlReport.render(view, HtmlOptions.defaults()));
        assertThat(doc.selectFirst("#n-repositories").text()).isEqualTo("2");
        var rows = doc.select("#findings tbody tr");
        assertThat(rows.eachAttr("data-repo")).containsOnlyElementsOf(hosts.keySet()).containsAll(hosts.keySet());
        for (Element row : rows) {
            assertThat(row.select("a[href^=https:]").eachAttr("href")).as(row.text()).hasSize(2)
                    .allMatch(h -> h.startsWith(hosts.get(row.attr("data-repo"))));
        }
        Element shared = doc.select("article.credential").stream()
                .filter(a -> a.selectFirst("code.secret").text().equals(several.sharedId())).findFirst()
                .orElseThrow();
        assertThat(shared.select("svg.timeline text.lane").eachText()).containsExactlyElementsOf(hosts.keySet());
    }

    @Test
    void toldNothingItMatchesTheNamesToTheFoldersAndReadsTheirRemotes() {
        AuditView view = new HtmlReporter().view(report, Samples.NOW);
        assertThat(view.repositories()).extracting(AuditView.Repository::name).containsExactlyElementsOf(names);
        assertThat(view.repositories()).extracting(AuditView.Repository::headRef).containsOnly("refs/heads/main");
        assertThat(view.credentials()).filteredOn(c -> c.secret().equals(several.sharedId())).singleElement()
                .satisfies(c -> assertThat(c.spans()).hasSize(2));
        Map<String, String> hosts = new java.util.LinkedHashMap<>(); // in order: the lanes are checked in order
        hosts.put(names.get(0), "https://github.com/acme/api/");
        hosts.put(names.get(1), "https://gitlab.com/acme/group/web/");
        eachRowLinksToItsOwnHost(view, hosts);
    }

    @Test
    void aCloneUrlItIsGivenWinsOverTheFoldersOwnRemote() {
        AuditView view = new HtmlReporter(List.of(new HtmlReporter.Named(names.get(0), null),
                new HtmlReporter.Named(names.get(1), "https://token:x-oauth@bitbucket.org/acme/moved.git")))
                .view(report, Samples.NOW);
        Map<String, String> hosts = new java.util.LinkedHashMap<>();
        hosts.put(names.get(0), "https://github.com/acme/api/");
        hosts.put(names.get(1), "https://bitbucket.org/acme/moved/");
        eachRowLinksToItsOwnHost(view, hosts);
        assertThat(HtmlReport.render(view, HtmlOptions.defaults())).doesNotContain("x-oauth");
    }
}
