package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.TestKeys;
import dev.keyward.verify.AwsStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void aLongTermKeyIsDeactivatedWithYourOwnCredentialsAfterYes() {
        String leaked = TestKeys.keyId(random, "AKIA");
        iam.addUserKey(leaked, TestKeys.secret(random), "210987654321", "ci-deployer", "aws");

        Cli r = Cli.runWithStdin("yes\n", args(leaked));

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("keyward will deactivate access key " + leaked + " of IAM user ci-deployer")
                .contains("IAM UpdateAccessKey AccessKeyId=" + leaked + " UserName=ci-deployer Status=Inactive")
                .contains("signed with your own AWS credentials").contains("The key is not deleted")
                .contains("Deactivated " + leaked)
                .contains("AttributeKey=AccessKeyId,AttributeValue=" + leaked)
                .contains("aws iam list-attached-user-policies --user-name ci-deployer");
        assertThat(iam.received("UpdateAccessKey")).singleElement().satisfies(u -> {
            assertThat(u.keyId()).isEqualTo(ownId);
            assertThat(u.params()).containsEntry("AccessKeyId", leaked).containsEntry("UserName", "ci-deployer")
                    .containsEntry("Status", "Inactive");
        });
        assertThat(iam.key(leaked).active).isFalse();
        assertThat(iam.actions()).noneMatch(a -> a.contains("Delete"));
    }

    @Test
    void noAnswerOrNoSendsNothing() {
        String leaked = TestKeys.keyId(random, "AKIA");
        iam.addUserKey(leaked, TestKeys.secret(random), "210987654321", "ci-deployer", "aws");

        for (String answer : new String[] {"", "no\n", "n\n", "maybe\n"}) {
            Cli r = Cli.runWithStdin(answer, args(leaked));
            assertThat(r.code()).as(r.toString()).isEqualTo(RevokeCommand.EXIT_NOT_DONE);
            assertThat(r.out()).contains("Deactivate " + leaked + "? [y/N]").contains("nothing was changed");
        }
        assertThat(iam.actions()).as("only the read-only look-up of the key's user").containsOnly(
                "iam:GetAccessKeyLastUsed");
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
                .contains("your own AWS credentials could not be loaded").contains("--user NAME");
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
