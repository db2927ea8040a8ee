package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.GitFixture;
import dev.keyward.TestKeys;
import dev.keyward.finding.AwsKeyId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden reports: {@code keyward scan} of a fixture folder in each format, compared with
 * {@code testdata/expected/scan.FORMAT}; and the same files in a repository's history ({@code history.*}) and
 * staged in its index ({@code staged.text}), so the parts every text report shares are held byte for byte. Keys are made at run time, so the output is normalised before the
 * comparison: each generated value, its account, its redacted form and each fingerprint become a placeholder, and
 * the time and version become fixed words. Run with {@code -Dkeyward.updateGoldens=true} to rewrite the files.
 */
class GoldenReportTest {

    /** Module-relative, so paths in reports are relative and the same on every machine. */
    static final Path FIXTURE = Path.of("target", "golden-fixture");
    static final Path HISTORY = Path.of("target", "golden-history");
    static final Path STAGED = Path.of("target", "golden-staged");
    static final Path EXPECTED = Path.of("..", "testdata", "expected");

    static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();

    /** The generated secret that no report may show whole. */
    static String secret;

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @BeforeAll
    static void fixture() throws IOException {
        for (Path p : new Path[] {FIXTURE, HISTORY, STAGED}) {
            delete(p);
        }
        Files.createDirectories(FIXTURE.resolve("app"));
        Random r = new Random(2026);
        String pairId = TestKeys.keyId(r, "AKIA");
        String pairSecret = TestKeys.secret(r);
        secret = pairSecret;
        String tempId = TestKeys.keyId(r, "ASIA");
        StringBuilder legacy = new StringBuilder("AKIAJ");
        while (legacy.length() < 20) {
            legacy.append("ABCDEFGHKLMNPQRSTUVWXYZ0123456789".charAt(r.nextInt(33)));
        }
        PLACEHOLDERS.put(pairId, "<KEY-ID-1>");
        PLACEHOLDERS.put(pairSecret, "<SECRET-1>");
        PLACEHOLDERS.put(pairSecret.substring(0, 4) + "…", "<SECRET-1-REDACTED>");
        PLACEHOLDERS.put(tempId, "<KEY-ID-2>");
        PLACEHOLDERS.put(legacy.toString(), "<KEY-ID-3>");
        PLACEHOLDERS.put(AwsKeyId.accountOf(pairId), "<ACCOUNT-1>");
        PLACEHOLDERS.put(AwsKeyId.accountOf(tempId), "<ACCOUNT-2>");

        Files.writeString(FIXTURE.resolve("credentials"), "[default]\naws_access_key_id = " + pairId
                + "\naws_secret_access_key = " + pairSecret + "\nregion = eu-west-1\n");
        Files.writeString(FIXTURE.resolve("app/deploy.sh"), "#!/bin/sh\nset -e\nexport AWS_ACCESS_KEY_ID="
                + tempId + "\naws s3 sync build/ s3://bucket/\n");
        Files.writeString(FIXTURE.resolve("app/legacy.properties"), "# old\naws.accessKeyId=" + legacy + "\n");
        Files.writeString(FIXTURE.resolve("app/README.md"), "Nothing to see here.\n");
        Files.write(FIXTURE.resolve("app/logo.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});

        // The history: the files are added in one commit, then the credentials file is removed.
        GitFixture h = GitFixture.init(HISTORY);
        h.write("app/README.md", "Nothing to see here.\n").commit("start");
        copyFixtureInto(h.dir());
        String added = h.commit("add the deployment");
        h.git("rm", "-q", "credentials");
        String removed = h.commit("remove the credentials");
        PLACEHOLDERS.put(added, "<COMMIT-2>");
        PLACEHOLDERS.put(removed, "<COMMIT-3>");
        PLACEHOLDERS.put(added.substring(0, 12), "<COMMIT-2-SHORT>");
        PLACEHOLDERS.put(HISTORY.toAbsolutePath().toString(), "<REPO>");

        // The same files, staged over a first commit.
        GitFixture st = GitFixture.init(STAGED);
        st.write("app/README.md", "Nothing to see here.\n").commit("start");
        copyFixtureInto(st.dir());
        st.git("add", ".");
    }

    private static void copyFixtureInto(Path repo) throws IOException {
        try (Stream<Path> s = Files.walk(FIXTURE)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path to = repo.resolve(FIXTURE.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String normalise(String report) {
        String s = report;
        for (Map.Entry<String, String> e : PLACEHOLDERS.entrySet()) {
            s = s.replace(e.getKey(), e.getValue());
        }
        Matcher m = Pattern.compile("\\b[0-9a-f]{64}\\b").matcher(s);
        Map<String, String> fingerprints = new LinkedHashMap<>();
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = fingerprints.computeIfAbsent(m.group(), k -> "<FINGERPRINT-" + (fingerprints.size() + 1) + ">");
            m.appendReplacement(sb, Matcher.quoteReplacement(name));
        }
        m.appendTail(sb);
        s = sb.toString();
        s = s.replaceAll("· \\d+ ms", "· <TIME> ms");
        s = s.replaceAll("\"millis\" : \\d+", "\"millis\" : 0");
        s = s.replace("\"" + Version.get() + "\"", "\"<VERSION>\"");
        // Days from a commit in 2024 to today.
        s = s.replaceAll("\"daysExposed\" : \\d+", "\"daysExposed\" : 0");
        s = s.replaceAll("(?m)^(aws-.*\\S)  +\\d+$", "$1  <DAYS>");
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "jsonl", "sarif"})
    void reportMatchesItsGoldenFile(String format) throws IOException {
        Cli run = Cli.run("scan", "--no-config", "--format", format, FIXTURE.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        if (format.equals("sarif")) {
            assertThat(SarifSchemaTest.validate(new ObjectMapper().readTree(run.out()))).isEmpty();
        }
        assertGolden("scan." + format, run.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void historyReportMatchesItsGoldenFile(String format) throws IOException {
        Cli run = Cli.run("history", "--no-config", "--format", format, HISTORY.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertGolden("history." + format, run.out());
    }

    @org.junit.jupiter.api.Test
    void historyAuditTableMatchesItsGoldenFile() throws IOException {
        Cli run = Cli.run("history", "--no-config", "--summary", HISTORY.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertGolden("history-summary.text", run.out());
    }

    @org.junit.jupiter.api.Test
    void stagedReportMatchesItsGoldenFile() throws IOException {
        Cli run = Cli.run("staged", "--no-config", STAGED.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertGolden("staged.text", run.out());
    }

    private static void assertGolden(String name, String report) throws IOException {
        assertThat(report).as("no generated secret appears whole").doesNotContain(secret);
        String actual = normalise(report);
        Path golden = EXPECTED.resolve(name);
        if (Boolean.getBoolean("keyward.updateGoldens")) {
            Files.createDirectories(EXPECTED);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as(name).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
