package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.TestKeys;
import dev.keyward.verify.AwsStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyward revoke} against the local IAM stand-in, which records what it was sent. */
class RevokeCommandTest {

    @TempDir
    Path dir;

    private final Random random = new Random();
    private AwsStandIn iam;
    private String ownId;
    private String ownSecret;
    private Path credentials;

    @BeforeEach
    void start() throws IOException {
        iam = AwsStandIn.start("us-east-1");
        ownId = TestKeys.keyId(random, "AKIA");
        ownSecret = TestKeys.secret(random);
        iam.addUserKey(ownId, ownSecret, "210987654321", "security-admin", "aws");
        credentials = dir.resolve("credentials");
        Files.writeString(credentials, "[default]\naws_access_key_id = " + ownId + "\naws_secret_access_key = "
                + ownSecret + "\n");
    }

    @AfterEach
    void stop() {
        iam.close();
    }

    private String[] args(String... rest) {
        String[] base = {"revoke", "--iam-endpoint", iam.uri().toString(), "--sts-endpoint", iam.uri().toString(),
            "--credentials-file", credentials.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + rest.length);
        System.arraycopy(rest, 0, all, base.length, rest.length);
        return all;
    }

    /** Standard input that answers {@code answer} and notes what the stand-in had received when it was asked. */
    private static final class AnswerAfterLooking extends InputStream {
        private final AwsStandIn iam;
        private final byte[] answer;
        private int at;
        List<String> sentBeforeTheAnswer;

        AnswerAfterLooking(AwsStandIn iam, String answer) {
            this.iam = iam;
            this.answer = answer.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            if (sentBeforeTheAnswer == null) {
                sentBeforeTheAnswer = List.copyOf(iam.actions());
            }
            return at < answer.length ? answer[at++] & 0xff : -1;
        }
    }

    /** A long-term key ID that names its account: one random ID in 11 decodes to 13 digits, which no key does. */
    private String decodableKeyId() {
        String id = TestKeys.keyId(random, "AKIA");
        return dev.keyward.finding.AwsKeyId.accountOf(id) != null ? id : decodableKeyId();
    }

    @Test
    void aLongTermKeyIsDeactivatedWithYourOwnCredentialsAfterYesAndNothingIsSentBeforeIt() {
        String leaked = decodableKeyId();
        String account = dev.keyward.finding.AwsKeyId.accountOf(leaked);
        iam.addUserKey(leaked, TestKeys.secret(random), account, "ci-deployer", "aws");
        AnswerAfterLooking stdin = new AnswerAfterLooking(iam, "yes\n");

        Cli r = Cli.run(stdin, false, args(leaked));

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(stdin.sentBeforeTheAnswer).as("asked before anything was sent").isEmpty();
        String prompt = r.out().substring(0, r.out().indexOf("[y/N]") + 5);
        assertThat(prompt).isEqualTo("keyward will deactivate access key " + leaked + " in account " + account
                + " (partition aws), in two requests to " + iam.uri() + ", signed with your own AWS credentials:\n"
                + "  1. IAM GetAccessKeyLastUsed AccessKeyId=" + leaked
                + "   (read-only: it names the IAM user USER who owns the key)\n"
                + "  2. IAM UpdateAccessKey AccessKeyId=" + leaked + " UserName=USER Status=Inactive\n"
                + "The key is not deleted. To undo: aws iam update-access-key --user-name USER --access-key-id "
                + leaked + " --status Active\n"
                + "Deactivate " + leaked + "? [y/N]");
        assertThat(r.out()).contains("IAM user of " + leaked + ": ci-deployer (GetAccessKeyLastUsed)")
                .contains("Deactivated " + leaked + " of IAM user ci-deployer (Status=Inactive).")
                .contains("To undo: aws iam update-access-key --user-name ci-deployer --access-key-id " + leaked)
                .contains("AttributeKey=AccessKeyId,AttributeValue=" + leaked)
                .contains("aws iam list-attached-user-policies --user-name ci-deployer");
        assertThat(iam.actions()).containsExactly("iam:GetAccessKeyLastUsed", "iam:UpdateAccessKey");
        assertThat(iam.received("UpdateAccessKey")).singleElement().satisfies(u -> {
            assertThat(u.keyId()).isEqualTo(ownId);
            assertThat(u.params()).containsEntry("AccessKeyId", leaked).containsEntry("UserName", "ci-deployer")
                    .containsEntry("Status", "Inactive");
        });
        assertThat(iam.key(leaked).active).isFalse();
        assertThat(iam.actions()).noneMatch(a -> a.contains("Delete"));
    }

    @Test
    void anA3tKeyIsDeactivatedLikeAnAkiaKey() {
        String leaked = "A3TZ" + TestKeys.keyId(random, "AKIA").substring(4);
        iam.addUserKey(leaked, TestKeys.secret(random), "210987654321", "legacy-bot", "aws");

        Cli r = Cli.run(args("--yes", leaked));

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("in account").contains("Deactivated " + leaked + " of IAM user legacy-bot")
                .contains("aws iam delete-access-key --user-name legacy-bot --access-key-id " + leaked);
        assertThat(iam.key(leaked).active).isFalse();
    }

    @Test
    void noAnswerOrNoSendsNothing() {
        String leaked = TestKeys.keyId(random, "AKIA");
        iam.addUserKey(leaked, TestKeys.secret(random), "210987654321", "ci-deployer", "aws");

        for (String answer : new String[] {"", "no\n", "n\n", "maybe\n"}) {
            Cli r = Cli.runWithStdin(answer, args(leaked));
            assertThat(r.code()).as(r.toString()).isEqualTo(RevokeCommand.EXIT_NOT_DONE);
            assertThat(r.out()).contains("Deactivate " + leaked + "? [y/N]")
                    .contains("nothing was sent and nothing was changed");
        }
        Cli named = Cli.runWithStdin("no\n", args("--user", "ci-deployer", leaked));
        assertThat(named.out()).contains("in one request")
                .contains("  IAM UpdateAccessKey AccessKeyId=" + leaked + " UserName=ci-deployer Status=Inactive");
        assertThat(iam.requests()).as("not even the read-only look-up of the key's user").isZero();
        assertThat(iam.key(leaked).active).isTrue();
    }

    @Test
    void withTheLeakedKeyItselfTheUpdateIsSignedByItAndNamesNoUser() throws IOException {
        String leaked = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        iam.addUserKey(leaked, secret, "345678901234", "someone", "aws");
        Path secretFile = dir.resolve("leaked-secret");
        Files.writeString(secretFile, secret + "\n");

        Cli r = Cli.run(args("--with-leaked-key", "--secret-file", secretFile.toString(), "--yes", leaked));

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("signed with the leaked key itself").doesNotContain(secret);
        assertThat(iam.received("UpdateAccessKey")).singleElement().satisfies(u -> {
            assertThat(u.keyId()).isEqualTo(leaked);
            assertThat(u.params()).doesNotContainKey("UserName").containsEntry("Status", "Inactive");
        });
        assertThat(iam.key(leaked).active).isFalse();
    }

    @Test
    void anIamRefusalIsAClearErrorWithExitTwo() {
        String leaked = TestKeys.keyId(random, "AKIA");
        iam.addUserKey(leaked, TestKeys.secret(random), "210987654321", "ci-deployer", "aws");
        iam.deny("UpdateAccessKey");

        Cli r = Cli.run(args("--yes", leaked));

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("IAM refused UpdateAccessKey: AccessDenied");
        assertThat(iam.key(leaked).active).isTrue();
    }

    @Test
    void aTemporaryKeyGetsTheDenyOlderSessionsPolicyOnStdoutAndNothingIsSent() {
        String leaked = TestKeys.keyId(random, "ASIA");

        Cli r = Cli.run(args(leaked));

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"Effect\": \"Deny\"").contains("\"Action\": [\"*\"]")
                .contains("\"DateLessThan\": {\"aws:TokenIssueTime\": \"20");
        assertThat(r.out().trim()).startsWith("{").endsWith("}");
        assertThat(r.err()).contains("--apply --role ROLE").contains(dev.keyward.verify.Revoker.REVOKE_POLICY_NAME)
                .contains("AttributeValue=" + leaked);
        assertThat(iam.requests()).isZero();
    }

    @Test
    void withApplyThePolicyIsAttachedToTheRoleAfterConfirmation() {
        String leaked = TestKeys.keyId(random, "ASIA");

        Cli declined = Cli.runWithStdin("\n", args("--apply", "--role", "build-runner", leaked));
        assertThat(declined.code()).isEqualTo(RevokeCommand.EXIT_NOT_DONE);
        assertThat(iam.requests()).isZero();

        Cli r = Cli.runWithStdin("y\n", args("--apply", "--role", "build-runner", leaked));

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("IAM PutRolePolicy RoleName=build-runner PolicyName=AWSRevokeOlderSessions")
                .contains("Attached AWSRevokeOlderSessions to role build-runner")
                .contains("aws iam list-attached-role-policies --role-name build-runner");
        assertThat(iam.received("PutRolePolicy")).singleElement()
                .satisfies(p -> assertThat(p.keyId()).isEqualTo(ownId));
        assertThat(iam.rolePolicy("build-runner", "AWSRevokeOlderSessions")).contains("aws:TokenIssueTime")
                .contains("\"Deny\"");
    }

    @Test
    void aCanaryKeyIsNotRevokedAndNothingIsSent() {
        String canary = canaryKeyId();

        Cli r = Cli.run(args("--yes", canary));

        assertThat(r.code()).isEqualTo(RevokeCommand.EXIT_NOT_DONE);
        assertThat(r.out()).contains("holds canary tokens").contains("Nothing was sent");
        assertThat(iam.requests()).isZero();
    }

    @Test
    void optionsForTheOtherKindOfKeyAreUsageErrors() {
        Cli a = Cli.run(args("--apply", "--role", "r", TestKeys.keyId(random, "AKIA")));
        assertThat(a.code()).isEqualTo(2);
        assertThat(a.err()).contains("for ASIA keys");
        Cli b = Cli.run(args("--with-leaked-key", TestKeys.keyId(random, "AKIA")));
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("--secret-file");
        Cli c = Cli.run(args("--apply", TestKeys.keyId(random, "ASIA")));
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err()).contains("--role");
        Cli d = Cli.run(args("AIDA" + TestKeys.keyId(random, "AKIA").substring(4)));
        assertThat(d.code()).isEqualTo(2);
        assertThat(iam.requests()).isZero();
    }

    @Test
    void withoutCredentialsOfYourOwnNothingIsSentAndTheMessageSaysWhatToGive() throws IOException {
        Path empty = dir.resolve("empty-credentials");
        Files.writeString(empty, "[other]\naws_access_key_id = x\n");
        String leaked = TestKeys.keyId(random, "AKIA");

        Cli r = Cli.run("revoke", "--iam-endpoint", iam.uri().toString(), "--credentials-file", empty.toString(),
                "--yes", leaked);

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("could not find the IAM user of " + leaked)
                .contains("your own AWS credentials could not be loaded").contains("nothing was changed")
                .contains("--user NAME");
        assertThat(iam.requests()).isZero();
        Cli bad = Cli.run(args("--partition", "mars", leaked));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--partition must be aws, aws-us-gov or aws-cn");
    }

    @Test
    void decodeOnlineAsksGetAccessKeyInfoWithYourOwnCredentials() {
        String legacy = TestKeys.legacyKeyId(random, "AKIA");
        iam.addUserKey(legacy, TestKeys.secret(random), "456789012345", "old-user", "aws");

        Cli r = Cli.run("decode", "--online", "--sts-endpoint", iam.uri().toString(), "--credentials-file",
                credentials.toString(), legacy);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("legacy ID").contains("account  456789012345 (STS GetAccessKeyInfo)");
        assertThat(iam.received("GetAccessKeyInfo")).singleElement()
                .satisfies(g -> assertThat(g.keyId()).isEqualTo(ownId));
    }

    /** A key ID whose account is the first built-in canary account. */
    private String canaryKeyId() {
        String account = dev.keyward.verify.CanaryAccounts.builtIn().accounts().iterator().next();
        return dev.keyward.verify.AccountKeys.keyIdFor(random, "AKIA", account);
    }
}
