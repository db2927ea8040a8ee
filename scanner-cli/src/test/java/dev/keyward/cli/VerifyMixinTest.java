package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.Scanner;
import dev.keyward.TestKeys;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Verification;
import dev.keyward.verify.AccountKeys;
import dev.keyward.verify.AwsStandIn;
import dev.keyward.verify.Verifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerifyMixinTest {

    private final Random random = new Random();

    private static Finding only(List<Finding> all, String secret) {
        return all.stream().filter(f -> f.secret().equals(secret)).findFirst().orElseThrow(
                () -> new AssertionError("no finding for a value the test planted: " + all));
    }

    @Test
    void verifyAllPairsFindingsAndSendsEachPairOnceAndNothingElse() {
        String liveId = TestKeys.keyId(random, "AKIA");
        String liveSecret = TestKeys.secret(random);
        String wrongId = TestKeys.keyId(random, "AKIA");
        String wrongSecret = TestKeys.secret(random);
        String sessionId = TestKeys.keyId(random, "ASIA");
        String sessionSecret = TestKeys.secret(random);
        String token = TestKeys.sessionToken(random, 400);
        String loneId = TestKeys.keyId(random, "AKIA");
        String canaryId = AccountKeys.keyIdFor(random, "AKIA", "052310077262");
        String canarySecret = TestKeys.secret(random);
        String gap = "\n".repeat(8);
        String text = "[live]\naws_access_key_id = " + liveId + "\naws_secret_access_key = " + liveSecret + gap
                + "[wrong]\naws_access_key_id = " + wrongId + "\naws_secret_access_key = " + wrongSecret + gap
                + "[session]\naws_access_key_id = " + sessionId + "\naws_secret_access_key = " + sessionSecret
                + "\naws_session_token = " + token + gap
                + "[lone]\naws_access_key_id = " + loneId + gap
                + "[canary]\naws_access_key_id = " + canaryId + "\naws_secret_access_key = " + canarySecret + gap
                + "[minio]\nAWS_ACCESS_KEY_ID=JVZUMYZSU8JWSYRHEP5N\n"
                // the same live pair again elsewhere: one request for both
                + gap + "aws_access_key_id = " + liveId + "\naws_secret_access_key = " + liveSecret + "\n";
        List<Finding> findings = Scanner.builder().build().scan(text.getBytes(StandardCharsets.UTF_8), "creds.ini")
                .findings();

        try (AwsStandIn sts = AwsStandIn.start("us-east-1");
             Verifier verifier = Verifier.builder().stsEndpoint(sts.uri()).timeout(Duration.ofSeconds(2)).build()) {
            sts.addUserKey(liveId, liveSecret, "345678901234", "app", "aws");
            sts.addUserKey(wrongId, TestKeys.secret(random), "345678901234", "old", "aws");
            sts.addSessionKey(sessionId, sessionSecret, token, "345678901234", "runner", "aws");

            Map<String, Verification> v = VerifyMixin.verifyAll(findings, verifier);

            assertThat(v.get(only(findings, liveId).fingerprint()).status()).isEqualTo(Verification.LIVE);
            assertThat(v.get(only(findings, liveSecret).fingerprint()).arn())
                    .isEqualTo("arn:aws:iam::345678901234:user/app");
            assertThat(v.get(only(findings, wrongId).fingerprint()).status()).isEqualTo(Verification.WRONG_SECRET);
            assertThat(v.get(only(findings, wrongSecret).fingerprint()).status())
                    .isEqualTo(Verification.WRONG_SECRET);
            assertThat(v.get(only(findings, sessionId).fingerprint()).status()).isEqualTo(Verification.LIVE);
            assertThat(v.get(only(findings, token).fingerprint()).arn()).contains("assumed-role/runner");
            assertThat(v.get(only(findings, loneId).fingerprint()).reason()).isEqualTo("no secret beside the key ID");
            assertThat(v.get(only(findings, canaryId).fingerprint()).status()).isEqualTo(Verification.CANARY);
            assertThat(v.get(only(findings, canarySecret).fingerprint()).status()).isEqualTo(Verification.CANARY);
            assertThat(v).doesNotContainKey(only(findings, "JVZUMYZSU8JWSYRHEP5N").fingerprint());
            assertThat(sts.received("GetCallerIdentity")).as("live, wrong and session; once each")
                    .extracting(AwsStandIn.Received::keyId).containsExactlyInAnyOrder(liveId, wrongId, sessionId);
        }
    }

    @CommandLine.Command(name = "t")
    static final class Host implements Runnable {
        @CommandLine.Mixin
        VerifyMixin verify;

        @Override
        public void run() {
        }
    }

    @Test
    void verifyIsOffByDefaultOnWithoutValueAndDeepWithDeep() {
        Host off = new Host();
        new CommandLine(off).parseArgs();
        assertThat(off.verify.enabled()).isFalse();
        Host on = new Host();
        new CommandLine(on).parseArgs("--verify");
        assertThat(on.verify.enabled()).isTrue();
        assertThat(on.verify.deep()).isFalse();
        Host deep = new Host();
        new CommandLine(deep).parseArgs("--verify=deep", "--sts-endpoint", "http://127.0.0.1:9");
        assertThat(deep.verify.deep()).isTrue();
        assertThat(deep.verify.aws.stsEndpoint).hasToString("http://127.0.0.1:9");
        Host bad = new Host();
        new CommandLine(bad).parseArgs("--verify=maybe");
        assertThatThrownBy(bad.verify::enabled).hasMessageContaining("'maybe'");
    }
}
