package dev.keyward.verify;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An AWS partition as the verifier sees it: its id, the region requests are signed for, and its STS and IAM
 * endpoints. The defaults are AWS's own HTTPS endpoints; other values are for tests and proxies.
 *
 * @param id     {@code aws}, {@code aws-us-gov}, {@code aws-cn}, or a name of the caller's
 * @param region the region requests are signed for
 * @param sts    the STS endpoint
 * @param iam    the IAM endpoint
 */
public record Partition(String id, String region, URI sts, URI iam) {

    /** Commercial AWS: the global STS endpoint, signed for us-east-1. */
    public static final Partition AWS = new Partition("aws", "us-east-1",
            URI.create("https://sts.amazonaws.com"), URI.create("https://iam.amazonaws.com"));
    /** AWS GovCloud (US). */
    public static final Partition AWS_US_GOV = new Partition("aws-us-gov", "us-gov-west-1",
            URI.create("https://sts.us-gov-west-1.amazonaws.com"), URI.create("https://iam.us-gov.amazonaws.com"));
    /** AWS China. */
    public static final Partition AWS_CN = new Partition("aws-cn", "cn-north-1",
            URI.create("https://sts.cn-north-1.amazonaws.com.cn"),
            URI.create("https://iam.cn-north-1.amazonaws.com.cn"));

    /** The order keys are tried in: commercial, GovCloud, China. */
    public static final List<Partition> DEFAULTS = List.of(AWS, AWS_US_GOV, AWS_CN);

    public Partition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(sts, "sts");
        Objects.requireNonNull(iam, "iam");
    }

    /** The same partition with other endpoints (for tests). */
    public Partition at(URI newSts, URI newIam) {
        return new Partition(id, region, newSts, newIam);
    }

    /** The partition named in an ARN ({@code arn:PARTITION:...}), or null. */
    static String ofArn(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        int end = arn.indexOf(':', 4);
        return end > 4 ? arn.substring(4, end) : null;
    }
}
