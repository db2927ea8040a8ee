package dev.keyward.html;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Headless Debian Chromium driven by Debian's chromedriver, both named by path so that Selenium never looks for
 * (or downloads) a driver of its own. Absent: the test is skipped, or fails under CI=true.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = env("KEYWARD_CHROMIUM", "/usr/bin/chromium");
    static final String DRIVER = env("KEYWARD_CHROMEDRIVER", "/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Skips (or, under CI, fails) unless both programs are installed. */
    static void require() {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER));
        if (present) {
            return;
        }
        String msg = "the browser tests need " + CHROMIUM + " and " + DRIVER
                + ": apt-get install chromium chromium-driver";
        if ("true".equals(System.getenv("CI"))) {
            fail(msg);
        }
        // A class-level abort shows as "Tests run: 0" in Maven's summary; say why where people look.
        System.err.println("SKIPPED: " + msg);
        Assumptions.abort(msg);
    }

    static Browser start(boolean javascript) {
        require();
        try {
            Path profile = Files.createTempDirectory("keyward-chromium");
            ChromeOptions o = new ChromeOptions();
            o.setBinary(CHROMIUM);
            o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--no-default-browser-check", "--disable-default-apps", "--disable-extensions",
                    // The same page size, pixel ratio and language on every machine (the screenshot, the layout).
                    "--window-size=1280,1600", "--force-device-scale-factor=1", "--hide-scrollbars", "--lang=en-US",
                    "--user-data-dir=" + profile);
            if (!javascript) {
                o.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
            }
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            o.setCapability("goog:loggingPrefs", logs);
            // Bounds generous enough for a loaded 2-core machine, so a slow start is not a failure; each still ends.
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().withTimeout(Duration.ofSeconds(90))
                    .build();
            ChromeDriver driver = new ChromeDriver(service, o);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(180)).scriptTimeout(Duration.ofSeconds(60));
            return new Browser(driver, service, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp profile is not worth failing a test for
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
