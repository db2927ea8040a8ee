package dev.keyward.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.TestKeys;
import dev.keyward.finding.Verification;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The verifier through the real AWS SDK against one local STS/IAM stand-in per partition. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VerifierTest {

    private final Random random = new Random();
    private AwsStandIn commercial;
    private AwsStandIn gov;
    private AwsStandIn china;
    private final List<Verifier> verifiers = new ArrayList<>();

    @BeforeEach
    void start() {
        commercial = AwsStandIn.start("us-east-1");
        gov = AwsStandIn.start("us-gov-west-1");
        china = AwsStandIn.start("cn-north-1");
    }

    @AfterEach
    void stop() {
        verifiers.forEach(Verifier::close);
        commercial.close();
        gov.close();
        china.close();
    }

    private Verifier.Builder builder() {
        return Verifier.builder()
                .partitions(List.of(commercial.as(Partition.AWS), gov.as(Partition.AWS_US_GOV),
                        china.as(Partition.AWS_CN)))
                .timeout(Duration.ofMillis(800)).backoff(Duration.ofMillis(20)).maxAttempts(3);
    }

    private Verifier verifier() {
        return keep(builder().build());
    }

    private Verifier keep(Verifier v) {
        verifiers.add(v);
        return v;
    }

    private String account() {
        return String.format("%012d", 100_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 800_000_000_000L);
    }

    private int allRequests() {
        return commercial.requests() + gov.requests() + china.requests();
    }

    @Test
    void aLivePairIsLiveWithItsArnAccountUserIdAndPartition() {
        String id = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        String account = account();
        commercial.addUserKey(id, secret, account, "deploy-bot", "aws");

        Verification v = verifier().verify(id, secret, null);

        assertThat(v.status()).isEqualTo(Verification.LIVE);
        assertThat(v.arn()).isEqualTo("arn:aws:iam::" + account + ":user/deploy-bot");
        assertThat(v.account()).isEqualTo(account);
        assertThat(v.userId()).isEqualTo("AIDA" + id.substring(4));
        assertThat(v.partition()).isEqualTo("aws");
        assertThat(commercial.received("GetCallerIdentity")).hasSize(1);
        assertThat(gov.requests() + china.requests()).isZero();
    }

    @Test
    void aKnownKeyIdWithAnotherSecretIsWrongSecretNotInvalid() {
        String id = TestKeys.keyId(random, "AKIA");
        commercial.addUserKey(id, TestKeys.secret(random), account(), "ci", "aws");

        Verification v = verifier().verify(id, TestKeys.secret(random), null);

        assertThat(v.status()).isEqualTo(Verification.WRONG_SECRET);
        assertThat(v.partition()).isEqualTo("aws");
        assertThat(v.arn()).isNull();
        assertThat(gov.requests() + china.requests()).as("the key ID is known: no other partition is asked")
                .isZero();
    }

    @Test
    void anUnknownKeyIdIsInvalidOnlyAfterEveryPartitionSaidSo() {
        String id = TestKeys.keyId(random, "AKIA");

        Verification v = verifier().verify(id, TestKeys.secret(random), null);

        assertThat(v.status()).isEqualTo(Verification.INVALID);
        assertThat(v.reason()).contains("InvalidClientTokenId").contains("aws").contains("aws-us-gov")
                .contains("aws-cn");
        assertThat(commercial.requests()).isEqualTo(1);
        assertThat(gov.requests()).isEqualTo(1);
        assertThat(china.requests()).isEqualTo(1);
    }

    @Test
    void aDeactivatedKeyIsInvalid() {
        String id = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        commercial.addUserKey(id, secret, account(), "old", "aws").active = false;

        assertThat(verifier().verify(id, secret, null).status()).isEqualTo(Verification.INVALID);
    }

    @Test
    void anExpiredSessionTokenIsExpired() {
        String id = TestKeys.keyId(random, "ASIA");
        String secret = TestKeys.secret(random);
        String token = TestKeys.sessionToken(random, 400);
        commercial.addSessionKey(id, secret, token, account(), "builder", "aws").expired = true;

        Verification v = verifier().verify(id, secret, token);

        assertThat(v.status()).isEqualTo(Verification.EXPIRED);
        assertThat(v.reason()).contains("ExpiredToken");
    }

    @Test
    void aLiveSessionNamesTheAssumedRole() {
        String id = TestKeys.keyId(random, "ASIA");
        String secret = TestKeys.secret(random);
        String token = TestKeys.sessionToken(random, 400);
        String account = account();
        commercial.addSessionKey(id, secret, token, account, "builder", "aws");

        Verification v = verifier().verify(id, secret, token);

        assertThat(v.status()).isEqualTo(Verification.LIVE);
        assertThat(v.arn()).isEqualTo("arn:aws:sts::" + account + ":assumed-role/builder/session1");
    }

    @Test
    void aTemporaryKeyWithoutItsTokenIsNotSentAndNotInvalid() {
        String id = TestKeys.keyId(random, "ASIA");
        Verification v = verifier().verify(id, TestKeys.secret(random), null);
        assertThat(v.status()).isEqualTo(Verification.UNVERIFIED);
        assertThat(v.reason()).contains("session token");
        assertThat(allRequests()).isZero();
    }

    @Test
    void aKeyIdWithoutASecretIsUnverifiedAndNothingIsSent() {
        String id = TestKeys.keyId(random, "AKIA");
        Verification v = verifier().verify(id, null, null);
        assertThat(v.status()).isEqualTo(Verification.UNVERIFIED);
        assertThat(v.reason()).isEqualTo("no secret beside the key ID");
        assertThat(v.account()).isEqualTo(dev.keyward.finding.AwsKeyId.accountOf(id));
        assertThat(allRequests()).isZero();
    }

    @Test
    void anA3tKeyIsCheckedAsALongTermKeyWithItsLastUseAndIsNeverACanaryOffline() {
        String id = "A3T7" + TestKeys.keyId(random, "AKIA").substring(4);
        String secret = TestKeys.secret(random);
        String account = account();
        commercial.addUserKey(id, secret, account, "old-deploy", "aws");
        String ownId = TestKeys.keyId(random, "AKIA");
        String ownSecret = TestKeys.secret(random);
        commercial.addUserKey(ownId, ownSecret, account, "security-admin", "aws");

        Verification lone = verifier().verify(id, null, null);
        assertThat(lone.status()).isEqualTo(Verification.UNVERIFIED);
        assertThat(lone.account()).as("an A3T ID does not decode").isNull();
        assertThat(allRequests()).isZero();

        Verification v = keep(builder().deep(true).ownCredentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ownId, ownSecret))).build()).verify(id, secret, null);

        assertThat(v.status()).isEqualTo(Verification.LIVE);
        assertThat(v.arn()).isEqualTo("arn:aws:iam::" + account + ":user/old-deploy");
        assertThat(v.lastUsed()).isNotNull();
        assertThat(commercial.received("GetCallerIdentity")).singleElement()
                .satisfies(r -> assertThat(r.keyId()).isEqualTo(id));
        assertThat(commercial.received("GetAccessKeyLastUsed")).singleElement()
                .satisfies(r -> assertThat(r.keyId()).isEqualTo(ownId));
    }

    @Test
    void aGovCloudKeyIsFoundInTheSecondPartition() {
        String id = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        String account = account();
        gov.addUserKey(id, secret, account, "gov-app", "aws-us-gov");

        Verification v = verifier().verify(id, secret, null);

        assertThat(v.status()).isEqualTo(Verification.LIVE);
        assertThat(v.partition()).isEqualTo("aws-us-gov");
        assertThat(v.arn()).startsWith("arn:aws-us-gov:iam::" + account);
        assertThat(commercial.received("GetCallerIdentity")).as("commercial was asked first").hasSize(1);
        assertThat(china.requests()).as("the search stops at the partition that knows the key").isZero();
    }

    @Test
    void throttlingIsRetriedWithBackoffUntilAnAnswer() {
        String id = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        commercial.addUserKey(id, secret, account(), "busy", "aws");
        commercial.throttleNext(2);

        Verification v = verifier().verify(id, secret, null);

        assertThat(v.status()).isEqualTo(Verification.LIVE);
        assertThat(commercial.requests()).isEqualTo(3);
    }

    @Test
    void throttlingThatNeverEndsIsUnverifiedNeverInvalid() {
        String id = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        commercial.addUserKey(id, secret, account(), "busy", "aws");
        commercial.throttleNext(1000);

        Verification v = verifier().verify(id, secret, null);

        assertThat(v.status()).isEqualTo(Verification.UNVERIFIED);
        assertThat(v.reason()).contains("aws: throttled after 3 attempts");
        assertThat(commercial.requests()).as("bounded by maxAttempts").isEqualTo(3);
    }

    @Test
    void aServerErrorIsRetriedAndOneThatPersistsIsUnverified() {
        String id = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        commercial.addUserKey(id, secret, account(), "flaky", "aws");
        commercial.failNext(1);
        assertThat(verifier().verify(id, secret, null).status()).isEqualTo(Verification.LIVE);

        String other = TestKeys.keyId(random, "AKIA");
        commercial.addUserKey(other, secret, account(), "down", "aws");
        commercial.failNext(100);
        Verification v = verifier().verify(other, secret, null);
        assertThat(v.status()).isEqualTo(Verification.UNVERIFIED);
        assertThat(v.reason()).contains("HTTP 500").contains("InternalFailure").contains("after 3 attempts");
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void aServerThatNeverAnswersTimesOutQuicklyAndIsUnverified() {
        String id = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        commercial.addUserKey(id, secret, account(), "slow", "aws");
        commercial.hang();
        long start = System.nanoTime();

        Verification v = keep(builder().timeout(Duration.ofMillis(500)).build()).verify(id, secret, null);

        assertThat(v.status()).isEqualTo(Verification.UNVERIFIED);
        assertThat(v.reason()).contains("aws: timeout").contains("unknown key in aws-us-gov, aws-cn");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anEndpointThatRefusesConnectionsIsANetworkErrorNotInvalid() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port);
        Verifier v = keep(Verifier.builder().stsEndpoint(closed).iamEndpoint(closed)
                .timeout(Duration.ofMillis(500)).build());

        Verification r = v.verify(TestKeys.keyId(random, "AKIA"), TestKeys.secret(random), null);

        assertThat(r.status()).isEqualTo(Verification.UNVERIFIED);
        assertThat(r.reason()).contains("network error");
    }

    @Test
    void aCanaryPairIsNeverSent() {
        CanaryAccounts canaries = CanaryAccounts.builtIn();
        for (String account : List.of("052310077262", "595918472158", "044858866125")) {
            assertThat(canaries.contains(account)).isTrue();
            String id = AccountKeys.keyIdFor(random, "AKIA", account);
            String secret = TestKeys.secret(random);
            // Even a stand-in that would say "live" must hear nothing.
            commercial.addUserKey(id, secret, account, "canarytokens.com@@x", "aws");

            Verification v = verifier().verify(id, secret, null);

            assertThat(v.status()).isEqualTo(Verification.CANARY);
            assertThat(v.account()).isEqualTo(account);
            assertThat(v.reason()).contains("nothing was sent");
        }
        assertThat(allRequests()).isZero();
    }

    @Test
    void accountsTheCallerAddsAreCanariesToo() {
        String mine = account();
        String id = AccountKeys.keyIdFor(random, "ASIA", mine);
        Verifier v = keep(builder().canaries(CanaryAccounts.builtIn().with(java.util.Set.of(mine), "our own"))
                .build());
        assertThat(v.verify(id, TestKeys.secret(random), TestKeys.sessionToken(random, 300)).status())
                .isEqualTo(Verification.CANARY);
        assertThat(allRequests()).isZero();
    }

    @Test
    void eachPairIsSentOncePerVerifierEvenFromManyThreads() throws Exception {
        String id = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        commercial.addUserKey(id, secret, account(), "popular", "aws");
        commercial.delay(100);
        Verifier v = verifier();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Verification>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(pool.submit(() -> v.verify(id, secret, null)));
            }
            for (Future<Verification> f : all) {
                assertThat(f.get().status()).isEqualTo(Verification.LIVE);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(commercial.requests()).isEqualTo(1);
    }

    @Test
    void atMostMaxInFlightRequestsAtOnce() throws Exception {
        commercial.delay(150);
        Verifier v = keep(builder().maxInFlight(2).build());
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = TestKeys.keyId(random, "AKIA");
            String secret = TestKeys.secret(random);
            commercial.addUserKey(id, secret, account(), "u" + i, "aws");
            pairs.add(new String[] {id, secret});
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Verification>> all = new ArrayList<>();
            for (String[] p : pairs) {
                all.add(pool.submit(() -> v.verify(p[0], p[1], null)));
            }
            for (Future<Verification> f : all) {
                assertThat(f.get().status()).isEqualTo(Verification.LIVE);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(commercial.requests()).isEqualTo(8);
        assertThat(commercial.maxInFlight()).isBetween(1, 2);
    }

    @Test
    void theDeepLookListsAUsersPoliciesAndGroupsAndLastUseAndMarksDenialsUnknown() {
        String id = TestKeys.keyId(random, "AKIA");
        String secret = TestKeys.secret(random);
        String account = account();
        commercial.addUserKey(id, secret, account, "deploy", "aws");
        commercial.attach("user:deploy", "AmazonS3FullAccess");
        commercial.inline("user:deploy", "push-images");
        commercial.addToGroup("deploy", "ops");
        commercial.attach("group:ops", "ReadOnlyAccess");
        commercial.inline("group:ops", "pager");
        commercial.deny("ListGroupPolicies");
        String ownId = TestKeys.keyId(random, "AKIA");
        String ownSecret = TestKeys.secret(random);
        commercial.addUserKey(ownId, ownSecret, account, "security-admin", "aws");

        Verification v = keep(builder().deep(true).ownCredentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ownId, ownSecret))).build()).verify(id, secret, null);

        assertThat(v.status()).isEqualTo(Verification.LIVE);
        assertThat(v.policies()).containsExactly("attached:AmazonS3FullAccess", "inline:push-images",
                "group:ops/attached:ReadOnlyAccess");
        assertThat(v.groups()).containsExactly("ops");
        assertThat(v.unknown()).containsExactly("ListGroupPolicies(ops): AccessDenied");
        assertThat(v.lastUsed()).isEqualTo("2026-11-28T10:15:00Z in us-east-1 by s3");
        assertThat(commercial.received("GetAccessKeyLastUsed")).singleElement()
                .satisfies(r -> assertThat(r.keyId()).as("signed with the caller's own key").isEqualTo(ownId));
        assertThat(commercial.received().stream().filter(r -> r.action().startsWith("List")))
                .allSatisfy(r -> assertThat(r.keyId()).isEqualTo(id));
        assertThat(commercial.received().stream().map(AwsStandIn.Received::action))
                .allMatch(a -> a.startsWith("List") || a.startsWith("Get"), "read-only calls only");
    }

    @Test
    void theDeepLookAtARoleSessionListsTheRolesPoliciesAndLastUseIsUnknownWithoutOwnCredentials() {
        String id = TestKeys.keyId(random, "ASIA");
        String secret = TestKeys.secret(random);
        String token = TestKeys.sessionToken(random, 300);
        commercial.addSessionKey(id, secret, token, account(), "builder", "aws");
        commercial.attach("role:builder", "PowerUserAccess");
        commercial.deny("ListRolePolicies");

        Verification v = keep(builder().deep(true).build()).verify(id, secret, token);

        assertThat(v.policies()).containsExactly("attached:PowerUserAccess");
        assertThat(v.unknown()).contains("ListRolePolicies: AccessDenied");
        assertThat(v.lastUsed()).isNull();
    }

    @Test
    void accountOfAsksStsWithTheCallersOwnCredentials() {
        String leaked = TestKeys.legacyKeyId(random, "AKIA");
        String account = account();
        commercial.addUserKey(leaked, TestKeys.secret(random), account, "someone", "aws");
        String ownId = TestKeys.keyId(random, "AKIA");
        String ownSecret = TestKeys.secret(random);
        commercial.addUserKey(ownId, ownSecret, account(), "me", "aws");
        Verifier v = keep(builder().ownCredentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ownId, ownSecret))).build());

        assertThat(v.accountOf(leaked)).isEqualTo(account);
        assertThat(commercial.received("GetAccessKeyInfo")).singleElement()
                .satisfies(r -> assertThat(r.keyId()).isEqualTo(ownId));
        assertThatThrownBy(() -> keep(builder().build()).accountOf(leaked)).isInstanceOf(VerifyException.class)
                .hasMessageContaining("no AWS credentials of your own");
    }

    @Test
    void conflictingSettingsFailAtBuild() {
        assertThatThrownBy(() -> builder().stsEndpoint(URI.create("http://127.0.0.1:1")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stsEndpoint and partitions");
        assertThatThrownBy(() -> Verifier.builder().maxInFlight(0)).hasMessageContaining("maxInFlight");
    }
}
