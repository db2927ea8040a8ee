package dev.keyward.verify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Builds the SDK clients keyward uses: one HTTP client, no SDK retries (we retry ourselves), bounded timeouts. */
final class Clients {

    /** A client-level provider that refuses: every keyward request names its own credentials. */
    static final AwsCredentialsProvider NONE = () -> {
        throw new IllegalStateException("no credentials given for this request");
    };

    private Clients() {
    }

    /**
     * The HTTP client. The standard proxy settings ({@code HTTPS_PROXY}, {@code NO_PROXY}, {@code https.proxyHost},
     * ...) are honoured, except for loopback endpoints (the test stand-ins), which are always reached directly.
     */
    static SdkHttpClient http(Duration timeout, Collection<URI> endpoints) {
        UrlConnectionHttpClient.Builder b = UrlConnectionHttpClient.builder()
                .connectionTimeout(timeout)
                .socketTimeout(timeout);
        if (endpoints.stream().allMatch(Clients::loopback)) {
            b.proxyConfiguration(p -> p.useSystemPropertyValues(false).useEnvironmentVariablesValues(false));
        } else {
            b.proxyConfiguration(p -> p.useSystemPropertyValues(true).useEnvironmentVariablesValues(true));
        }
        return b.build();
    }

    static ClientOverrideConfiguration override(Duration timeout) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(timeout.multipliedBy(2))
                .apiCallTimeout(timeout.multipliedBy(3))
                .build();
    }

    static StsClient sts(SdkHttpClient http, Duration timeout, String region, URI endpoint) {
        return StsClient.builder().httpClient(http).overrideConfiguration(override(timeout))
                .region(Region.of(region)).endpointOverride(endpoint).credentialsProvider(NONE).build();
    }

    static IamClient iam(SdkHttpClient http, Duration timeout, String region, URI endpoint) {
        return IamClient.builder().httpClient(http).overrideConfiguration(override(timeout))
                .region(Region.of(region)).endpointOverride(endpoint).credentialsProvider(NONE).build();
    }

    /** Null when the provider gives credentials, else why not (without any credential in the text). */
    static String unloadable(AwsCredentialsProvider provider) {
        try {
            provider.resolveCredentials();
            return null;
        } catch (RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (m.startsWith("Unable to load credentials from any of the providers")) {
                m = "none found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give --profile "
                        + "or --credentials-file";
            } else if (m.length() > 200) {
                m = m.substring(0, 200) + "..."; // the SDK's messages name providers and files, never a credential
            }
            return "your own AWS credentials could not be loaded (" + m + ")";
        }
    }

    static boolean loopback(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?")) {
            return false; // never resolve a name here: only literal addresses count
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
