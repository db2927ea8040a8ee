package dev.keyward.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Verification;
import dev.keyward.report.Report;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [accounts] own/ignore} on the page, as the other reports have them: each tagged credential is labelled on
 * its card, in the live box and in its findings rows, and a live key of one's own account comes first.
 */
class AccountTagsPageTest {

    @TempDir
    static Path tmp;
    static Samples.Built built;

    @BeforeAll
    static void build() {
        built = Samples.sample(tmp.resolve("api"));
    }

    static Finding finding(String secret) {
        return built.result().result().findings().stream().filter(f -> f.secret().equals(secret)).findFirst()
                .orElseThrow();
    }

    static String account(String keyId) {
        return finding(keyId).accountId();
    }

    /** Key IDs 1 and 2 live; the one whose account is {@code own} is the user's, key ID 0's account is ignored. */
    static Document page(String own) {
        Map<String, Verification> v = new HashMap<>();
        for (int i = 1; i <= 2; i++) {
            String id = built.keyIds().get(i);
            v.put(finding(id).fingerprint(), Verification.live("arn:aws:iam::" + account(id) + ":user/u" + i,
                    account(id), "AIDAEXAMPLEUSERID000" + i, "aws"));
        }
        Report report = Report.history(built.result()).withVerifications(v)
                .withAccounts(Set.of(own), Set.of(account(built.keyIds().get(0))));
        return Jsoup.parse(HtmlReport.render(new HtmlReporter().view(report, Samples.NOW),
                new HtmlOptions(true, report.accountTags())));
    }

    static List<String> cardTitles(Document doc) {
        return doc.select("article.credential code.secret").eachText();
    }

    @Test
    void aLiveKeyOfOnesOwnAccountComesFirst() {
        String one = built.keyIds().get(1);
        String two = built.keyIds().get(2);
        assertThat(account(one)).isNotNull().isNotEqualTo(account(two));
        Document ownOne = page(account(one));
        Document ownTwo = page(account(two));
        assertThat(cardTitles(ownOne)).startsWith(one, two);
        assertThat(cardTitles(ownTwo)).startsWith(two, one);
        assertThat(ownTwo.select("#live li code").eachText()).startsWith(two);
    }

    @Test
    void taggedCredentialsAreLabelledWhereverTheyAreShown() {
        Document doc = page(account(built.keyIds().get(2)));
        Element own = doc.select("article.credential").stream()
                .filter(a -> a.selectFirst("code.secret").text().equals(built.keyIds().get(2))).findFirst()
                .orElseThrow();
        assertThat(own.select("dd .tag-own").eachText()).containsExactly("your account");
        Element ignored = doc.select("article.credential").stream()
                .filter(a -> a.selectFirst("code.secret").text().equals(built.keyIds().get(0))).findFirst()
                .orElseThrow();
        assertThat(ignored.select("dd .tag-ignored").eachText()).containsExactly("account to leave alone");
        assertThat(doc.select("#live .tag-own")).hasSize(1);
        assertThat(doc.select("#live .tag-ignored")).isEmpty();
        assertThat(doc.select("#findings tbody tr").stream()
                .filter(r -> r.text().contains(built.keyIds().get(2)))).isNotEmpty()
                .allMatch(r -> r.select(".tag-own").size() == 1);
        // Key ID 1 is live but in neither list: no label anywhere on its card.
        Element untagged = doc.select("article.credential").stream()
                .filter(a -> a.selectFirst("code.secret").text().equals(built.keyIds().get(1))).findFirst()
                .orElseThrow();
        assertThat(untagged.select(".tag")).isEmpty();
    }
}
