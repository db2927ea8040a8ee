package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.AwsKeyId;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One positive and one negative test for each behaviour of the brief's "AWS detection" section, in the syntax people
 * actually write. Every key is generated at run time from a fixed seed; none is real.
 */
class AwsDetectionTest {

    static final Scanner SCANNER = Scanner.builder().build();
    static final String KEY_ID = "aws-access-key-id";
    static final String SECRET = "aws-secret-access-key";
    static final String TOKEN = "aws-session-token";

    static List<Finding> scan(String text) {
        return SCANNER.scan(text.getBytes(StandardCharsets.UTF_8), "t").findings();
    }

    static List<Finding> kind(List<Finding> found, String kind) {
        return found.stream().filter(f -> f.kind().equals(kind)).toList();
    }

    /** The single finding of {@code kind}, checked to hold {@code secret} and to start where {@code at} first occurs. */
    static Finding one(List<Finding> found, String kind, String secret, String text, String at) {
        List<Finding> of = kind(found, kind);
        assertThat(of).as("%s findings in:%n%s", kind, text).hasSize(1);
        Finding f = of.get(0);
        assertThat(f.secret()).isEqualTo(secret);
        int index = text.indexOf(at);
        assertThat(index).as("test text holds the value").isGreaterThanOrEqualTo(0);
        String before = text.substring(0, index);
        assertThat(f.location().line()).as("line").isEqualTo(1 + (int) before.chars().filter(c -> c == '\n').count());
        assertThat(f.location().column()).as("column").isEqualTo(index - before.lastIndexOf('\n'));
        return f;
    }

    static Finding one(List<Finding> found, String kind, String secret, String text) {
        return one(found, kind, secret, text, secret);
    }

    /** Templates holding KEY where an access key ID goes, one per syntax. */
    static Stream<Arguments> keyIdSyntaxes() {
        return Stream.of(
                Arguments.of("ini", "[default]\naws_access_key_id = @K@\nregion = eu-west-1\n"),
                Arguments.of("shell export", "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=@K@\naws s3 ls\n"),
                Arguments.of(".env", "APP_ENV=prod\nAWS_ACCESS_KEY_ID=\"@K@\"\n"),
                Arguments.of("json with \\n", "{\"files\":{\"credentials\":\"[default]\\naws_access_key_id=@K@\\nregion=x\"}}"),
                Arguments.of("json line start", "{\"lines\":\"first line\\n@K@\\nlast\"}"),
                Arguments.of("yaml", "aws:\n  region: us-east-1\n  accessKeyId: @K@\n"),
                Arguments.of("xml", "<Credentials>\n  <AccessKeyId>@K@</AccessKeyId>\n</Credentials>\n"),
                Arguments.of("java", "AWSCredentials c = new BasicAWSCredentials(\"@K@\", secretFromVault());\n"),
                Arguments.of("python", "s3 = boto3.client('s3', aws_access_key_id='@K@')\n"),
                Arguments.of("go", "creds := credentials.NewStaticCredentials(\"@K@\", secret, \"\")\n"),
                Arguments.of("javascript", "const s3 = new S3Client({ credentials: { accessKeyId: `@K@` } });\n"),
                Arguments.of("terraform", "provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = \"@K@\"\n}\n"),
                Arguments.of("presigned url", "curl 'https://b.s3.amazonaws.com/o.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=@K@%2F20261128%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261128T000000Z'\n"),
                Arguments.of("url path", "GET /admin/keys%2F@K@%2Fdisable HTTP/1.1\n"),
                Arguments.of("log line", "2026-11-28T10:00:01Z WARN [auth] signature mismatch key=@K@ user=deploy\n"),
                Arguments.of("unicode escape", "{\"k\":\"\\u0022@K@\\u0022\"}"));
    }

    @Nested
    class KeyIds {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.keyward.AwsDetectionTest#keyIdSyntaxes")
        void everyCredentialPrefixIsFoundInEachSyntax(String syntax, String template) {
            Random r = new Random(syntax.hashCode());
            for (String prefix : List.of("AKIA", "ASIA", "ABIA", "ACCA")) {
                String key = TestKeys.keyId(r, prefix);
                String text = template.replace("@K@", key);
                Finding f = one(scan(text), KEY_ID, key, text);
                assertThat(f.severity()).isEqualTo(Severity.HIGH);
                assertThat(f.accountId()).isEqualTo(AwsKeyId.accountOf(key));
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.keyward.AwsDetectionTest#keyIdSyntaxes")
        void identifiersNonBase32BodiesAndLongerWordsAreNotKeysInEachSyntax(String syntax, String template) {
            Random r = new Random(syntax.hashCode());
            for (String word : List.of(
                    TestKeys.keyId(r, "AIDA"),                 // an IAM user id: an identifier, off by default
                    TestKeys.keyId(r, "AROA"),
                    TestKeys.nonBase32KeyId(r, "AKIA"),        // modern-looking, but holds 0, 1, 8 or 9
                    "X" + TestKeys.keyId(r, "AKIA"),          // part of a longer word
                    TestKeys.keyId(r, "ASIA") + "Q",
                    TestKeys.keyId(r, "AKIA").toLowerCase())) {
                String text = template.replace("@K@", word);
                assertThat(kind(scan(text), KEY_ID)).as(text).isEmpty();
            }
        }

        /** Text that is not UTF-8 (Latin-1, or decoded base64 cut mid-character) hides no key right after it. */
        @Test
        void aKeyRightAfterAnyByteThatIsNotUtf8IsFound() {
            Random r = new Random(12);
            for (int b = 0x80; b <= 0xFF; b++) {
                String id = TestKeys.keyId(r, "AKIA");
                String secret = TestKeys.secret(r);
                for (String before : List.of("", "key:", "x\n")) {
                    java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
                    text.writeBytes(before.getBytes(StandardCharsets.US_ASCII));
                    text.write(b);
                    text.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
                    text.writeBytes("\nsecret = ".getBytes(StandardCharsets.US_ASCII));
                    text.write(b);
                    text.writeBytes((secret + "\n").getBytes(StandardCharsets.US_ASCII));
                    List<Finding> found = SCANNER.scan(text.toByteArray(), "t").findings();
                    String what = String.format("byte %02x after '%s'", b, before);
                    assertThat(kind(found, KEY_ID)).as(what).extracting(Finding::secret).containsExactly(id);
                    assertThat(kind(found, SECRET)).as(what).extracting(Finding::secret).containsExactly(secret);
                }
            }
        }

        @Test
        void legacyIdsMayHoldAnyDigitAndHaveNoAccount() {
            Random r = new Random(1);
            String legacy = TestKeys.legacyKeyId(r, "AKIA");
            String text = "[old]\naws_access_key_id=" + legacy + "\n";
            Finding f = one(scan(text), KEY_ID, legacy, text);
            assertThat(f.accountId()).isNull();
        }

        @Test
        void identifierRuleIsOptInAndLow() {
            Random r = new Random(2);
            String user = TestKeys.keyId(r, "AIDA");
            String text = "{\"UserId\": \"" + user + "\", \"Account\": \"x\"}";
            assertThat(scan(text)).isEmpty();
            List<Finding> found = Scanner.builder().enableRules("aws-iam-unique-id").build()
                    .scan(text.getBytes(StandardCharsets.UTF_8), "t").findings();
            Finding f = one(found, "aws-iam-unique-id", user, text);
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.accountId()).isEqualTo(AwsKeyId.accountOf(user));
        }
    }

    @Nested
    class AccountDecoding {
        @Test
        void theBriefsCheckValueDecodes() {
            assertThat(AwsKeyId.accountOf("AKIAYVP4CIPPERUVIFXG")).isEqualTo("595918472158");
            String text = "aws_access_key_id = AKIAYVP4CIPPERUVIFXG\n";
            assertThat(one(scan(text), KEY_ID, "AKIAYVP4CIPPERUVIFXG", text).accountId()).isEqualTo("595918472158");
        }

        @Test
        void legacyAndNonBase32IdsDoNotDecode() {
            assertThat(AwsKeyId.accountOf("AKIAIOSFODNN7EXAMPLE")).isNull();
            assertThat(AwsKeyId.accountOf("AKIAJ0Q8Z1X9W2V8U7T6")).isNull();
            assertThat(AwsKeyId.accountOf("AKIAYVP4CIPPERUVIFX0")).isNull();
            assertThat(AwsKeyId.accountOf("AKIA7777777777777777")).as("40 bits of ones: 13 digits").isNull();
            assertThat(AwsKeyId.parse("AKIAYVP4CIPPERUVIFX0")).hasValueSatisfying(
                    id -> assertThat(id.note()).contains("not base32"));
        }
    }

    /** Templates holding SECRET beside a strong keyword and no key ID. */
    static Stream<Arguments> secretSyntaxes() {
        return Stream.of(
                Arguments.of("ini", "[default]\naws_secret_access_key = @S@\n"),
                Arguments.of("shell export", "export AWS_SECRET_ACCESS_KEY='@S@'\n"),
                Arguments.of(".env", "AWS_SECRET_ACCESS_KEY=@S@\n"),
                Arguments.of("json with \\n", "{\"env\":\"REGION=x\\nAWS_SECRET_ACCESS_KEY=@S@\\n\"}"),
                Arguments.of("json sts", "{\n  \"Credentials\": {\n    \"SecretAccessKey\": \"@S@\"\n  }\n}\n"),
                Arguments.of("yaml", "aws:\n  secretAccessKey: \"@S@\"\n"),
                Arguments.of("xml", "<SecretAccessKey>@S@</SecretAccessKey>\n"),
                Arguments.of("java", "private static final String AWS_SECRET_KEY = \"@S@\";\n"),
                Arguments.of("python", "session = boto3.Session(aws_secret_access_key=\"@S@\")\n"),
                Arguments.of("go", "aws.Credentials{SecretAccessKey: \"@S@\"}\n"),
                Arguments.of("javascript", "AWS.config.update({ secretAccessKey: '@S@' });\n"),
                Arguments.of("terraform", "variable \"aws_secret_key\" {\n  default = \"x\"\n}\naws_secret_key = \"@S@\"\n"),
                Arguments.of("url query", "https://ci.example/job?aws_secret_access_key=@S@&x=1\n"),
                Arguments.of("log line", "2026-11-28 10:00:02 DEBUG env AWS_SECRET_ACCESS_KEY=@S@ pid=42\n"));
    }

    @Nested
    class SecretKeys {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.keyward.AwsDetectionTest#secretSyntaxes")
        void foundBesideAStrongKeywordInEachSyntax(String syntax, String template) {
            Random r = new Random(syntax.hashCode());
            String secret = TestKeys.secret(r);
            String text = template.replace("@S@", secret);
            Finding f = one(scan(text), SECRET, secret, text);
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.pairedWith()).isNull();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.keyward.AwsDetectionTest#secretSyntaxes")
        void hashesShaOneClassLowEntropyPathsAndLongerTokensAreNotSecretsInEachSyntax(String syntax, String template) {
            Random r = new Random(syntax.hashCode());
            String secret = TestKeys.secret(r);
            for (String value : List.of(
                    TestKeys.hex40(r),                                             // a Git SHA-1
                    TestKeys.hex40(r).toUpperCase(),
                    "abcdefghijklmnopqrstuvwxyzabcdefghijklmn".substring(0, 40),  // one class, a placeholder
                    "Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1A",                    // too little entropy
                    "services/storage/v2/buckets/ListHandler7",                   // a path
                    "com/amazonaws/services/s3/AmazonS3Client",
                    secret + "Q",                                                 // part of a longer token
                    "sha512-" + secret + TestKeys.secret(r),
                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")) {
                String text = template.replace("@S@", value);
                assertThat(kind(scan(text), SECRET)).as(text).isEmpty();
            }
        }

        @Test
        void aBareFortyCharacterValueWithAWeakKeywordAndNoKeyIdIsNotASecret() {
            String text = "secret = " + TestKeys.secret(new Random(3)) + "\npassword_hash = x\n";
            assertThat(scan(text)).isEmpty();
        }

        @Test
        void percentEncodedSecretIsDecoded() {
            String secret = "ab+cd/" + TestKeys.secret(new Random(4)).substring(6);
            String encoded = secret.replace("+", "%2B").replace("/", "%2F");
            String text = "POST /login?aws_secret_access_key=" + encoded + "&region=eu-west-1\n";
            one(scan(text), SECRET, secret, text, encoded);
        }
    }

    @Nested
    class Pairing {
        @Test
        void credentialsFilePairIsCriticalAndEachHalfNamesTheOther() {
            Random r = new Random(10);
            String id = TestKeys.keyId(r, "AKIA");
            String secret = TestKeys.secret(r);
            String text = "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n";
            List<Finding> found = scan(text);
            assertThat(found).hasSize(2);
            Finding k = one(found, KEY_ID, id, text);
            Finding s = one(found, SECRET, secret, text);
            assertThat(k.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(k.pairedWith()).isEqualTo(s.asPairRef());
            assertThat(s.pairedWith()).isEqualTo(k.asPairRef());
            assertThat(s.accountId()).isEqualTo(k.accountId()).isNotNull();
        }

        @Test
        void aSecretWithoutAStrongKeywordIsFoundBesideAKeyIdInTerraformJavaAndPython() {
            Random r = new Random(11);
            for (String template : List.of(
                    "provider \"aws\" {\n  access_key = \"@ID@\"\n  secret_key = \"@S@\"\n}\n",
                    "AWSCredentials c = new BasicAWSCredentials(\"@ID@\", \"@S@\");\n",
                    "KEYS = {\n    'id': '@ID@',\n    # rotated 2026-11\n    'value': '@S@',\n}\n",
                    "{\"note\":\"use @ID@\\nwith @S@\\n\"}")) {
                String id = TestKeys.keyId(r, "AKIA");
                String secret = TestKeys.secret(r);
                String text = template.replace("@ID@", id).replace("@S@", secret);
                List<Finding> found = scan(text);
                Finding s = one(found, SECRET, secret, text);
                Finding k = one(found, KEY_ID, id, text);
                assertThat(s.pairedWith()).as(text).isEqualTo(k.asPairRef());
                assertThat(k.pairedWith()).isEqualTo(s.asPairRef());
            }
        }

        @Test
        void aKeyIdShapedWordThatIsNotReportedStillMarksTheSecretBesideIt() {
            Random r = new Random(12);
            String shaped = TestKeys.nonBase32KeyId(r, "AKIA");
            String secret = TestKeys.secret(r);
            String text = "access_key = \"" + shaped + "\"\nsecret_key = \"" + secret + "\"\n";
            List<Finding> found = scan(text);
            assertThat(kind(found, KEY_ID)).isEmpty();
            Finding s = one(found, SECRET, secret, text);
            assertThat(s.pairedWith()).isNull();
            assertThat(s.severity()).isEqualTo(Severity.HIGH);
        }

        @Test
        void aValueMoreThanFiveLinesFromAnyKeyIdIsNotASecret() {
            Random r = new Random(13);
            String id = TestKeys.keyId(r, "AKIA");
            String text = "access_key = \"" + id + "\"\n\n\n\n\n\nchecksum = \"" + TestKeys.secret(r) + "\"\n";
            List<Finding> found = scan(text);
            assertThat(kind(found, SECRET)).isEmpty();
            assertThat(one(found, KEY_ID, id, text).pairedWith()).isNull();
        }

        @Test
        void profilesPairOneToOneInOrder() {
            Random r = new Random(14);
            String k1 = TestKeys.keyId(r, "AKIA");
            String s1 = TestKeys.secret(r);
            String k2 = TestKeys.keyId(r, "AKIA");
            String s2 = TestKeys.secret(r);
            String profiles = "[a]\naws_access_key_id=" + k1 + "\naws_secret_access_key=" + s1
                    + "\n[b]\naws_access_key_id=" + k2 + "\naws_secret_access_key=" + s2 + "\n";
            String listed = "ids: " + k1 + " " + k2 + "\nsecret keys: " + s1 + " " + s2 + "\n";
            for (String text : List.of(profiles, listed)) {
                List<Finding> found = scan(text);
                assertThat(found).as(text).hasSize(4).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
                Finding fk1 = found.stream().filter(f -> f.secret().equals(k1)).findFirst().orElseThrow();
                Finding fs1 = found.stream().filter(f -> f.secret().equals(s1)).findFirst().orElseThrow();
                Finding fk2 = found.stream().filter(f -> f.secret().equals(k2)).findFirst().orElseThrow();
                Finding fs2 = found.stream().filter(f -> f.secret().equals(s2)).findFirst().orElseThrow();
                assertThat(fk1.pairedWith()).isEqualTo(fs1.asPairRef());
                assertThat(fs1.pairedWith()).isEqualTo(fk1.asPairRef());
                assertThat(fk2.pairedWith()).isEqualTo(fs2.asPairRef());
                assertThat(fs2.pairedWith()).isEqualTo(fk2.asPairRef());
            }
        }
    }

    @Nested
    class SessionTokens {
        @Test
        void foundByKeywordInCredentialsFileExportAndStsJson() {
            Random r = new Random(20);
            for (String template : List.of(
                    "[tmp]\naws_session_token = @T@\n",
                    "export AWS_SESSION_TOKEN=\"@T@\"\n",
                    "{\"Credentials\": {\"SessionToken\": \"@T@\", \"Expiration\": \"2026-11-28T12:00:00Z\"}}\n",
                    "aws:\n  securityToken: @T@\n")) {
                String token = "FwoGZXIvYXdz" + TestKeys.base64Chars(r, 360);
                String text = template.replace("@T@", token);
                Finding f = one(scan(text), TOKEN, token, text);
                assertThat(f.severity()).isEqualTo(Severity.HIGH);
            }
        }

        @Test
        void percentEncodedTokenInAPresignedUrlIsFoundWholeAndDecoded() {
            Random r = new Random(21);
            String id = TestKeys.keyId(r, "ASIA");
            String token = TestKeys.sessionToken(r, 880) + "==";
            String encoded = token.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D");
            String text = "https://b.s3.eu-west-1.amazonaws.com/report.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                    + "&X-Amz-Credential=" + id + "%2F20261128%2Feu-west-1%2Fs3%2Faws4_request"
                    + "&X-Amz-Date=20261128T101010Z&X-Amz-Expires=3600&X-Amz-Security-Token=" + encoded
                    + "&X-Amz-Signature=" + TestKeys.hex40(r) + "&X-Amz-SignedHeaders=host\n";
            List<Finding> found = scan(text);
            Finding t = one(found, TOKEN, token, text, encoded);
            Finding k = one(found, KEY_ID, id, text);
            assertThat(t.pairedWith()).isEqualTo(k.asPairRef());
            assertThat(t.accountId()).isEqualTo(k.accountId());
        }

        @Test
        void aLongBase64ValueBesideAnAsiaIdIsItsTokenWhateverItsLabel() {
            Random r = new Random(22);
            String id = TestKeys.keyId(r, "ASIA");
            String secret = TestKeys.secret(r);
            String blob = TestKeys.base64Chars(r, 420);
            String text = "creds:\n  id: " + id + "\n  key: " + secret + "\n  blob: " + blob + "\n";
            List<Finding> found = scan(text);
            Finding t = one(found, TOKEN, blob, text);
            Finding k = one(found, KEY_ID, id, text);
            assertThat(t.pairedWith()).isEqualTo(k.asPairRef());
            assertThat(k.pairedWith()).isEqualTo(one(found, SECRET, secret, text).asPairRef());
        }

        @Test
        void shortPlaceholderJwtAndUnlabelledValuesBesideLongTermIdsAreNotTokens() {
            Random r = new Random(23);
            String akia = TestKeys.keyId(r, "AKIA");
            String asia = TestKeys.keyId(r, "ASIA");
            for (String text : List.of(
                    "aws_session_token = AQoDYXdzEJr...<remainder of security token>\n",
                    "aws_session_token = " + TestKeys.base64Chars(r, 60) + "\n",
                    "aws_session_token = " + "A".repeat(300) + "\n",
                    "aws_session_token = AQoDYXdzEJrEXAMPLE" + TestKeys.base64Chars(r, 300) + "\n",
                    "sessionToken = eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\n",
                    "id: " + akia + "\nblob: " + TestKeys.base64Chars(r, 420) + "\n",
                    "id: " + asia + "\n\n\n\n\n\nblob: " + TestKeys.base64Chars(r, 420) + "\n")) {
                assertThat(kind(scan(text), TOKEN)).as(text).isEmpty();
            }
        }
    }

    @Nested
    class OtherAwsSecrets {
        @Test
        void bedrockKeysInPythonAndDotEnv() {
            Random r = new Random(30);
            String longTerm = "ABSK" + TestKeys.b64("BedrockAPIKey-" + "k3x9-at-595918472158:" + TestKeys.base64Chars(r, 60));
            String shortTerm = "bedrock-api-key-" + TestKeys.b64("bedrock.amazonaws.com/?Action=CallWithBearerToken"
                    + "&X-Amz-Signature=" + TestKeys.hex40(r) + TestKeys.hex40(r) + "&Version=1");
            String dotenv = "AWS_BEARER_TOKEN_BEDROCK=" + longTerm + "\n";
            String python = "client = boto3.client(\"bedrock-runtime\")\nos.environ[\"AWS_BEARER_TOKEN_BEDROCK\"] = \""
                    + shortTerm + "\"\n";
            one(scan(dotenv), "aws-bedrock-api-key", longTerm, dotenv);
            one(scan(python), "aws-bedrock-api-key", shortTerm, python);
        }

        @Test
        void bedrockPrefixesWithoutKeyMaterialAreNotKeys() {
            for (String text : List.of(
                    "AWS_BEARER_TOKEN_BEDROCK=ABSK...\n",
                    "# keys start with ABSK or bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t\n",
                    "AWS_BEARER_TOKEN_BEDROCK=ABSK" + "Q".repeat(120) + "\n",
                    "AWS_BEARER_TOKEN_BEDROCK=ABSK" + TestKeys.base64Chars(new Random(31), 110) + "EXAMPLE\n")) {
                assertThat(kind(scan(text), "aws-bedrock-api-key")).as(text).isEmpty();
            }
        }

        @Test
        void mwsTokensInPropertiesFile() {
            String token = "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf8b2a1c";
            String text = "mws.seller.id=A1B2C3\nmws.auth.token=" + token + "\n";
            one(scan(text), "aws-mws-auth-token", token, text);
            assertThat(scan("mws.auth.token=amzn.mws.00000000-0000-0000-0000-000000000000\n")).isEmpty();
            assertThat(scan("mws.auth.token=amzn.mws.<your-token-here>\n")).isEmpty();
        }

        @Test
        void accountIdsAssignedToAnAccountKeywordAreLow() {
            String yaml = "deploy:\n  aws_account_id: 5959-1847-2158\n";
            Finding f = one(scan(yaml), "aws-account-id", "595918472158", yaml, "5959");
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            String tf = "locals {\n  awsAccountId = \"595918472158\"\n}\n";
            one(scan(tf), "aws-account-id", "595918472158", tf);
        }

        @Test
        void placeholderAccountsAndAccountIdsWithoutAKeywordAreNotReported() {
            for (String text : List.of("aws_account_id: 000000000000\n", "aws_account_id = 123456789012\n",
                    "AWS_ACCOUNT_ID=111122223333\n", "account_id = 595918472158\n",
                    "arn:aws:iam::595918472158:role/deploy\n", "aws_account_id = 5959184721580\n")) {
                assertThat(scan(text)).as(text).isEmpty();
            }
        }
    }

    @Nested
    class OneLayerOfDecoding {
        @Test
        void kubernetesSecretDataFieldsAreDecodedAndPaired() {
            Random r = new Random(40);
            String id = TestKeys.keyId(r, "AKIA");
            String secret = TestKeys.secret(r);
            String token = TestKeys.sessionToken(r, 500);
            String text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws\ntype: Opaque\ndata:\n"
                    + "  AWS_ACCESS_KEY_ID: " + TestKeys.b64(id) + "\n"
                    + "  AWS_SECRET_ACCESS_KEY: " + TestKeys.b64(secret) + "\n"
                    + "  AWS_SESSION_TOKEN: " + TestKeys.b64(token) + "\n";
            List<Finding> found = scan(text);
            Finding k = one(found, KEY_ID, id, text, TestKeys.b64(id));
            Finding s = one(found, SECRET, secret, text, TestKeys.b64(secret));
            one(found, TOKEN, token, text, TestKeys.b64(token));
            assertThat(k.pairedWith()).isEqualTo(s.asPairRef());
            assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        }

        @Test
        void aSecretFieldOfAnyNameBesideAnEncodedKeyIdIsDecoded() {
            Random r = new Random(42);
            String id = TestKeys.keyId(r, "AKIA");
            String secret = TestKeys.secret(r);
            String text = "kind: Secret\ndata:\n  accesskey: " + TestKeys.b64(id) + "\n  secretkey: "
                    + TestKeys.b64(secret) + "\n  checksum: " + TestKeys.b64(TestKeys.hex40(r)) + "\n";
            List<Finding> found = scan(text);
            assertThat(found).hasSize(2);
            Finding s = one(found, SECRET, secret, text, TestKeys.b64(secret));
            assertThat(s.pairedWith()).isEqualTo(one(found, KEY_ID, id, text, TestKeys.b64(id)).asPairRef());
        }

        @Test
        void encodedFortyByteValuesWithoutAnEncodedKeyIdBesideThemAreNotSecrets() {
            Random r = new Random(43);
            String text = "kind: Secret\ndata:\n  user: " + TestKeys.b64("deploy") + "\n  token: "
                    + TestKeys.b64(TestKeys.secret(r)) + "\n";
            assertThat(scan(text)).isEmpty();
        }

        @Test
        void aBase64CredentialsFileIsDecoded() {
            Random r = new Random(41);
            String id = TestKeys.keyId(r, "ASIA");
            String secret = TestKeys.secret(r);
            String file = "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n";
            String text = "apiVersion: v1\nkind: Secret\ndata:\n  credentials: " + TestKeys.b64(file) + "\n";
            List<Finding> found = scan(text);
            assertThat(kind(found, KEY_ID)).extracting(Finding::secret).containsExactly(id);
            assertThat(kind(found, SECRET)).extracting(Finding::secret).containsExactly(secret);
            assertThat(found).allSatisfy(f -> {
                assertThat(f.location().line()).isEqualTo(4);
                assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            });
        }

        @Test
        void encodedDocumentationValuesAndOrdinaryBase64AreNotReported() {
            String text = "kind: Secret\ndata:\n"
                    + "  AWS_ACCESS_KEY_ID: " + TestKeys.b64("AKIAIOSFODNN7EXAMPLE") + "\n"
                    + "  AWS_SECRET_ACCESS_KEY: " + TestKeys.b64("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") + "\n"
                    + "  config: " + TestKeys.b64("aws_region = eu-west-1\naws_profile = build\n") + "\n"
                    + "  AWS_URL: " + TestKeys.b64("https://s3.amazonaws.com/AKIA/bucket") + "\n";
            assertThat(scan(text)).isEmpty();
        }
    }

    @Nested
    class DocumentationValuesAndPlaceholders {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.keyward.AwsDetectionTest#keyIdSyntaxes")
        void awsDocumentationKeysAndPlaceholdersAreNeverReported(String syntax, String template) {
            for (String id : List.of("AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", "ASIAIOSFODNN7EXAMPLE",
                    "AKIAXXXXXXXXXXXXXXXX", "AKIA0000000000000000", "AKIAAAAAAAAAAAAAAAAA", "AKIAABCDEFGHIJKLMNOP",
                    "AKIA2345672345672345".substring(0, 20))) {
                String text = template.replace("@K@", id);
                assertThat(scan(text)).as(text).isEmpty();
            }
        }

        @Test
        void documentationPairsInEverySyntaxAreNeverReported() {
            String[][] pairs = {{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
                {"AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"}};
            for (String[] p : pairs) {
                for (String template : List.of(
                        "[default]\naws_access_key_id = @ID@\naws_secret_access_key = @S@\n",
                        "export AWS_ACCESS_KEY_ID=@ID@\nexport AWS_SECRET_ACCESS_KEY=@S@\n",
                        "{\"AccessKeyId\": \"@ID@\",\n \"SecretAccessKey\": \"@S@\"}",
                        "new BasicAWSCredentials(\"@ID@\", \"@S@\")",
                        "provider \"aws\" {\n access_key = \"@ID@\"\n secret_key = \"@S@\"\n}")) {
                    String text = template.replace("@ID@", p[0]).replace("@S@", p[1]);
                    assertThat(scan(text)).as(text).isEmpty();
                }
            }
        }

        @Test
        void aGeneratedPairInTheSameSyntaxIsReported() {
            Random r = new Random(50);
            String text = "export AWS_ACCESS_KEY_ID=" + TestKeys.keyId(r, "AKIA") + "\nexport AWS_SECRET_ACCESS_KEY="
                    + TestKeys.secret(r) + "\n";
            assertThat(scan(text)).hasSize(2);
        }
    }

    @Nested
    class InlineAllow {
        @Test
        void markedLinesAreSkippedAndOthersAreNot() {
            Random r = new Random(60);
            String a = TestKeys.keyId(r, "AKIA");
            String b = TestKeys.keyId(r, "AKIA");
            String c = TestKeys.keyId(r, "AKIA");
            String d = TestKeys.keyId(r, "AKIA");
            String text = "key = \"" + a + "\" # keyward:allow\nkey = \"" + b + "\" // gitleaks:allow\n"
                    + "key: " + c + "  # pragma: allowlist secret\nkey = \"" + d + "\"\n";
            assertThat(scan(text)).extracting(Finding::secret).containsExactly(d);
        }
    }
}
