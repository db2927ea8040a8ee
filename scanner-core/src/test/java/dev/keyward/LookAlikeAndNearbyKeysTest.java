package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.AwsKeyId;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's detection rules beyond AWS's own key IDs: AppSync keys a few lines from their endpoint, A3T key IDs
 * that pair with a secret, and secrets paired with another service's look-alike ID, which take that service's kind.
 * Every key is built at run time.
 */
class LookAlikeAndNearbyKeysTest {

    private static final Scanner SCANNER = Scanner.builder().build();
    private static final String APPSYNC = "aws-appsync-api-key";
    private static final String BASE36 = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER36 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static List<Finding> scan(String text) {
        return SCANNER.scan(text.getBytes(StandardCharsets.UTF_8), "t").findings();
    }

    private static List<Finding> kind(List<Finding> found, String kind) {
        return found.stream().filter(f -> f.kind().equals(kind)).toList();
    }

    private static String chars(Random r, String alphabet, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String appSyncKey(Random r) {
        return "da2-" + chars(r, BASE36, 26);
    }

    private static String a3tId(Random r) {
        return "A3T" + chars(r, UPPER36, 17);
    }

    private static String endpoint(Random r) {
        return "https://" + chars(r, BASE36, 26) + ".appsync-api.eu-west-1.amazonaws.com/graphql";
    }

    @Test
    void anAppSyncKeyUpToFiveLinesFromItsEndpointIsFoundAboveOrBelowIt() {
        Random r = new Random(150);
        for (int gap = 0; gap < 5; gap++) { // the key 1 to 5 lines from the endpoint
            String key = appSyncKey(r);
            String filler = "  retries: 3,\n".repeat(gap);
            String below = "const config = {\n  url: \"" + endpoint(r) + "\",\n" + filler + "  apiKey: \"" + key
                    + "\",\n};\n";
            String above = "API_KEY=" + key + "\n" + filler + "GRAPHQL_URL=" + endpoint(r) + "\n";
            for (String text : List.of(below, above)) {
                List<Finding> found = kind(scan(text), APPSYNC);
                assertThat(found).as(text).singleElement().satisfies(f -> {
                    assertThat(f.secret()).isEqualTo(key);
                    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
                    assertThat(f.location().line()).isEqualTo(text.substring(0, text.indexOf(key)).split("\n", -1)
                            .length);
                });
            }
        }
    }

    @Test
    void anAppSyncKeySixLinesAwayOrWithoutAnEndpointIsNotReported() {
        Random r = new Random(151);
        String key = appSyncKey(r);
        String far = "url: \"" + endpoint(r) + "\"\n" + "x: 1\n".repeat(5) + "apiKey: \"" + key + "\"\n";
        String none = "url: \"https://example.com/graphql\"\napiKey: \"" + key + "\"\n";
        String longer = "url: \"" + endpoint(r) + "\"\napiKey: \"" + key + "q\"\n";
        for (String text : List.of(far, none, longer)) {
            assertThat(kind(scan(text), APPSYNC)).as(text).isEmpty();
        }
    }

    @Test
    void anA3tKeyIdWithASecretBesideItIsACriticalPairWithoutAnAccount() {
        Random r = new Random(152);
        String id = a3tId(r);
        String secret = TestKeys.secret(r);
        String text = "provider \"aws\" {\n  access_key = \"" + id + "\"\n  secret_key = \"" + secret + "\"\n}\n";
        List<Finding> found = scan(text);
        Finding k = kind(found, "aws-a3t-key-id").get(0);
        Finding s = kind(found, "aws-secret-access-key").get(0);
        assertThat(found).hasSize(2);
        assertThat(k.secret()).isEqualTo(id);
        assertThat(s.secret()).isEqualTo(secret);
        assertThat(k.pairedWith()).isEqualTo(s.asPairRef());
        assertThat(s.pairedWith()).isEqualTo(k.asPairRef());
        assertThat(k.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(k.accountId()).isNull();
        assertThat(AwsKeyId.parse(id)).hasValueSatisfying(p -> {
            assertThat(p.credential()).isTrue();
            assertThat(p.accountId()).isNull();
            assertThat(p.note()).contains("A3T");
        });
    }

    @Test
    void aLoneA3tKeyIdStaysMediumAndA3tPlaceholdersAreNotKeys() {
        Random r = new Random(153);
        String id = a3tId(r);
        String text = "key: " + id + "\n";
        assertThat(kind(scan(text), "aws-a3t-key-id")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
        String placeholder = "access_key = A3TXXXXXXXXXXXXXXXXX\nsecret_key = \"" + TestKeys.secret(r) + "\"\n";
        List<Finding> found = scan(placeholder);
        assertThat(kind(found, "aws-a3t-key-id")).isEmpty();
        assertThat(found).allSatisfy(f -> assertThat(f.pairedWith()).isNull());
    }

    @Test
    void aSecretPairedOnlyWithAGcsHmacIdIsReportedAsThatKindAndLow() {
        Random r = new Random(154);
        String id = "GOOG1" + chars(r, UPPER36, 56);
        String secret = TestKeys.secret(r);
        String text = "AWS_ACCESS_KEY_ID=" + id + "\nAWS_SECRET_ACCESS_KEY=" + secret + "\n";
        List<Finding> found = scan(text);
        assertThat(found).hasSize(2).allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo("gcs-hmac-access-id");
            assertThat(f.severity()).isEqualTo(Severity.LOW);
        });
        Finding k = found.stream().filter(f -> f.secret().equals(id)).findFirst().orElseThrow();
        Finding s = found.stream().filter(f -> f.secret().equals(secret)).findFirst().orElseThrow();
        assertThat(s.ruleId()).as("the rule that found it").isEqualTo("aws-secret-access-key");
        assertThat(s.pairedWith()).isEqualTo(k.asPairRef());
        assertThat(k.pairedWith()).isEqualTo(s.asPairRef());
    }

    @Test
    void aSecretPairedOnlyWithAnS3CompatibleIdIsReportedAsThatKindAndLow() {
        Random r = new Random(155);
        String id = chars(r, UPPER36, 20).replaceFirst("^A", "M");
        String secret = TestKeys.secret(r);
        String text = "# MinIO\nexport AWS_ACCESS_KEY_ID=" + id + "\nexport AWS_SECRET_ACCESS_KEY=" + secret + "\n";
        List<Finding> found = scan(text);
        assertThat(found).as(text).hasSize(2).allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo("s3-compatible-access-key");
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.pairedWith()).isNotNull();
        });
    }

    @Test
    void inAFileWithAnAwsPairAndAGcsPairEachSecretKeepsItsOwnPartnerAndKind() {
        Random r = new Random(156);
        String awsId = TestKeys.keyId(r, "AKIA");
        String awsSecret = TestKeys.secret(r);
        String gcsId = "GOOG1" + chars(r, UPPER36, 56);
        String gcsSecret = TestKeys.secret(r);
        String text = "[aws]\naws_access_key_id = " + awsId + "\naws_secret_access_key = " + awsSecret
                + "\n[gcs]\naws_access_key_id = " + gcsId + "\naws_secret_access_key = " + gcsSecret + "\n";
        List<Finding> found = scan(text);
        Finding as = found.stream().filter(f -> f.secret().equals(awsSecret)).findFirst().orElseThrow();
        Finding gs = found.stream().filter(f -> f.secret().equals(gcsSecret)).findFirst().orElseThrow();
        assertThat(as.kind()).isEqualTo("aws-secret-access-key");
        assertThat(as.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(as.pairedWith().ruleId()).isEqualTo("aws-access-key-id");
        assertThat(gs.kind()).isEqualTo("gcs-hmac-access-id");
        assertThat(gs.severity()).isEqualTo(Severity.LOW);
        assertThat(gs.pairedWith().ruleId()).isEqualTo("gcs-hmac-access-id");
    }
}
