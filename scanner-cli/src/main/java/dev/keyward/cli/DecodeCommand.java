package dev.keyward.cli;

import dev.keyward.finding.AwsKeyId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keyward decode}: what an AWS key ID says about itself, offline. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Tells what kind of AWS ID each KEYID is (from its prefix) and which AWS account it belongs "
                + "to (decoded offline, without calling AWS), or why the account cannot be decoded.",
            "Legacy IDs (fifth character I or J, such as AKIAI... or AKIAJ...) do not encode their account."},
        footer = {"", "Exit codes: 0 every argument is an AWS ID, 2 some argument is not.",
            "", "Examples:",
            "  keyward decode AKIAYVP4CIPPERUVIFXG",
            "  keyward decode ASIA... AIDA... AROA..."})
final class DecodeCommand implements Callable<Integer> {

    @ParentCommand
    KeywardCommand parent;

    @Parameters(paramLabel = "KEYID", arity = "1..*",
            description = "20-character AWS IDs: access keys (AKIA, ASIA, ABIA, ACCA) or IAM unique IDs "
                    + "(AIDA, AROA, AGPA, ...).")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() {
        Main.Io io = parent.io;
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
        }
        io.out.flush();
        return code;
    }
}
