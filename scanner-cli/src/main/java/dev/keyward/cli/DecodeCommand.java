package dev.keyward.cli;

import dev.keyward.finding.AwsKeyId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import dev.keyward.verify.Verifier;
import dev.keyward.verify.VerifyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keyward decode}: what an AWS key ID says about itself, offline. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Tells what kind of AWS ID each KEYID is (from its prefix) and which AWS account it belongs "
                + "to (decoded offline, without calling AWS), or why the account cannot be decoded.",
            "Legacy IDs (fifth character I or J, such as AKIAI... or AKIAJ...) do not encode their account.",
            "With --online, access key IDs are also looked up with STS GetAccessKeyInfo, signed with your own AWS "
                + "credentials (never with a leaked key), which names the account of legacy IDs too."},
        footer = {"", "Exit codes: 0 every argument is an AWS ID (and, with --online, was looked up), 2 some "
                + "argument is not (or the look-up failed).",
            "", "Examples:",
            "  keyward decode AKIAYVP4CIPPERUVIFXG",
            "  keyward decode ASIA... AIDA... AROA...",
            "  keyward decode --online --profile security AKIAJ..."})
final class DecodeCommand implements Callable<Integer> {

    @ParentCommand
    KeywardCommand parent;

    @Parameters(paramLabel = "KEYID", arity = "1..*",
            description = "20-character AWS IDs: access keys (AKIA, ASIA, ABIA, ACCA) or IAM unique IDs "
                    + "(AIDA, AROA, AGPA, ...).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--online",
            description = "Also ask STS GetAccessKeyInfo for the account of each access key ID, with your own AWS "
                    + "credentials (see --profile); the leaked key is never used.")
    boolean online;

    @Mixin
    AwsMixin aws;

    @Override
    public Integer call() {
        Main.Io io = parent.io;
        if (!online) {
            return decode(io, null);
        }
        try (Verifier verifier = aws.verifier().ownCredentials(aws.own()).build()) {
            return decode(io, verifier);
        }
    }

    private int decode(Main.Io io, Verifier online) {
        int code = Main.EXIT_CLEAN;
        for (String raw : ids) {
            String text = raw.trim().toUpperCase(Locale.ROOT);
            Optional<AwsKeyId> parsed = AwsKeyId.parse(text);
            if (parsed.isEmpty()) {
                io.err.println("keyward: '" + raw + "' is not an AWS ID (20 characters: a known prefix such as "
                        + "AKIA or ASIA, then 16 upper-case letters or digits)");
                code = Main.EXIT_ERROR;
                continue;
            }
            AwsKeyId id = parsed.get();
            io.out.println(id.id());
            io.out.println("  type     " + id.type() + " (" + id.prefix() + ", "
                    + (id.credential() ? "a credential" : "an identifier, not a credential") + ")");
            if (id.accountId() != null) {
                io.out.println("  account  " + id.accountId());
            } else {
                io.out.println("  account  unknown: " + id.note());
            }
            if (online != null && id.credential()) {
                try {
                    String account = online.accountOf(id.id());
                    io.out.println("  account  " + account + " (STS GetAccessKeyInfo)"
                            + (id.accountId() != null && !id.accountId().equals(account)
                            ? ": differs from the decoded one" : ""));
                } catch (VerifyException e) {
                    io.out.println("  account  not looked up: " + e.getMessage());
                    code = Main.EXIT_ERROR;
                }
            }
        }
        io.out.flush();
        return code;
    }
}
