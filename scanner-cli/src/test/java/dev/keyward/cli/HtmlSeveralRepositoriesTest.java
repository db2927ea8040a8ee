package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML audit of {@code keyward history} over several repositories, through the real command: repositories on
 * GitHub, GitLab and Bitbucket (their origin remotes) sharing one key pair, and one with no remote and nothing in
 * it. Every finding and every place links to its own repository; the shared key's timeline has them all.
 */
class HtmlSeveralRepositoriesTest {

    @TempDir
    Path tmp;

    private final Random random = new Random(1616);
    private String keyId;
    private String secret;
    private final Map<String, String> homes = new java.util.LinkedHashMap<>();
    private final Map<String, String> commits = new java.util.HashMap<>();
    private List<String> names;

    private static String pair(String id, String secret) {
        return "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n";
    }

    @BeforeEach
    void repositories() {
        keyId = TestKeys.keyId(random, "AKIA");
        secret = TestKeys.secret(random);
        GitFixture api = GitFixture.init(tmp.resolve("api"));
        api.git("remote", "add", "origin", "git@github.com:acme/api.git");
        api.write("README.md", "# api\n").commit("start");
        commits.put("api", api.write("config/prod.env", pair(keyId, secret)).commit("prod env"));

        GitFixture web = GitFixture.init(tmp.resolve("web"));
        web.git("remote", "add", "origin", "https://gitlab.com/acme/group/web.git");
        for (int i = 0; i < 5; i++) {
            web.write("src/p" + i + ".html", "<p>" + i + "</p>\n").commit("page " + i);
        }
        commits.put("web", web.write("deploy/.env", pair(keyId, secret)).commit("deploy env"));
        web.git("rm", "-q", "deploy/.env");
        web.commit("remove env");

        GitFixture infra = GitFixture.init(tmp.resolve("infra"));
        infra.git("remote", "add", "origin", "https://bitbucket.org/acme/infra.git");
        for (int i = 0; i < 9; i++) {
            infra.write("m/m" + i + ".tf", "# " + i + "\n").commit("module " + i);
        }
        commits.put("infra", infra.write("terraform/vars.tf", "access_key = \"" + keyId + "\"\n").commit("vars"));

        GitFixture plain = GitFixture.init(tmp.resolve("plain"));
        plain.write("README.md", "nothing here\n").commit("start");

        homes.put(api.dir().toString(), "https://github.com/acme/api");
        homes.put(web.dir().toString(), "https://gitlab.com/acme/group/web");
        homes.put(infra.dir().toString(), "https://bitbucket.org/acme/infra");
        names = List.of(api.dir().toString(), web.dir().toString(), infra.dir().toString(), plain.dir().toString());
    }

    private Element sharedCard(Document doc) {
        return doc.select("article.credential").stream()
                .filter(a -> a.attr("data-kind").equals("aws-access-key-id")
                        && a.selectFirst("code.secret").text().equals(keyId))
                .findFirst().orElseThrow();
    }

    @Test
    void aListOfRepositoriesGivesEachFindingItsOwnRepositorysLinksAndFacts() throws IOException {
        Path list = tmp.resolve("repos.txt");
        Path gone = tmp.resolve("gone");
        Files.writeString(list, "# the team's repositories\n" + String.join("\n", names) + "\n" + gone + "\n");
        Path html = tmp.resolve("audit.html");

        Cli run = Cli.run("history", "--repos", list.toString(), "--mirror-dir", tmp.resolve("cache").toString(),
                "--no-progress", "--report", "html=" + html);

        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        Document doc = Jsoup.parse(Files.readString(html));
        assertThat(doc.selectFirst("#n-repositories").text()).isEqualTo("5");
        assertThat(doc.selectFirst("#summary .lead").text()).contains("in 5 repositories");
        assertThat(doc.selectFirst("#errors").text()).startsWith("1 input could not be read").contains(
                gone.toString());
        List<String> options = new java.util.ArrayList<>(List.of(""));
        java.util.stream.Stream.concat(names.stream(), java.util.stream.Stream.of(gone.toString())).sorted()
                .forEach(options::add);
        assertThat(doc.select("#f-repo option").eachAttr("value")).containsExactlyElementsOf(options);
        assertThat(doc.select("#repositories + ul li")).hasSize(5);
        assertThat(doc.select("#repositories + ul a").eachAttr("href")).containsExactlyElementsOf(homes.values());
        assertThat(doc.select("#repositories + ul li").eachText()).filteredOn(t -> !t.equals(gone.toString()))
                .hasSize(4).allMatch(t -> t.contains("branch main at "));

        var rows = doc.select("#findings tbody tr");
        assertThat(rows.eachAttr("data-repo")).containsOnlyElementsOf(homes.keySet())
                .containsAll(homes.keySet());
        for (Element row : rows) {
            String home = homes.get(row.attr("data-repo"));
            assertThat(row.select("a[href^=https:]").eachAttr("href")).as(row.text()).hasSize(2)
                    .allMatch(h -> h.startsWith(home + "/"));
        }

        Element card = sharedCard(doc);
        assertThat(card.attr("data-repos").split("\n")).containsExactly(names.get(0), names.get(1), names.get(2));
        assertThat(card.select("svg.timeline text.lane").eachText()).containsExactly(names.get(0), names.get(1),
                names.get(2));
        List<String> commitLinks = List.of("https://github.com/acme/api/commit/" + commits.get("api"),
                "https://gitlab.com/acme/group/web/-/commit/" + commits.get("web"),
                "https://bitbucket.org/acme/infra/commits/" + commits.get("infra"));
        assertThat(card.select("svg.timeline a").eachAttr("href")).containsExactlyElementsOf(commitLinks);
        assertThat(card.select(".places a").eachAttr("href")).containsAll(commitLinks)
                .contains("https://gitlab.com/acme/group/web/-/blob/" + commits.get("web") + "/deploy/.env");
        // Still at the tip of api and infra, though removed from web's.
        assertThat(card.selectFirst("dd.exposure").text()).contains("still at the tip");
        assertThat(doc.select("#findings").text()).doesNotContain(secret);
        assertThat(Files.readString(html)).doesNotContain(secret);
    }

    @Test
    void repositoriesGivenAsArgumentsPrintTheirPageWithFormatHtml() {
        Cli run = Cli.run("history", "--format", "html", "--no-progress", "--mirror-dir",
                tmp.resolve("cache").toString(), names.get(1), names.get(2));

        assertThat(run.code()).as(run.err()).isEqualTo(1);
        Document doc = Jsoup.parse(run.out());
        assertThat(doc.selectFirst("#n-repositories").text()).isEqualTo("2");
        assertThat(doc.title()).isEqualTo("keyward history audit: 2 repositories");
        Element card = sharedCard(doc);
        assertThat(card.select("svg.timeline text.lane").eachText()).containsExactly(names.get(1), names.get(2));
        assertThat(card.select("svg.timeline a").eachAttr("href")).containsExactly(
                "https://gitlab.com/acme/group/web/-/commit/" + commits.get("web"),
                "https://bitbucket.org/acme/infra/commits/" + commits.get("infra"));
    }
}
