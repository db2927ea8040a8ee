package dev.keyward.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Verification;
import dev.keyward.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code --verify} found, on the page: live credentials first and at the top, each credential's details, each
 * row's status, all of it text however hostile AWS's (or a stand-in's) answer is.
 */
class VerificationPageTest {

    static final String ARN = "arn:aws:iam::123456789012:user/<img src=x onerror=alert(1)>";
    static final String POLICY = "inline:</script><script>alert(2)</script>";
    static final String REASON = "<b>no secret</b> beside the key ID";

    @TempDir
    static Path tmp;
    static Samples.Built built;
    static Document doc;

    static String fingerprint(String secret) {
        return built.result().result().findings().stream().filter(f -> f.secret().equals(secret)).findFirst()
                .orElseThrow().fingerprint();
    }

    @BeforeAll
    static void render() {
        built = Samples.sample(tmp.resolve("api"));
        Verification live = Verification.live(ARN, "123456789012", "AIDAEXAMPLEUSERID0001", "aws")
                .withDeep(List.of("attached:ReadOnlyAccess", POLICY), List.of("dev\"ops"),
                        "2024-02-01 in us-east-1 by s3", List.of("ListUserPolicies: AccessDenied <i>x</i>"));
        Map<String, Verification> v = new HashMap<>();
        v.put(fingerprint(built.keyIds().get(1)), live);
        v.put(fingerprint(built.secrets().get(1)), live);
        v.put(fingerprint(built.keyIds().get(0)), new Verification(Verification.INVALID, null, "123456789012", null,
                "aws", "InvalidClientTokenId"));
        v.put(fingerprint(built.keyIds().get(2)), Verification.unverified(null, REASON));
        // The first pair's secret is left unverified: "not verified" is a status of its own.
        Report report = Report.history(built.result()).withVerifications(v);
        doc = Jsoup.parse(HtmlReport.render(new HtmlReporter().view(report, Samples.NOW), HtmlOptions.defaults()));
    }

    /** The card of a key ID, or of a secret by the first characters its redacted value shows. */
    static Element card(String value) {
        return doc.select("article.credential").stream()
                .filter(a -> value.startsWith("AKIA") ? a.selectFirst("code.secret").text().equals(value)
                        : !a.attr("data-kind").equals("aws-access-key-id")
                        && a.selectFirst("code.secret").text().startsWith(value.substring(0, 4)))
                .findFirst().orElseThrow();
    }

    @Test
    void liveCredentialsComeFirstAndStandAtTheTop() {
        List<Element> summary = doc.select("#summary > *");
        assertThat(summary.get(0).tagName()).isEqualTo("h2");
        assertThat(summary.get(1).id()).isEqualTo("live");
        Element live = doc.selectFirst("#live");
        assertThat(live.text()).startsWith("2 live credentials").contains(built.keyIds().get(1)).contains(ARN);
        assertThat(live.select("a[href^=#]")).hasSize(2);
        assertThat(doc.select("article.credential").stream().map(e -> e.attr("data-status"))).containsExactly("live", "live",
                "invalid", "unverified", "");
        assertThat(doc.select("#by-status li").eachText()).containsExactly("live 2", "invalid 1", "unverified 1",
                "not verified 1");
    }

    @Test
    void eachCredentialShowsWhatVerificationSaid() {
        Element live = card(built.keyIds().get(1));
        assertThat(live.selectFirst("dd.verification").text()).isEqualTo("live in partition aws");
        assertThat(live.selectFirst("code.arn").text()).isEqualTo(ARN);
        assertThat(live.selectFirst("code.user-id").text()).isEqualTo("AIDAEXAMPLEUSERID0001");
        assertThat(live.select("ul.policies li").eachText()).containsExactly("attached:ReadOnlyAccess", POLICY);
        assertThat(live.selectFirst("dd.groups").text()).isEqualTo("dev\"ops");
        assertThat(live.selectFirst("dd.last-used").text()).isEqualTo("2024-02-01 in us-east-1 by s3");
        assertThat(live.select("ul.unknown li").eachText()).containsExactly("ListUserPolicies: AccessDenied <i>x</i>");

        Element invalid = card(built.keyIds().get(0));
        assertThat(invalid.selectFirst("dd.verification").text()).isEqualTo("invalid in partition aws");
        assertThat(invalid.selectFirst("dd.reason").text()).isEqualTo("InvalidClientTokenId");
        assertThat(invalid.select("dt").eachText()).contains("AWS said").doesNotContain("ARN", "May use");

        Element unverified = card(built.keyIds().get(2));
        assertThat(unverified.select("dt").eachText()).contains("Why not verified");
        assertThat(unverified.selectFirst("dd.reason").text()).isEqualTo(REASON);
        assertThat(card(built.secrets().get(0)).selectFirst("dd.verification").text())
                .isEqualTo("not verified");
    }

    @Test
    void eachRowShowsItsStatusAndTheArnOrTheReason() {
        assertThat(doc.select("#findings th").eachText()).contains("Status");
        for (Element row : doc.select("#findings tbody tr")) {
            String status = row.attr("data-status");
            Element cell = row.selectFirst("td.st");
            switch (status) {
                case "live" -> assertThat(cell.text()).isEqualTo("live " + ARN);
                case "invalid" -> assertThat(cell.text()).isEqualTo("invalid InvalidClientTokenId");
                case "unverified" -> assertThat(cell.text()).isEqualTo("unverified " + REASON);
                default -> assertThat(cell.text()).isEmpty();
            }
        }
        assertThat(doc.select("#f-status option").eachAttr("value")).containsExactly("", "live", "invalid",
                "unverified", "not-verified");
    }

    @Test
    void whatAwsSaidBecomesNoElementAndNoHandler() {
        assertThat(doc.select("script")).hasSize(1);
        assertThat(doc.select("img, i")).isEmpty();
        assertThat(doc.select("b").eachText()).noneMatch(t -> t.contains("no secret"));
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
}
