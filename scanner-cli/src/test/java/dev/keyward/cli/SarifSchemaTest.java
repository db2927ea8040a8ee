package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.keyward.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SARIF output validates against the official SARIF 2.1.0 schema (a copy under test resources). */
class SarifSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Set<ValidationMessage> validate(JsonNode sarif) throws IOException {
        try (InputStream in = SarifSchemaTest.class.getResourceAsStream("/schemas/sarif-schema-2.1.0.json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
            return schema.validate(sarif);
        }
    }

    @Test
    void sarifWithFindingsErrorsAndSkippedValidates() throws IOException {
        Random r = new Random(7);
        String id = TestKeys.keyId(r, "AKIA");
        Files.writeString(dir.resolve("a b.env"), "AWS_ACCESS_KEY_ID=" + id + "\nAWS_SECRET_ACCESS_KEY="
                + TestKeys.secret(r) + "\n");
        Files.write(dir.resolve("bin.dat"), new byte[] {1, 0, 2});
        Cli run = Cli.run("scan", "--format", "sarif", dir.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        JsonNode sarif = JSON.readTree(run.out());
        assertThat(validate(sarif)).isEmpty();
        JsonNode result = sarif.at("/runs/0/results/0");
        assertThat(result.at("/partialFingerprints").size()).isEqualTo(1);
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isPositive();
        assertThat(sarif.at("/runs/0/tool/driver/rules/0/help/text").asText()).contains("Deactivate");
        assertThat(sarif.at("/runs/0/tool/driver/rules/0/properties/security-severity").asText()).isNotEmpty();
        assertThat(sarif.at("/runs/0/invocations/0/toolExecutionNotifications").size()).isEqualTo(1);
    }

    @Test
    void theValidatorRejectsAnInvalidLog() throws IOException {
        JsonNode bad = JSON.readTree("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[]}]}");
        assertThat(validate(bad)).isNotEmpty(); // a run without its tool
    }
}
