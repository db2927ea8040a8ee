package dev.keyward.verify;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * The first response to a leaked key, through IAM: deactivate a long-term key ({@code UpdateAccessKey} to
 * {@code Inactive}; never delete), or attach the deny-older-sessions policy to a role for temporary keys. Each call
 * is one request, made only when called; thread-safe.
 */
public final class Revoker implements AutoCloseable {

    /** The inline policy name the IAM console uses for "revoke active sessions". */
    public static final String REVOKE_POLICY_NAME = "AWSRevokeOlderSessions";

    private final SdkHttpClient http;
    private final IamClient iam;
    private final Partition partition;

    private Revoker(Partition partition, Duration timeout) {
        this.partition = partition;
        this.http = Clients.http(timeout, List.of(partition.iam()));
        this.iam = Clients.iam(http, timeout, partition.region(), partition.iam());
    }

    /** A revoker for the partition (its IAM endpoint; give {@link Partition#at} a stand-in's for tests). */
    public static Revoker create(Partition partition, Duration timeout) {
        return new Revoker(Objects.requireNonNull(partition, "partition"), timeout);
    }

    public Partition partition() {
        return partition;
    }

    /**
     * The IAM user that owns a long-term key, asked with the caller's own credentials
     * ({@code GetAccessKeyLastUsed}, read-only).
     */
    public String ownerOf(String keyId, AwsCredentialsProvider own) {
        return call("GetAccessKeyLastUsed", own, () -> iam.getAccessKeyLastUsed(r -> r.accessKeyId(keyId)
                .overrideConfiguration(o -> o.credentialsProvider(own))).userName());
    }

    /**
     * Sets a long-term key to {@code Inactive}. With the caller's own credentials name the key's user; with the
     * leaked key itself pass a null user (IAM takes the signer's).
     */
    public void deactivate(String keyId, String userName, AwsCredentialsProvider credentials) {
        call("UpdateAccessKey", credentials, () -> iam.updateAccessKey(r -> {
            r.accessKeyId(keyId).status(StatusType.INACTIVE)
                    .overrideConfiguration(o -> o.credentialsProvider(credentials));
            if (userName != null) {
                r.userName(userName);
            }
        }));
    }

    /** Attaches (or replaces) an inline policy of a role. */
    public void putRolePolicy(String role, String policyName, String document, AwsCredentialsProvider own) {
        call("PutRolePolicy", own, () -> iam.putRolePolicy(r -> r.roleName(role).policyName(policyName)
                .policyDocument(document).overrideConfiguration(o -> o.credentialsProvider(own))));
    }

    /**
     * The policy the IAM console attaches to "revoke active sessions": deny everything to sessions whose
     * credentials were issued before {@code before} (truncated to the second).
     */
    public static String denyOlderSessionsPolicy(Instant before) {
        String at = before.truncatedTo(ChronoUnit.SECONDS).toString();
        return "{\n"
                + "  \"Version\": \"2012-10-17\",\n"
                + "  \"Statement\": [\n"
                + "    {\n"
                + "      \"Effect\": \"Deny\",\n"
                + "      \"Action\": [\"*\"],\n"
                + "      \"Resource\": [\"*\"],\n"
                + "      \"Condition\": {\n"
                + "        \"DateLessThan\": {\"aws:TokenIssueTime\": \"" + at + "\"}\n"
                + "      }\n"
                + "    }\n"
                + "  ]\n"
                + "}\n";
    }

    private <T> T call(String op, AwsCredentialsProvider credentials, Supplier<T> request) {
        String unloadable = Clients.unloadable(credentials);
        if (unloadable != null) {
            throw new VerifyException("cannot send " + op + ": " + unloadable);
        }
        try {
            return request.get();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            String msg = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
            throw new VerifyException("IAM refused " + op + ": " + code + (msg == null ? "" : " (" + msg + ")"));
        } catch (SdkException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof SocketTimeoutException) {
                    throw new VerifyException("IAM did not answer " + op + " in time");
                }
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new VerifyException("could not send " + op + " to IAM: " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : " (" + root.getMessage() + ")"));
        }
    }

    @Override
    public void close() {
        iam.close();
        http.close();
    }
}
