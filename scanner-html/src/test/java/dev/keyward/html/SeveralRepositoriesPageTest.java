package dev.keyward.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.html.AuditView.Credential;
import dev.keyward.html.internal.Remote;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real repositories on three hosts, one view each, combined: every finding and place links to its own
 * repository, and the shared key's timeline has a lane per repository.
 */
class SeveralRepositoriesPageTest {

    @TempDir
    static Path tmp;
    static Samples.Several several;
    static AuditView view;
    static Document doc;

    /** Each repository's web home, as its origin remote says. */
    static final Map<String, String> HOMES = Map.of("acme/api", "https://github.com/acme/api",
            "acme/group/web", "https://gitlab.com/acme/group/web", "acme/infra", "https://bitbucket.org/acme/infra");

    @BeforeAll
    static void render() {
        several = Samples.several(tmp);
        view = several.view();
        doc = Jsoup.parse(HtmlReport.render(view, HtmlOptions.defaults()));
    }

    /** The commit that brought {@code secret} into repository {@code i}. */
    static String commitOf(int i, String secret) {
        return several.repos().get(i).result().result().findings().stream().filter(f -> f.secret().equals(secret))
                .map(Finding::provenance).map(p -> ((Provenance.GitBlob) p).commit()).findFirst().orElseThrow();
    }

    static Element card(String keyId) {
        return doc.select("article.credential").stream().filter(a -> a.selectFirst("h3").text().contains(keyId))
                .findFirst().orElseThrow();
    }

    @Test
    void theSharedKeyIsOneCredentialInAllThree() {
        assertThat(view.repositories()).extracting(AuditView.Repository::name).containsExactlyElementsOf(
                several.names());
        Credential shared = view.credentials().stream().filter(c -> c.secret().equals(several.sharedId()))
                .findFirst().orElseThrow();
        assertThat(shared.repositories()).containsExactlyElementsOf(several.names());
        assertThat(shared.spans()).extracting(AuditView.Span::repository).containsExactlyElementsOf(several.names());
        assertThat(shared.spans()).extracting(AuditView.Span::atHead).containsExactly(true, false, true);
        // The pair's secret is in two of them; each repository's own key in one.
        assertThat(view.credentials()).hasSize(5);
    }

    @Test
    void theSummaryCountsTheRepositoriesAndTheFilterListsThemAll() {
        assertThat(doc.selectFirst("#n-repositories").text()).isEqualTo("3");
        assertThat(doc.selectFirst("#summary .lead").text()).contains("in 3 repositories");
        assertThat(doc.select("#f-repo option").eachAttr("value")).containsExactly("", "acme/api", "acme/group/web",
                "acme/infra");
        assertThat(doc.select("#repositories + ul a").eachAttr("href")).containsExactly(HOMES.get("acme/api"),
                HOMES.get("acme/group/web"), HOMES.get("acme/infra"));
    }

    @Test
    void theSharedKeysTimelineHasALaneForEachRepositoryLinkedToItsCommits() {
        Element card = card(several.sharedId());
        assertThat(card.select("svg.timeline text.lane").eachText()).containsExactlyElementsOf(several.names());
        assertThat(card.select("svg.timeline rect.bar")).hasSize(3);
        // Removed from the second repository's tip: only its lane has a light tail.
        List<Double> tails = card.select("svg.timeline rect.tail").eachAttr("width").stream()
                .map(Double::parseDouble).toList();
        assertThat(tails).hasSize(3);
        assertThat(tails.get(0)).isZero();
        assertThat(tails.get(1)).isPositive();
        assertThat(tails.get(2)).isZero();
        String id = several.sharedId();
        List<String> commits = List.of(HOMES.get("acme/api") + "/commit/" + commitOf(0, id),
                HOMES.get("acme/group/web") + "/-/commit/" + commitOf(1, id),
                HOMES.get("acme/infra") + "/commits/" + commitOf(2, id));
        assertThat(card.select("svg.timeline a").eachAttr("href")).containsExactlyElementsOf(commits);
        assertThat(card.select(".places a").eachAttr("href")).containsAll(commits)
                .contains(HOMES.get("acme/infra") + "/src/" + commitOf(2, id) + "/terraform/vars.tf");
        assertThat(card.select(".places li").eachText()).anyMatch(t -> t.startsWith("acme/api: config/prod.env"))
                .anyMatch(t -> t.startsWith("acme/group/web: deploy/.env"))
                .anyMatch(t -> t.startsWith("acme/infra: terraform/vars.tf"));
        assertThat(card.selectFirst("dd.exposure").text()).contains("still at the tip");
    }

    @Test
    void aKeyInOneRepositoryKeepsOneUnlabelledLane() {
        Element card = card(several.ownIds().get(1));
        assertThat(card.select("svg.timeline text.lane")).isEmpty();
        assertThat(card.select("svg.timeline rect.bar")).hasSize(1);
        assertThat(card.attr("data-repos")).isEqualTo("acme/group/web");
    }

    @Test
    void everyRowLinksOnlyToItsOwnRepository() {
        var rows = doc.select("#findings tbody tr");
        assertThat(rows).hasSize(view.findings().size());
        assertThat(rows.eachAttr("data-repo")).containsOnlyElementsOf(several.names()).containsAll(several.names());
        for (Element row : rows) {
            String home = HOMES.get(row.attr("data-repo"));
            List<String> links = row.select("a[href^=https:]").eachAttr("href");
            assertThat(links).as(row.text()).hasSize(2).allMatch(h -> h.startsWith(home + "/"));
        }
        for (int i = 0; i < 3; i++) {
            Remote remote = Remote.parse(HOMES.get(several.names().get(i)));
            assertThat(doc.select("a[href]").eachAttr("href")).contains(remote.commit(commitOf(i, several.sharedId())));
        }
    }
}
