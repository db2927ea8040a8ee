package dev.keyward.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The audit in a real browser (headless Chromium): loads clean, asks nothing of the network, filters, sorts. */
class HtmlReportBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Samples.Built sample;
    static AuditView view;
    static Path page;
    static Browser browser;

    @BeforeAll
    static void setUp() throws IOException {
        Browser.require();
        sample = Samples.sample(tmp.resolve("api"));
        view = sample.view();
        page = write("sample.html", view);
        browser = Browser.start(true);
    }

    @AfterAll
    static void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path write(String name, AuditView v) throws IOException {
        Path p = tmp.resolve(name);
        try (var out = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            HtmlReport.write(v, HtmlOptions.defaults(), out);
        }
        return p;
    }

    private static void open(Path p) {
        browser.driver.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
        browser.driver.manage().logs().get(LogType.PERFORMANCE);
        browser.driver.get(p.toUri().toString());
    }

    /**
     * Rows the filters leave shown. Computed style rather than isDisplayed(): rows in tables scrolled far away
     * are not laid out (content-visibility), yet they are shown.
     */
    @SuppressWarnings("unchecked")
    private static List<WebElement> visibleRows() {
        return (List<WebElement>) js("return Array.prototype.filter.call("
                + "document.querySelectorAll('#findings tbody tr'), function (r) {"
                + " return getComputedStyle(r).display !== 'none'; });");
    }

    private static String text(WebElement e) {
        return (String) browser.driver.executeScript("return arguments[0].textContent", e);
    }

    private static Object js(String script) {
        return browser.driver.executeScript(script);
    }

    @Test
    void loadsWithNoConsoleErrorAndNoRequest() throws IOException {
        open(page);
        List<String> problems = new ArrayList<>();
        for (LogEntry e : browser.driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                problems.add(e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
        assertThat((Long) js("return performance.getEntriesByType('resource').length")).isZero();
        List<String> requests = new ArrayList<>();
        for (LogEntry e : browser.driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode m = JSON.readTree(e.getMessage()).path("message");
            if (!m.path("method").asText().equals("Network.requestWillBeSent")) {
                continue;
            }
            String url = m.path("params").path("request").path("url").asText();
            String document = m.path("params").path("documentURL").asText();
            // Chromium's own pages (new tab, web store icons) log their chrome: loads here too; a file: page
            // cannot reach chrome: URLs, so those are the browser's, not the report's.
            if (!url.startsWith("chrome:") && !document.startsWith("chrome:")) {
                requests.add(url);
            }
        }
        // The page itself is the one load; nothing else, not even from data: or the icon.
        assertThat(requests).contains(page.toUri().toString());
        assertThat(requests).allMatch(u -> u.equals(page.toUri().toString()) || u.startsWith("data:"));
        assertThat(browser.driver.findElement(By.id("controls")).isDisplayed()).isTrue();
    }

    @Test
    void theDomHoldsEveryFinding() {
        open(page);
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#findings tbody tr"));
        assertThat(rows).hasSize(view.findings().size());
        String table = text(browser.driver.findElement(By.id("findings")));
        for (AuditView.Row r : view.findings()) {
            assertThat(table).contains(r.path());
        }
        for (String id : sample.keyIds()) {
            assertThat(table).contains(id);
        }
    }

    @Test
    void filterAndSearchShowOnlyMatchingRows() {
        open(page);
        new Select(browser.driver.findElement(By.id("f-kind"))).selectByValue("aws-secret-access-key");
        long secrets = view.findings().stream().filter(r -> r.kind().equals("aws-secret-access-key")).count();
        assertThat(secrets).isPositive().isLessThan(view.findings().size());
        assertThat(visibleRows()).hasSize((int) secrets)
                .allMatch(r -> "aws-secret-access-key".equals(r.getDomAttribute("data-kind")));
        assertThat(browser.driver.findElements(By.cssSelector("article.credential")).stream()
                .filter(WebElement::isDisplayed).count()).isEqualTo(2);

        new Select(browser.driver.findElement(By.id("f-kind"))).selectByValue("");
        String id = sample.keyIds().get(2);
        browser.driver.findElement(By.id("q")).sendKeys(id.toLowerCase());
        List<WebElement> found = visibleRows();
        assertThat(found).hasSize(1);
        assertThat(text(found.get(0))).contains(id).contains("docs/notes.md");
        assertThat(browser.driver.findElement(By.id("count")).getText()).startsWith("1 of 5 credentials, 1 of ");

        browser.driver.findElement(By.id("q")).clear();
        browser.driver.findElement(By.id("q")).sendKeys("no such thing anywhere");
        assertThat(visibleRows()).isEmpty();
    }

    @Test
    void sortByDateAndBySeverity() {
        open(page);
        new Select(browser.driver.findElement(By.id("sort"))).selectByValue("newest");
        List<Long> dates = visibleRows().stream().map(r -> Long.parseLong(r.getDomAttribute("data-date"))).toList();
        assertThat(dates).hasSize(view.findings().size()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        new Select(browser.driver.findElement(By.id("sort"))).selectByValue("severity");
        List<Integer> sev = visibleRows().stream().map(r -> Integer.parseInt(r.getDomAttribute("data-rank")))
                .toList();
        assertThat(sev).isSorted();
        assertThat(sev.get(0)).isLessThan(sev.get(sev.size() - 1));
    }

    @Test
    void theTimelineHasOneBarPerCredential() {
        open(page);
        assertThat(browser.driver.findElements(By.cssSelector("svg.timeline rect.bar")))
                .hasSize(view.credentials().size())
                .allMatch(b -> Double.parseDouble(b.getDomAttribute("width")) >= 3);
        assertThat(browser.driver.findElements(By.cssSelector("article.credential svg.timeline")))
                .hasSize(view.credentials().size());
    }

    @Test
    void hostileNamesRunNothing(@TempDir Path dir) throws IOException {
        Path p = write("hostile.html", Samples.hostile(dir.resolve("repo")).view());
        open(p);
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat((Long) js("return document.scripts.length")).isEqualTo(1L);
        assertThat((Long) js("return document.images.length")).isZero();
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains(Samples.HOSTILE_FILE);
        assertThat(browser.driver.manage().logs().get(LogType.BROWSER).getAll()).isEmpty();
    }

    @Test
    void readableWithJavaScriptOff() {
        try (Browser off = Browser.start(false)) {
            off.driver.get(page.toUri().toString());
            assertThat(off.driver.findElements(By.cssSelector("#findings tbody tr"))).hasSize(view.findings().size())
                    .allMatch(WebElement::isDisplayed);
            assertThat(off.driver.findElement(By.id("controls")).isDisplayed()).isFalse();
            assertThat(off.driver.findElement(By.id("summary")).getText()).contains("What to do first");
        }
    }

    /** 10,000 findings over 2,500 credentials in three repositories: the time from navigation to load. */
    @Test
    void tenThousandFindingsOpenInACoupleOfSeconds() throws IOException {
        Path big = write("large.html", Samples.large(10_000, 4));
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            open(big);
            Number ms = (Number) js("var n = performance.getEntriesByType('navigation')[0];"
                    + " return n.loadEventEnd - n.startTime;");
            best = Math.min(best, ms.longValue());
        }
        assertThat(browser.driver.findElements(By.cssSelector("#findings tbody tr"))).hasSize(10_000);
        long size = Files.size(big);
        String line = String.format("10,000 findings (2,500 credentials, %.1f MB): loaded in %d ms (best of 3)",
                size / 1e6, best);
        System.out.println(line);
        Files.writeString(Path.of("target", "html-open-time.txt"), line + "\n");
        // On a busy 2-core CI machine; on a laptop it is well under the "couple of seconds" of the issue.
        assertThat(best).isLessThan(8_000);
        // Filtering stays a single pass.
        new Select(browser.driver.findElement(By.id("f-sev"))).selectByValue("critical");
        assertThat(browser.driver.findElement(By.id("count")).getText()).endsWith("2500 of 10000 findings");
    }

    /** The README's screenshot; only when asked (-Dkeyward.screenshot=true), so test runs leave the tree clean. */
    @Test
    void screenshotForTheReadme() throws IOException {
        assumeTrue(Boolean.getBoolean("keyward.screenshot") || System.getenv("KEYWARD_SCREENSHOT") != null,
                "set -Dkeyward.screenshot=true to write docs/html-report.png");
        open(page);
        byte[] png = browser.driver.getScreenshotAs(OutputType.BYTES);
        Path docs = Path.of(System.getProperty("keyward.docs", "../docs"));
        Files.createDirectories(docs);
        Files.write(docs.resolve("html-report.png"), png);
        assertThat(png.length).isGreaterThan(10_000);
    }
}
