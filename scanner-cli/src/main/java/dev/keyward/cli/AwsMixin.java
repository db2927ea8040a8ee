package dev.keyward.cli;

import dev.keyward.verify.Partition;
import dev.keyward.verify.Verifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The options of the commands that talk to AWS: the user's own credentials (never a leaked key's), the partition,
 * and endpoint overrides for tests and proxies.
 */
final class AwsMixin {

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Your own AWS credentials from this profile (default: the SDK's default chain: "
                    + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws/credentials, SSO, ...).")
    String profile;

    @Option(names = "--credentials-file", paramLabel = "FILE",
            description = "Read your own AWS credentials from this file (AWS credentials-file format; the "
                    + "profile named by --profile, or 'default').")
    Path credentialsFile;

    @Option(names = "--partition", paramLabel = "ID", defaultValue = "aws",
            description = "The AWS partition of your own credentials: aws (default), aws-us-gov or aws-cn.")
    String partition;

    @Option(names = "--sts-endpoint", paramLabel = "URL",
            description = "For tests and proxies: send every STS request to this URL instead of AWS's endpoints.")
    URI stsEndpoint;

    @Option(names = "--iam-endpoint", paramLabel = "URL",
            description = "For tests and proxies: send every IAM request to this URL instead of AWS's endpoint.")
    URI iamEndpoint;

    /** The user's own credentials, as the options name them. */
    AwsCredentialsProvider own() {
        if (credentialsFile != null) {
            if (!Files.isRegularFile(credentialsFile)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--credentials-file " + credentialsFile + ": no such file");
            }
            ProfileFile file = ProfileFile.builder().content(credentialsFile).type(ProfileFile.Type.CREDENTIALS)
                    .build();
            return ProfileCredentialsProvider.builder().profileFile(file)
                    .profileName(profile == null ? "default" : profile).build();
        }
        if (profile != null) {
            return ProfileCredentialsProvider.builder().profileName(profile).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** The partition named by --partition, with --sts-endpoint / --iam-endpoint applied. */
    Partition partition() {
        Partition p = switch (partition) {
            case "aws" -> Partition.AWS;
            case "aws-us-gov" -> Partition.AWS_US_GOV;
            case "aws-cn" -> Partition.AWS_CN;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--partition must be aws, aws-us-gov or aws-cn, not '" + partition + "'");
        };
        return p.at(stsEndpoint != null ? stsEndpoint : p.sts(), iamEndpoint != null ? iamEndpoint : p.iam());
    }

    /** A verifier builder for these options: every partition, the chosen one first, or the one --sts-endpoint. */
    Verifier.Builder verifier() {
        Verifier.Builder b = Verifier.builder();
        if (stsEndpoint != null) {
            b.stsEndpoint(stsEndpoint);
            if (iamEndpoint != null) {
                b.iamEndpoint(iamEndpoint);
            }
            return b;
        }
        Partition first = partition();
        List<Partition> order = new ArrayList<>(List.of(first));
        for (Partition p : Partition.DEFAULTS) {
            if (!p.id().equals(first.id())) {
                order.add(p);
            }
        }
        return b.partitions(order);
    }
}
