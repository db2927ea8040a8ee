package dev.keyward.html;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A real repository full of hostile names, scanned and rendered: nothing from it becomes markup or script. */
class HostilePageTest {

    @TempDir
    static Path tmp;

    static Samples.Built built;
    static String html;
    static Document doc;

    @BeforeAll
    static void render() {
        built = Samples.hostile(tmp.resolve("repo"));
        html = HtmlReport.render(built.view(), HtmlOptions.defaults());
        doc = Jsoup.parse(html);
    }

    @Test
    void theScanSawTheHostileNames() {
        // Guards the test itself: the names must reach the report for the assertions below to mean anything.
        assertThat(built.result().result().findings()).extracting(f -> f.path()).contains(Samples.HOSTILE_FILE);
        assertThat(built.result().info().headRef()).isEqualTo("refs/heads/" + Samples.HOSTILE_BRANCH);
        assertThat(built.view().findings()).extracting(AuditView.Row::email).contains(Samples.HOSTILE_EMAIL);
        assertThat(built.view().findings()).extracting(AuditView.Row::author).contains(Samples.QUOTING_AUTHOR);
    }

    @Test
    void onlyOurOwnScriptAndNoElementMadeFromTheRepository() {
        assertThat(doc.select("script")).hasSize(1);
        assertThat(doc.select("script").first().data()).contains("Filters, search and sort");
        assertThat(doc.select("img, iframe, object, embed, base, form, meta[http-equiv=refresh]")).isEmpty();
        List<String> handlers = new ArrayList<>();
        for (Element e : doc.getAllElements()) {
            for (Attribute a : e.attributes()) {
                if (a.getKey().toLowerCase().startsWith("on")) {
                    handlers.add(e.tagName() + " " + a.getKey());
                }
            }
        }
        assertThat(handlers).isEmpty();
    }

    @Test
    void theHostileNamesAreShownAsText() {
        String text = doc.body().text();
        assertThat(text).contains(Samples.HOSTILE_FILE).contains(Samples.QUOTING_AUTHOR).contains(Samples.HOSTILE_BRANCH);
        assertThat(doc.select("code.ref").text()).isEqualTo(Samples.HOSTILE_BRANCH);
        assertThat(doc.select("td[title]").eachAttr("title")).contains(Samples.HOSTILE_EMAIL);
    }

    @Test
    void linksGoOnlyToTheRepositoryOnGitHubWithThePathEncoded() {
        List<String> hrefs = doc.select("a[href]").eachAttr("href");
        assertThat(hrefs).isNotEmpty();
        assertThat(hrefs).allMatch(h -> h.startsWith("#") || h.startsWith("https://github.com/acme/widgets"));
        String commit = built.result().result().findings().stream()
                .filter(f -> f.path().equals(Samples.HOSTILE_FILE)).findFirst().orElseThrow()
                .provenance() instanceof dev.keyward.finding.Provenance.GitBlob b ? b.commit() : null;
        assertThat(hrefs).contains("https://github.com/acme/widgets/commit/" + commit)
                .contains("https://github.com/acme/widgets/blob/" + commit
                        + "/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.env");
    }

    @Test
    void thePolicyForbidsEveryOutsideRequestAndAllowsOurScriptByHash() throws Exception {
        Element meta = doc.selectFirst("meta[http-equiv=Content-Security-Policy]");
        assertThat(meta).isNotNull();
        String csp = meta.attr("content");
        assertThat(csp).startsWith("default-src 'none';").doesNotContain("unsafe").doesNotContain("http");
        String script = doc.selectFirst("script").data();
        String style = doc.selectFirst("style").data();
        assertThat(csp).contains("script-src '" + sha256(script) + "'").contains("style-src '" + sha256(style) + "'");
        assertThat(doc.select("link[href], [src]")).allMatch(e -> e.attr("href").startsWith("data:"));
    }

    @Test
    void secretsAreRedactedUnlessAsked() {
        for (String s : built.secrets()) {
            assertThat(html).doesNotContain(s).contains(s.substring(0, 4) + "…");
        }
        for (String id : built.keyIds()) {
            assertThat(html).contains(id);
        }
        String full = HtmlReport.render(built.view(), new HtmlOptions(false));
        assertThat(built.secrets()).allMatch(full::contains);
    }

    @Test
    void whatCouldNotBeReadIsListedAsText() {
        AuditView v = built.view().withProblems(List.of(new dev.keyward.finding.ScanError(Samples.HOSTILE_FILE,
                "cannot clone <b>acme/gone</b>")), 3);
        Document d = Jsoup.parse(HtmlReport.render(v, HtmlOptions.defaults()));
        assertThat(d.selectFirst("#errors").text()).startsWith("1 input could not be read")
                .contains(Samples.HOSTILE_FILE + ": cannot clone <b>acme/gone</b>");
        assertThat(d.select("#errors img, #errors li b")).isEmpty();
        assertThat(d.selectFirst("#skipped").text()).startsWith("3 inputs were skipped");
        assertThat(doc.select("#errors, #skipped")).as("nothing unread in the scan itself").isEmpty();
    }

    private static String sha256(String s) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "sha256-" + java.util.Base64.getEncoder().encodeToString(d);
    }
}
