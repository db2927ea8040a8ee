package dev.keyward.html;

import dev.keyward.Scanner;
import dev.keyward.html.AuditView.Credential;
import dev.keyward.html.AuditView.Scope;
import dev.keyward.html.AuditView.Verification;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The adapter from today's scan results, and what the page says about them. */
class AuditViewsTest {

    @TempDir
    static Path tmp;
    static Samples.Built built;
    static AuditView view;

    @BeforeAll
    static void scan() {
        built = Samples.sample(tmp.resolve("api"));
        view = built.view();
    }

    private static Credential credential(String secret) {
        return view.credentials().stream().filter(c -> c.secret().equals(secret)).findFirst().orElseThrow();
    }

    @Test
    void oneCredentialPerSummaryRowWithItsKeyIdAndAccount() {
        assertThat(view.credentials()).hasSize(built.result().summary().size()).hasSize(5);
        assertThat(view.findings()).hasSize(built.result().result().findings().size());
        for (int i = 0; i < 2; i++) {
            Credential secret = credential(built.secrets().get(i));
            Credential id = credential(built.keyIds().get(i));
            assertThat(secret.keyId()).isEqualTo(built.keyIds().get(i));
            assertThat(id.keyId()).isEqualTo(built.keyIds().get(i));
            assertThat(secret.accountId()).isNotNull().isEqualTo(id.accountId()).hasSize(12);
        }
        assertThat(view.repositories()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("acme/payments/api");
            assertThat(r.headRef()).isEqualTo("refs/heads/main");
        });
    }

    @Test
    void theTimelineFactsComeFromHistory() {
        Credential removed = credential(built.keyIds().get(0));
        assertThat(removed.atHead()).isFalse();
        assertThat(removed.firstSeen()).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
        assertThat(removed.daysExposed()).isEqualTo(59);
        Credential twice = credential(built.keyIds().get(1));
        assertThat(twice.atHead()).isTrue();
        assertThat(twice.sightings()).hasSize(2).extracting(AuditView.Sighting::path)
                .containsExactly("config/app.env", "test/fixtures/app.env");
    }

    @Test
    void thePageSaysWhatToDoFirstAndFillsInTheSteps() {
        Document doc = Jsoup.parse(HtmlReport.render(view, HtmlOptions.defaults()));
        assertThat(doc.selectFirst("#n-credentials").text()).isEqualTo("5");
        assertThat(doc.selectFirst("#n-repositories").text()).isEqualTo("1");
        assertThat(doc.selectFirst("#oldest").text()).contains(built.keyIds().get(0)).contains("2024-01-02");
        assertThat(doc.select("#by-severity li")).isNotEmpty();
        assertThat(doc.select("#by-status")).isEmpty();
        assertThat(doc.select("#findings th").eachText()).doesNotContain("Status");
        assertThat(doc.select("svg.timeline rect.bar")).hasSize(5);
        assertThat(doc.select("#findings tbody tr")).hasSize(view.findings().size());
        String id = built.keyIds().get(1);
        String card = doc.select("article.credential").stream().filter(a -> a.selectFirst("h3").text().contains(id))
                .findFirst().orElseThrow().text();
        assertThat(card).contains("aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,"
                + "AttributeValue=" + id + " --region \"$region\"").contains("account " + credential(id).accountId());
        assertThat(doc.select("a[href^=https://gitlab.com/acme/payments/api/-/commit/]")).isNotEmpty();
    }

    @Test
    void verificationLightsUpTheStatusColumnWithLiveFirst() {
        String live = credential(built.secrets().get(1)).fingerprint();
        String invalid = credential(built.secrets().get(0)).fingerprint();
        AuditView v = view.withVerification(Map.of(live, Verification.LIVE, invalid, Verification.INVALID));
        Document doc = Jsoup.parse(HtmlReport.render(v, HtmlOptions.defaults()));
        assertThat(doc.select("#by-status .status").eachText()).startsWith("live", "invalid");
        assertThat(doc.select("#findings th").eachText()).contains("Status");
        assertThat(doc.select("article.credential").first().attr("data-status")).isEqualTo("live");
        assertThat(doc.select("#f-status option").eachAttr("value")).contains("", "live", "invalid", "not-verified");
    }

    @Test
    void aFileScanHasNoTimelineAndSaysSo() throws Exception {
        Path dir = tmp.resolve("files");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("app.env"), Samples.pair(built.keyIds().get(2), built.secrets().get(2)));
        var result = Scanner.builder().build().scan(dir);
        AuditView files = AuditViews.fromScan(result, Scope.FILES, "files", Samples.NOW);
        assertThat(files.credentials()).hasSize(2);
        Document doc = Jsoup.parse(HtmlReport.render(files, HtmlOptions.defaults()));
        assertThat(doc.select("svg.timeline")).isEmpty();
        assertThat(doc.select(".no-timeline")).hasSize(2);
        assertThat(doc.select("#summary").text()).contains("no history");
        assertThat(doc.select("#findings tbody tr")).hasSize(2);
    }

    @Test
    void anA3tPairNamesItsKeyIdLikeAnAkiaPair() throws Exception {
        Path dir = tmp.resolve("a3t");
        Files.createDirectories(dir);
        String id = "A3TZ" + built.keyIds().get(2).substring(4);
        Files.writeString(dir.resolve("app.env"), Samples.pair(id, built.secrets().get(2)));
        var result = Scanner.builder().build().scan(dir);
        AuditView files = AuditViews.fromScan(result, Scope.FILES, "files", Samples.NOW);
        assertThat(files.credentials()).hasSize(2).allSatisfy(c -> assertThat(c.keyId()).isEqualTo(id));
    }

    @Test
    void combiningScansKeepsOneCredentialAcrossRepositories() {
        AuditView a = view;
        AuditView b = new AuditView("b", Samples.NOW, Scope.HISTORY,
                java.util.List.of(new AuditView.Repository("other", null, null, null, false)),
                a.credentials().stream().map(c -> new Credential(c.fingerprint(), c.kind(), c.severity(), c.secret(),
                        c.keyId(), c.accountId(), null, c.firstSeen(), c.lastSeen(), c.atHead(), c.daysExposed(),
                        c.places(), c.sightings().stream().map(s -> new AuditView.Sighting("other", s.path(), s.line(),
                                s.commit(), s.date(), s.author(), s.email(), s.blobId(), s.others())).toList()))
                        .toList(),
                java.util.List.of());
        AuditView both = AuditView.combine("both", java.util.List.of(a, b));
        assertThat(both.credentials()).hasSize(5);
        assertThat(both.credentials()).allMatch(c -> c.repositories().size() == 2);
        Document doc = Jsoup.parse(HtmlReport.render(both, HtmlOptions.defaults()));
        assertThat(doc.selectFirst("#n-repositories").text()).isEqualTo("2");
        assertThat(doc.select("#f-repo option").eachAttr("value")).containsExactly("", "acme/payments/api", "other");
    }
}
