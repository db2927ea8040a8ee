package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.finding.Finding;
import dev.keyward.finding.ScanResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A realistic project written to a temporary folder (keys from a fixed seed, generated here, never committed) and
 * scanned as a folder: every leaked credential is found where it is, and nothing else is.
 */
class ProjectTreeTest {

    @TempDir
    Path root;

    private final Random r = new Random(20261128);
    private final List<String> expected = new ArrayList<>();

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** Expects a finding of {@code kind} in {@code path} at the line of {@code value}'s first occurrence in {@code text}. */
    private void expect(String path, String text, String kind, String severity, String value) {
        int line = 1 + (int) text.substring(0, text.indexOf(value)).chars().filter(c -> c == '\n').count();
        expected.add(path + ":" + line + " " + kind + " " + severity);
    }

    @Test
    void everyLeakInARealisticProjectIsFoundAndNothingElse() throws IOException {
        String k1 = TestKeys.keyId(r, "AKIA");
        String s1 = TestKeys.secret(r);
        String k2 = TestKeys.keyId(r, "ASIA");
        String s2 = TestKeys.secret(r);
        String t2 = TestKeys.sessionToken(r, 420);
        String credentials = "[default]\naws_access_key_id = " + k1 + "\naws_secret_access_key = " + s1
                + "\nregion = eu-west-1\n\n[ci]\naws_access_key_id=" + k2 + "\naws_secret_access_key=" + s2
                + "\naws_session_token=" + t2 + "\n";
        write(".aws/credentials", credentials);
        expect(".aws/credentials", credentials, "aws-access-key-id", "critical", k1);
        expect(".aws/credentials", credentials, "aws-secret-access-key", "critical", s1);
        expect(".aws/credentials", credentials, "aws-access-key-id", "critical", k2);
        expect(".aws/credentials", credentials, "aws-secret-access-key", "critical", s2);
        expect(".aws/credentials", credentials, "aws-session-token", "high", t2);

        String k3 = TestKeys.keyId(r, "AKIA");
        String s3 = TestKeys.secret(r);
        String tf = "provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = \"" + k3 + "\"\n  secret_key = \""
                + s3 + "\"\n}\n\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n}\n";
        write("infra/main.tf", tf);
        expect("infra/main.tf", tf, "aws-access-key-id", "critical", k3);
        expect("infra/main.tf", tf, "aws-secret-access-key", "critical", s3);

        String k4 = TestKeys.keyId(r, "AKIA");
        String s4 = TestKeys.secret(r);
        String secretYaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: uploader\ntype: Opaque\ndata:\n"
                + "  AWS_ACCESS_KEY_ID: " + TestKeys.b64(k4) + "\n  AWS_SECRET_ACCESS_KEY: " + TestKeys.b64(s4) + "\n";
        write("k8s/uploader-secret.yaml", secretYaml);
        expect("k8s/uploader-secret.yaml", secretYaml, "aws-access-key-id", "critical", TestKeys.b64(k4));
        expect("k8s/uploader-secret.yaml", secretYaml, "aws-secret-access-key", "critical", TestKeys.b64(s4));

        String k5 = TestKeys.keyId(r, "ASIA");
        String t5 = TestKeys.sessionToken(r, 700);
        String log = "2026-11-28T10:00:00Z INFO started\n2026-11-28T10:00:01Z DEBUG GET https://acme.s3.amazonaws.com/"
                + "r.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + k5 + "%2F20261128%2Fus-east-1%2Fs3%2F"
                + "aws4_request&X-Amz-Security-Token=" + t5.replace("/", "%2F").replace("+", "%2B")
                + "&X-Amz-Signature=" + TestKeys.hex40(r) + "\n2026-11-28T10:00:02Z INFO done\n";
        write("logs/app.log", log);
        expect("logs/app.log", log, "aws-access-key-id", "high", k5);
        expect("logs/app.log", log, "aws-session-token", "high", "X-Amz-Security-Token");

        String k6 = TestKeys.keyId(r, "AKIA");
        String s6 = TestKeys.secret(r);
        String json = "{\"name\":\"deploy\",\"env\":\"AWS_ACCESS_KEY_ID=" + k6 + "\\nAWS_SECRET_ACCESS_KEY=" + s6
                + "\\n\",\"integrity\":\"sha512-" + TestKeys.secret(r) + TestKeys.secret(r) + "==\"}\n";
        write("config/deploy.json", json);
        expect("config/deploy.json", json, "aws-access-key-id", "critical", k6);
        expect("config/deploy.json", json, "aws-secret-access-key", "critical", s6);

        // Negatives: documentation values, placeholders, identifiers, hashes and paths.
        write("docs/setup.md", "Configure the CLI:\n\n```\n[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n```\n\nOr use "
                + "AKIAI44QH8DHBEXAMPLE / je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY.\n");
        write(".env.example", "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\nAWS_SECRET_ACCESS_KEY=<your secret key>\n"
                + "AWS_SESSION_TOKEN=\nAWS_ACCOUNT_ID=123456789012\n");
        write("src/main/java/acme/Roles.java", "class Roles {\n  // role " + TestKeys.keyId(r, "AROA")
                + " is an identifier\n  static final String COMMIT = \"" + TestKeys.hex40(r) + "\";\n"
                + "  static final String CLASS = \"com/amazonaws/services/s3/AmazonS3Client\"; // secret key loader\n}\n");
        write("package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/aws-sdk\": {\"integrity\": "
                + "\"sha512-" + TestKeys.base64Chars(r, 86) + "==\"}}}\n");

        ScanResult result = Scanner.builder().respectIgnoreFiles(false).build().scan(root);
        assertThat(result.errors()).isEmpty();
        List<String> actual = result.findings().stream().map(this::describe).toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.findings()).filteredOn(f -> f.severity().id().equals("critical"))
                .allSatisfy(f -> assertThat(f.pairedWith()).isNotNull());
    }

    private String describe(Finding f) {
        String rel = root.relativize(Path.of(f.path())).toString().replace('\\', '/');
        return rel + ":" + f.location().line() + " " + f.kind() + " " + f.severity().id();
    }
}
