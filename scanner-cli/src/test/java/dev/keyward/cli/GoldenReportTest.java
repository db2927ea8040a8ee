package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code testdata/expected/scan.FORMAT}. Keys are made at run time, so the output is normalised before the
 * comparison: each generated value, its account, its redacted form and each fingerprint become a placeholder, and
 * the time and version become fixed words. Run with {@code -Dkeyward.updateGoldens=true} to rewrite the files.
 */
class GoldenReportTest {

    /** Module-relative, so paths in reports are relative and the same on every machine. */
    static final Path FIXTURE = Path.of("target", "golden-fixture");
    static final Path EXPECTED = Path.of("..", "testdata", "expected");

    static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();

    @BeforeAll
    static void fixture() throws IOException {
        if (Files.exists(FIXTURE)) {
            try (Stream<Path> s = Files.walk(FIXTURE)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(FIXTURE.resolve("app"));
        Random r = new Random(2026);
        String pairId = TestKeys.keyId(r, "AKIA");
        String pairSecret = TestKeys.secret(r);
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
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "jsonl", "sarif"})
    void reportMatchesItsGoldenFile(String format) throws IOException {
        Cli run = Cli.run("scan", "--no-config", "--format", format, FIXTURE.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as("no generated secret appears whole")
                .doesNotContain(PLACEHOLDERS.keySet().stream().filter(k -> k.length() == 40).findFirst().orElseThrow());
        if (format.equals("sarif")) {
            assertThat(SarifSchemaTest.validate(new ObjectMapper().readTree(run.out()))).isEmpty();
        }
        String actual = normalise(run.out());
        Path golden = EXPECTED.resolve("scan." + format);
        if (Boolean.getBoolean("keyward.updateGoldens")) {
            Files.createDirectories(EXPECTED);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
