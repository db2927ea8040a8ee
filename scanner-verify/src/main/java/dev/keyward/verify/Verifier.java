package dev.keyward.verify;

import dev.keyward.finding.AwsKeyId;
import dev.keyward.finding.Verification;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Checks AWS credentials with STS {@code GetCallerIdentity}, partition by partition, and optionally looks at what a
 * live key can do. Built once per run with {@link #builder()}; immutable in its settings and thread-safe. It keeps
 * one memo: each key ID + secret (+ token) is sent at most once for the verifier's life, keyed by a SHA-256 of the
 * three, never by the secret itself.
 *
 * <p>What is sent where: nothing for a key whose decoded account is a known canary-token account (see
 * {@link CanaryAccounts}), nor for a key without its secret, nor for a temporary key without its session token.
 * Otherwise one signed {@code GetCallerIdentity} per partition (commercial, GovCloud, China, in that order) until
 * one recognises the key; in deep mode, read-only IAM list calls signed with the leaked key, and
 * {@code GetAccessKeyLastUsed} signed with the caller's own credentials. Nothing is logged; secrets appear in no
 * result or message.
 *
 * <p>An error is never {@code invalid}: only every partition answering {@code InvalidClientTokenId} is.
 */
public final class Verifier implements AutoCloseable {

    /** At most this many pages of one IAM list. */
    private static final int MAX_PAGES = 20;
    /** At most this many groups of a user are looked into. */
    private static final int MAX_GROUPS = 50;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    private final List<Partition> partitions;
    private final boolean endpointOverridden;
    private final boolean deep;
    private final CanaryAccounts canaries;
    private final AwsCredentialsProvider own;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration timeout;
    private final Semaphore inFlight;
    private final SdkHttpClient http;
    private final Map<String, StsClient> sts = new LinkedHashMap<>();
    private final Map<String, IamClient> iam = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Verification>> done = new ConcurrentHashMap<>();

    private Verifier(Builder b) {
        this.partitions = b.partitions;
        this.endpointOverridden = b.stsEndpoint != null;
        this.deep = b.deep;
        this.canaries = b.canaries;
        this.own = b.own;
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.timeout = b.timeout;
        this.inFlight = new Semaphore(b.maxInFlight, true);
        List<URI> endpoints = new ArrayList<>();
        for (Partition p : partitions) {
            endpoints.add(p.sts());
            endpoints.add(p.iam());
        }
        this.http = Clients.http(timeout, endpoints);
        for (Partition p : partitions) {
            sts.put(p.id(), Clients.sts(http, timeout, p.region(), p.sts()));
            iam.put(p.id(), Clients.iam(http, timeout, p.region(), p.iam()));
        }
    }

    /** A builder with the defaults: AWS's endpoints, 5 s timeout, 4 requests in flight, 4 attempts, not deep. */
    public static Builder builder() {
        return new Builder();
    }

    /** The partitions tried, in order. */
    public List<Partition> partitions() {
        return partitions;
    }

    /** True when this verifier takes the deep look at live keys. */
    public boolean deep() {
        return deep;
    }

    /**
     * Checks one credential. Never throws for what AWS or the network does: that becomes a status.
     *
     * @param keyId        the access key ID ({@code AKIA...}, {@code ASIA...}, or {@code A3T...}, checked as a
     *                     long-term key; its account cannot be decoded, so it cannot be told a canary offline)
     * @param secret       its secret access key, or null when none was found beside it
     * @param sessionToken the session token of an {@code ASIA} key, or null
     */
    public Verification verify(String keyId, String secret, String sessionToken) {
        Objects.requireNonNull(keyId, "keyId");
        String id = keyId.trim();
        AwsKeyId parsed = AwsKeyId.parse(id).orElse(null);
        if (parsed == null) {
            return Verification.unverified(null, "not an AWS access key ID");
        }
        String account = parsed.accountId();
        if (canaries.contains(account)) {
            return new Verification(Verification.CANARY, null, account, null, null, "account " + account
                    + " holds canary tokens (" + canaries.service(account) + "): nothing was sent, since any "
                    + "request with this key would set the canary off");
        }
        if (!longTerm(id) && !parsed.prefix().equals("ASIA")) {
            return Verification.unverified(account, parsed.prefix() + " credentials are not checked with STS");
        }
        if (secret == null || secret.isBlank()) {
            return Verification.unverified(account, "no secret beside the key ID");
        }
        String token = parsed.prefix().equals("ASIA") ? blankToNull(sessionToken) : null;
        if (parsed.prefix().equals("ASIA") && token == null) {
            return Verification.unverified(account, "a temporary (ASIA) key needs its session token, and none "
                    + "stands beside it");
        }
        String memo = digest(id, secret.trim(), token);
        CompletableFuture<Verification> mine = new CompletableFuture<>();
        CompletableFuture<Verification> earlier = done.putIfAbsent(memo, mine);
        if (earlier != null) {
            return earlier.join();
        }
        try {
            mine.complete(check(id, secret.trim(), token, account));
        } catch (RuntimeException e) {
            // Not expected; still never a verdict, and never a message that could hold the secret.
            mine.complete(Verification.unverified(account, "internal error (" + e.getClass().getSimpleName() + ")"));
        }
        return mine.join();
    }

    /**
     * The account that owns an access key ID, asked of STS {@code GetAccessKeyInfo} with the caller's own
     * credentials (never with a leaked key), through the first partition's endpoint.
     *
     * @throws VerifyException when no own credentials were given, or STS did not answer with an account
     */
    public String accountOf(String keyId) {
        if (own == null) {
            throw new VerifyException("no AWS credentials of your own to ask with (the SDK's default chain: "
                    + "AWS_PROFILE, AWS_ACCESS_KEY_ID, ~/.aws/credentials, ...)");
        }
        String unloadable = Clients.unloadable(own);
        if (unloadable != null) {
            throw new VerifyException(unloadable);
        }
        Partition p = partitions.get(0);
        Answer<String> a = call(() -> sts.get(p.id()).getAccessKeyInfo(r -> r.accessKeyId(keyId)
                .overrideConfiguration(o -> o.credentialsProvider(own))).account());
        if (a.value != null) {
            return a.value;
        }
        throw new VerifyException(a.problem != null ? a.problem : "STS answered " + a.code);
    }

    private Verification check(String id, String secret, String token, String account) {
        AwsCredentialsProvider leaked = StaticCredentialsProvider.create(token == null
                ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
        List<String> unknownIn = new ArrayList<>();
        List<String> notAsked = new ArrayList<>();
        for (Partition p : partitions) {
            Answer<GetCallerIdentityResponse> a = call(() -> sts.get(p.id()).getCallerIdentity(r -> r
                    .overrideConfiguration(o -> o.credentialsProvider(leaked))));
            if (a.value != null) {
                GetCallerIdentityResponse r = a.value;
                // Behind --sts-endpoint the ARN is the only word on the partition.
                String partition = endpointOverridden ? Partition.ofArn(r.arn()) : p.id();
                Verification live = Verification.live(r.arn(), r.account(), r.userId(), partition);
                return deep ? deepLook(live, p, leaked, id) : live;
            }
            if (a.problem != null) {
                notAsked.add(p.id() + ": " + a.problem);
                continue;
            }
            String where = endpointOverridden ? null : p.id();
            switch (a.code) {
                case "InvalidClientTokenId":
                    unknownIn.add(p.id());
                    continue;
                case "SignatureDoesNotMatch":
                    return new Verification(Verification.WRONG_SECRET, null, account, null, where,
                            "the key ID is known" + (where == null ? "" : " in " + where)
                                    + ", but the secret beside it is not its secret (SignatureDoesNotMatch)");
                case "ExpiredToken":
                case "ExpiredTokenException":
                case "RequestExpired":
                    return new Verification(Verification.EXPIRED, null, account, null, where,
                            "the temporary credential has expired (" + a.code + ")");
                default:
                    return Verification.unverified(account, p.id() + " answered " + a.code);
            }
        }
        if (notAsked.isEmpty()) {
            return new Verification(Verification.INVALID, null, account, null, null,
                    "unknown or deactivated key: InvalidClientTokenId in " + String.join(", ", unknownIn));
        }
        String reason = String.join("; ", notAsked);
        if (!unknownIn.isEmpty()) {
            reason += "; unknown key in " + String.join(", ", unknownIn);
        }
        return Verification.unverified(account, reason);
    }

    /** The deep look: read-only calls with the leaked key, and last use with the caller's own credentials. */
    private Verification deepLook(Verification live, Partition p, AwsCredentialsProvider leaked, String keyId) {
        IamClient client = iam.get(p.id());
        List<String> policies = new ArrayList<>();
        List<String> groups = null;
        List<String> unknown = new ArrayList<>();
        String resource = resourceOf(live.arn());
        if (resource.equals("root")) {
            policies.add("root (the account's root user: every permission in the account)");
        } else if (resource.startsWith("user/")) {
            String user = resource.substring(resource.lastIndexOf('/') + 1);
            list("ListAttachedUserPolicies", unknown, policies, "attached:", m -> {
                var r = client.listAttachedUserPolicies(q -> q.userName(user).marker(m)
                        .overrideConfiguration(o -> o.credentialsProvider(leaked)));
                return new Page(r.attachedPolicies().stream().map(x -> x.policyName()).toList(),
                        r.isTruncated() ? r.marker() : null);
            });
            list("ListUserPolicies", unknown, policies, "inline:", m -> {
                var r = client.listUserPolicies(q -> q.userName(user).marker(m)
                        .overrideConfiguration(o -> o.credentialsProvider(leaked)));
                return new Page(r.policyNames(), r.isTruncated() ? r.marker() : null);
            });
            List<String> found = new ArrayList<>();
            if (list("ListGroupsForUser", unknown, found, "", m -> {
                var r = client.listGroupsForUser(q -> q.userName(user).marker(m)
                        .overrideConfiguration(o -> o.credentialsProvider(leaked)));
                return new Page(r.groups().stream().map(x -> x.groupName()).toList(),
                        r.isTruncated() ? r.marker() : null);
            })) {
                groups = found;
            }
            for (String group : found.subList(0, Math.min(found.size(), MAX_GROUPS))) {
                list("ListAttachedGroupPolicies(" + group + ")", unknown, policies, "group:" + group + "/attached:",
                        m -> {
                            var r = client.listAttachedGroupPolicies(q -> q.groupName(group).marker(m)
                                    .overrideConfiguration(o -> o.credentialsProvider(leaked)));
                            return new Page(r.attachedPolicies().stream().map(x -> x.policyName()).toList(),
                                    r.isTruncated() ? r.marker() : null);
                        });
                list("ListGroupPolicies(" + group + ")", unknown, policies, "group:" + group + "/inline:", m -> {
                    var r = client.listGroupPolicies(q -> q.groupName(group).marker(m)
                            .overrideConfiguration(o -> o.credentialsProvider(leaked)));
                    return new Page(r.policyNames(), r.isTruncated() ? r.marker() : null);
                });
            }
        } else if (resource.startsWith("assumed-role/")) {
            String[] parts = resource.split("/");
            String role = parts.length > 1 ? parts[1] : "";
            list("ListAttachedRolePolicies", unknown, policies, "attached:", m -> {
                var r = client.listAttachedRolePolicies(q -> q.roleName(role).marker(m)
                        .overrideConfiguration(o -> o.credentialsProvider(leaked)));
                return new Page(r.attachedPolicies().stream().map(x -> x.policyName()).toList(),
                        r.isTruncated() ? r.marker() : null);
            });
            list("ListRolePolicies", unknown, policies, "inline:", m -> {
                var r = client.listRolePolicies(q -> q.roleName(role).marker(m)
                        .overrideConfiguration(o -> o.credentialsProvider(leaked)));
                return new Page(r.policyNames(), r.isTruncated() ? r.marker() : null);
            });
        } else {
            unknown.add("policies: the identity is neither an IAM user nor an assumed role (" + resource + ")");
            policies = null;
        }
        String lastUsed = null;
        if (!longTerm(keyId)) {
            unknown.add("GetAccessKeyLastUsed: only long-term (AKIA) keys have a last use");
        } else if (own == null) {
            unknown.add("GetAccessKeyLastUsed: no AWS credentials of your own were given");
        } else if (Clients.unloadable(own) != null) {
            unknown.add("GetAccessKeyLastUsed: " + Clients.unloadable(own));
        } else {
            Answer<AccessKeyLastUsed> a = call(() -> client.getAccessKeyLastUsed(q -> q.accessKeyId(keyId)
                    .overrideConfiguration(o -> o.credentialsProvider(own))).accessKeyLastUsed());
            if (a.value != null) {
                lastUsed = describe(a.value);
            } else {
                unknown.add("GetAccessKeyLastUsed: " + (a.problem != null ? a.problem : a.code));
            }
        }
        return live.withDeep(policies, groups, lastUsed, unknown);
    }

    /** Long-term keys: {@code AKIA}, and {@code A3T}, which AWS does not document but tools report as such. */
    private static boolean longTerm(String keyId) {
        return keyId.startsWith("AKIA") || AwsKeyId.isA3t(keyId);
    }

    private static String describe(AccessKeyLastUsed u) {
        if (u.lastUsedDate() == null) {
            return "never";
        }
        return u.lastUsedDate() + " in " + u.region() + " by " + u.serviceName();
    }

    /** The part of an ARN after its fifth colon ({@code user/path/name}, {@code assumed-role/r/s}, {@code root}). */
    static String resourceOf(String arn) {
        if (arn == null) {
            return "";
        }
        int at = -1;
        for (int i = 0; i < 5; i++) {
            at = arn.indexOf(':', at + 1);
            if (at < 0) {
                return "";
            }
        }
        return arn.substring(at + 1);
    }

    private record Page(List<String> items, String next) {
    }

    /** Reads every page of an IAM list into {@code sink}; a refusal or failure goes to {@code unknown}. */
    private boolean list(String op, List<String> unknown, List<String> sink, String prefix,
                         Function<String, Page> fetch) {
        String marker = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String m = marker;
            Answer<Page> a = call(() -> fetch.apply(m));
            if (a.value == null) {
                unknown.add(op + ": " + (a.problem != null ? a.problem : a.code));
                return false;
            }
            a.value.items().forEach(x -> sink.add(prefix + x));
            marker = a.value.next();
            if (marker == null) {
                return true;
            }
        }
        unknown.add(op + ": more than " + MAX_PAGES + " pages; the rest was not read");
        return true;
    }

    /** What one request came to: a value, an AWS error code, or a problem (no usable answer). */
    private record Answer<T>(T value, String code, String problem) {
    }

    /** Sends a request: at most {@code maxInFlight} at once, retried with backoff on throttling and 5xx. */
    private <T> Answer<T> call(Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            String retry;
            try {
                inFlight.acquire();
                try {
                    return new Answer<>(Objects.requireNonNull(request.get()), null, null);
                } finally {
                    inFlight.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer<>(null, null, "interrupted");
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                if (throttling(code, e.statusCode())) {
                    retry = "throttled";
                } else if (e.statusCode() >= 500) {
                    retry = "AWS error (HTTP " + e.statusCode() + (code == null ? "" : ", " + code) + ")";
                } else {
                    return new Answer<>(null, code == null ? "HTTP " + e.statusCode() : code, null);
                }
            } catch (ApiCallAttemptTimeoutException | ApiCallTimeoutException e) {
                return new Answer<>(null, null, "timeout (no answer within " + timeout.toMillis() + " ms)");
            } catch (SdkClientException e) {
                if (causedBy(e, SocketTimeoutException.class)) {
                    return new Answer<>(null, null, "timeout (no answer within " + timeout.toMillis() + " ms)");
                }
                return new Answer<>(null, null, "network error: " + rootMessage(e));
            } catch (SdkException e) {
                return new Answer<>(null, null, "SDK error: " + e.getClass().getSimpleName());
            }
            if (attempt >= maxAttempts) {
                return new Answer<>(null, null, retry + " after " + attempt + " attempts");
            }
            long base = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(attempt - 1, 20));
            long sleep = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer<>(null, null, "interrupted");
            }
        }
    }

    private static boolean throttling(String code, int status) {
        return status == 429 || code != null && (code.equals("Throttling") || code.equals("ThrottlingException")
                || code.equals("RequestLimitExceeded") || code.equals("TooManyRequestsException")
                || code.equals("RequestThrottled") || code.equals("SlowDown"));
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The memo key: a digest of the three values, so no secret is kept as a map key. */
    private static String digest(String id, String secret, String token) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(id.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(secret.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            if (token != null) {
                md.update(token.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sts.values().forEach(StsClient::close);
        iam.values().forEach(IamClient::close);
        http.close();
    }

    /** Settings of a {@link Verifier}; {@link #build()} checks them and fails on a conflict, naming it. */
    public static final class Builder {
        private List<Partition> partitions = Partition.DEFAULTS;
        private boolean partitionsSet;
        private URI stsEndpoint;
        private URI iamEndpoint;
        private boolean deep;
        private CanaryAccounts canaries;
        private AwsCredentialsProvider own;
        private int maxInFlight = 4;
        private int maxAttempts = 4;
        private Duration backoff = Duration.ofMillis(500);
        private Duration timeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * Sends every STS request to this URL instead of AWS's endpoints ({@code --sts-endpoint}, for tests and
         * proxies); requests are signed for us-east-1 and only this one endpoint is tried.
         */
        public Builder stsEndpoint(URI uri) {
            this.stsEndpoint = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** With {@link #stsEndpoint}: where IAM requests go (default: AWS's commercial IAM endpoint). */
        public Builder iamEndpoint(URI uri) {
            this.iamEndpoint = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** For tests: the partitions to try, in order, each with its own endpoints. */
        public Builder partitions(List<Partition> list) {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("at least one partition is needed");
            }
            this.partitions = List.copyOf(list);
            this.partitionsSet = true;
            return this;
        }

        /** Also read what a live key may do (read-only IAM calls) and when it was last used. */
        public Builder deep(boolean on) {
            this.deep = on;
            return this;
        }

        /** The canary-token accounts never sent anything (default: {@link CanaryAccounts#builtIn()}). */
        public Builder canaries(CanaryAccounts list) {
            this.canaries = Objects.requireNonNull(list, "list");
            return this;
        }

        /**
         * The caller's own AWS credentials, for {@link #accountOf} and the last-use look-up; by default none (the
         * CLI passes the SDK's default chain). Never used to check a found key.
         */
        public Builder ownCredentials(AwsCredentialsProvider provider) {
            this.own = provider;
            return this;
        }

        /** Requests in flight at once, 1 to 16 (default 4). */
        public Builder maxInFlight(int n) {
            if (n < 1 || n > 16) {
                throw new IllegalArgumentException("maxInFlight must be 1 to 16, got " + n);
            }
            this.maxInFlight = n;
            return this;
        }

        /** Attempts per request when AWS throttles or fails (5xx), 1 to 10 (default 4). */
        public Builder maxAttempts(int n) {
            if (n < 1 || n > 10) {
                throw new IllegalArgumentException("maxAttempts must be 1 to 10, got " + n);
            }
            this.maxAttempts = n;
            return this;
        }

        /** The first wait before a retry (default 500 ms); doubled after each, at most 8 s, with jitter. */
        public Builder backoff(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("backoff must not be negative");
            }
            this.backoff = d;
            return this;
        }

        /** Connect and read timeout of each attempt (default 5 s). */
        public Builder timeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = d;
            return this;
        }

        public Verifier build() {
            if (stsEndpoint != null && partitionsSet) {
                throw new IllegalStateException("stsEndpoint and partitions both set: give one");
            }
            if (iamEndpoint != null && stsEndpoint == null) {
                throw new IllegalStateException("iamEndpoint needs stsEndpoint (or give partitions)");
            }
            if (stsEndpoint != null) {
                partitions = List.of(new Partition("aws", "us-east-1", stsEndpoint,
                        iamEndpoint != null ? iamEndpoint : Partition.AWS.iam()));
            }
            if (canaries == null) {
                canaries = CanaryAccounts.builtIn();
            }
            return new Verifier(this);
        }
    }
}
