package dev.keyward.cli;

import dev.keyward.finding.AwsKeyId;
import dev.keyward.verify.CanaryAccounts;
import dev.keyward.verify.Partition;
import dev.keyward.verify.Revoker;
import dev.keyward.verify.VerifyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** {@code keyward revoke}: the first response to a leaked key, after a confirmation. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"The first response to a leaked AWS key.",
            "AKIA (long-term) or A3T key: deactivates it (IAM UpdateAccessKey, Status=Inactive) with your own AWS "
                + "credentials, or with the leaked key itself (--with-leaked-key). It is never deleted.",
            "ASIA (temporary) key: such keys cannot be deactivated; writes the policy that denies every session "
                + "of a role issued before now (what the IAM console's \"revoke active sessions\" attaches), and "
                + "with --apply --role NAME attaches it to the role (IAM PutRolePolicy).",
            "Says exactly what it will send, and asks before sending anything (even the read-only look-up of the "
                + "key's user) unless --yes; no answer is no. "
                + "Then prints the next steps with the key's values filled in."},
        footer = {"", "Exit codes: 0 done (or the policy written), 1 not confirmed or nothing to do (nothing changed), "
                + "2 usage error or AWS refused.",
            "", "Examples:",
            "  keyward revoke AKIA...                      # asks, then deactivates it with your credentials",
            "  keyward revoke --with-leaked-key --secret-file leaked.txt AKIA...",
            "  keyward revoke ASIA... -o revoke-policy.json",
            "  keyward revoke ASIA... --apply --role build-runner"})
final class RevokeCommand implements Callable<Integer> {

    static final int EXIT_DONE = 0;
    static final int EXIT_NOT_DONE = 1;

    @ParentCommand
    KeywardCommand parent;

    @Parameters(paramLabel = "KEYID", description = "The leaked access key ID (AKIA..., A3T... or ASIA...).")
    String keyId;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--with-leaked-key",
            description = "AKIA: sign the UpdateAccessKey with the leaked key itself (its secret from "
                    + "--secret-file), for a key of an account you cannot reach with your own credentials.")
    boolean withLeakedKey;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "With --with-leaked-key: a file holding the leaked secret access key (not an option "
                    + "value, so it stays out of the shell history and the process list).")
    Path secretFile;

    @Option(names = "--user", paramLabel = "NAME",
            description = "AKIA: the IAM user owning the key (default: asked of IAM with GetAccessKeyLastUsed, "
                    + "read-only, after you confirm).")
    String user;

    @Option(names = "--apply", description = "ASIA: attach the policy to the role named by --role.")
    boolean apply;

    @Option(names = "--role", paramLabel = "NAME", description = "ASIA: the role whose sessions to revoke.")
    String role;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "ASIA: write the policy to FILE instead of standard output.")
    Path output;

    @Mixin
    AwsMixin aws;

    @Override
    public Integer call() throws IOException {
        Main.Io io = parent.io;
        String id = keyId.trim().toUpperCase(Locale.ROOT);
        Optional<AwsKeyId> parsed = AwsKeyId.parse(id);
        if (parsed.isEmpty() || !(longTermId(id) || id.startsWith("ASIA"))) {
            io.err.println("keyward: '" + keyId + "' is not an AKIA, A3T or ASIA access key ID");
            return Main.EXIT_ERROR;
        }
        String account = parsed.get().accountId();
        Partition partition = aws.partition();
        CanaryAccounts canaries = CanaryAccounts.builtIn();
        if (canaries.contains(account)) {
            io.out.println(id + " belongs to account " + account + ", which holds canary tokens ("
                    + canaries.service(account) + "). It is bait planted by whoever runs that canary, not a key to "
                    + "revoke, and any request signed with it sets the canary off. Nothing was sent.");
            io.out.flush();
            return EXIT_NOT_DONE;
        }
        return longTermId(id) ? longTerm(io, id, account, partition) : temporary(io, id, partition);
    }

    /** AKIA keys, and A3T ones (a prefix AWS does not document, reported by other tools as long-term keys). */
    private static boolean longTermId(String id) {
        return id.startsWith("AKIA") || AwsKeyId.isA3t(id);
    }

    private int longTerm(Main.Io io, String id, String account, Partition partition) throws IOException {
        if (apply || role != null || output != null) {
            return usage(io, "--apply, --role and --output are for ASIA keys; an AKIA key is deactivated");
        }
        if (withLeakedKey && user != null) {
            return usage(io, "--user names the key's user for your own credentials; with --with-leaked-key IAM "
                    + "takes the user from the key itself");
        }
        if (withLeakedKey != (secretFile != null)) {
            return usage(io, "--with-leaked-key and --secret-file go together");
        }
        AwsCredentialsProvider creds;
        String signer;
        if (withLeakedKey) {
            String secret = Files.readString(secretFile, StandardCharsets.UTF_8).trim();
            creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
            signer = "the leaked key itself";
        } else {
            creds = aws.own();
            signer = "your own AWS credentials";
        }
        // Nothing is sent before the answer, not even the read-only look-up of the key's user: the prompt says
        // what both requests will be.
        boolean lookUp = !withLeakedKey && user == null;
        String shownUser = lookUp ? "USER" : user;
        PrintWriter out = io.out;
        out.println("keyward will deactivate access key " + id + (user == null ? "" : " of IAM user " + user)
                + (account == null ? "" : " in account " + account) + " (partition " + partition.id() + "), "
                + (lookUp ? "in two requests" : "in one request") + " to " + partition.iam() + ", signed with "
                + signer + ":");
        if (lookUp) {
            out.println("  1. IAM GetAccessKeyLastUsed AccessKeyId=" + id
                    + "   (read-only: it names the IAM user USER who owns the key)");
            out.println("  2. IAM UpdateAccessKey AccessKeyId=" + id + " UserName=USER Status=Inactive");
        } else {
            out.println("  IAM UpdateAccessKey AccessKeyId=" + id + (user == null ? "" : " UserName=" + user)
                    + " Status=Inactive");
        }
        out.println("The key is not deleted. To undo: aws iam update-access-key"
                + (withLeakedKey ? "" : " --user-name " + shownUser) + " --access-key-id " + id + " --status Active");
        if (!confirmed(io, "Deactivate " + id + "?")) {
            return EXIT_NOT_DONE;
        }
        try (Revoker revoker = Revoker.create(partition, Duration.ofSeconds(10))) {
            String owner = user;
            if (lookUp) {
                try {
                    owner = revoker.ownerOf(id, creds);
                } catch (VerifyException e) {
                    io.err.println("keyward: could not find the IAM user of " + id + ": " + e.getMessage()
                            + "; nothing was changed.");
                    io.err.println("Name it with --user NAME, or use --with-leaked-key.");
                    return Main.EXIT_ERROR;
                }
                out.println("IAM user of " + id + ": " + owner + " (GetAccessKeyLastUsed)");
            }
            revoker.deactivate(id, withLeakedKey ? null : owner, creds);
            out.println("Deactivated " + id + (owner == null ? "" : " of IAM user " + owner) + " (Status=Inactive).");
            if (lookUp) {
                out.println("To undo: aws iam update-access-key --user-name " + owner + " --access-key-id " + id
                        + " --status Active");
            }
            nextSteps(out, id, owner, null);
            out.flush();
            return EXIT_DONE;
        } catch (VerifyException e) {
            io.err.println("keyward: " + e.getMessage());
            return Main.EXIT_ERROR;
        }
    }

    private int temporary(Main.Io io, String id, Partition partition) throws IOException {
        if (withLeakedKey || secretFile != null || user != null) {
            return usage(io, "--with-leaked-key, --secret-file and --user are for AKIA keys: a temporary key "
                    + "cannot be deactivated, its role's older sessions are denied instead");
        }
        if (apply && role == null) {
            return usage(io, "--apply needs --role NAME: the role whose sessions to revoke");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String policy = Revoker.denyOlderSessionsPolicy(now);
        PrintWriter out = io.out;
        if (!apply) {
            PrintWriter notes = out;
            if (output != null) {
                Files.writeString(output, policy, StandardCharsets.UTF_8);
                out.println("Wrote the deny-older-sessions policy (sessions issued before " + now + ") to " + output);
            } else {
                out.print(policy);
                out.flush();
                notes = io.err; // stdout holds the policy alone
            }
            notes.println("Temporary keys cannot be deactivated. Attach this policy to the role that issued " + id
                    + " as the inline policy " + Revoker.REVOKE_POLICY_NAME + ":");
            notes.println("  keyward revoke " + id + " --apply --role " + (role == null ? "ROLE" : role));
            notes.println("  (or: aws iam put-role-policy --role-name " + (role == null ? "ROLE" : role)
                    + " --policy-name " + Revoker.REVOKE_POLICY_NAME + " --policy-document file://"
                    + (output == null ? "POLICY.json" : output) + ")");
            nextSteps(notes, id, null, role);
            notes.flush();
            return EXIT_DONE;
        }
        out.println("keyward will attach the inline policy " + Revoker.REVOKE_POLICY_NAME + " to role " + role
                + " (partition " + partition.id() + "):");
        out.println("  IAM PutRolePolicy RoleName=" + role + " PolicyName=" + Revoker.REVOKE_POLICY_NAME);
        out.println("  sent to " + partition.iam() + ", signed with your own AWS credentials.");
        out.println("It denies every action to sessions of the role issued before " + now + ", the leaked " + id
                + " among them. Sessions started later are not affected; delete the policy once the old sessions "
                + "have expired.");
        out.print(policy);
        if (!confirmed(io, "Attach it to role " + role + "?")) {
            return EXIT_NOT_DONE;
        }
        try (Revoker revoker = Revoker.create(partition, Duration.ofSeconds(10))) {
            revoker.putRolePolicy(role, Revoker.REVOKE_POLICY_NAME, policy, aws.own());
        } catch (VerifyException e) {
            io.err.println("keyward: " + e.getMessage());
            return Main.EXIT_ERROR;
        }
        out.println("Attached " + Revoker.REVOKE_POLICY_NAME + " to role " + role + ".");
        nextSteps(out, id, null, role);
        out.flush();
        return EXIT_DONE;
    }

    /** Asks on the terminal (standard input); anything but y/yes, and no answer at all, is no. */
    private boolean confirmed(Main.Io io, String question) throws IOException {
        if (yes) {
            return true;
        }
        io.out.print(question + " [y/N] ");
        io.out.flush();
        String answer = new BufferedReader(new InputStreamReader(io.in, StandardCharsets.UTF_8)).readLine();
        boolean ok = answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        if (!ok) {
            io.out.println();
            io.out.println("Not confirmed: nothing was sent and nothing was changed.");
            io.out.flush();
        }
        return ok;
    }

    /** The brief's remediation steps, with this key's values filled in. */
    static void nextSteps(PrintWriter w, String id, String user, String role) {
        w.println();
        w.println("Next steps:");
        w.println("1. See what the key did, in every region (CloudTrail event history keeps 90 days):");
        w.println("     for r in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do");
        w.println("       aws cloudtrail lookup-events --region \"$r\" --lookup-attributes "
                + "AttributeKey=AccessKeyId,AttributeValue=" + id + "; done");
        w.println("2. See what it could do:");
        if (user != null) {
            w.println("     aws iam list-attached-user-policies --user-name " + user);
            w.println("     aws iam list-user-policies --user-name " + user);
            w.println("     aws iam list-groups-for-user --user-name " + user);
        } else if (role != null) {
            w.println("     aws iam list-attached-role-policies --role-name " + role);
            w.println("     aws iam list-role-policies --role-name " + role);
        } else {
            w.println("     keyward scan --verify=deep (names the user or role and its policies), then "
                    + "aws iam list-attached-user-policies / list-attached-role-policies for it");
        }
        w.println("3. Look for resources it created (Run*, Create*, Put* events in step 1) and remove what is not "
                + "yours.");
        if (longTermId(id)) {
            w.println("4. Give whoever needs access a new key (better: a role), then delete this one: "
                    + "aws iam delete-access-key" + (user == null ? "" : " --user-name " + user)
                    + " --access-key-id " + id);
        } else {
            w.println("4. Find where the temporary credentials came from (who could assume the role) and close "
                    + "that path.");
        }
        w.println("5. Take the key out of the code, and out of Git history if it was pushed.");
    }

    private static int usage(Main.Io io, String message) {
        io.err.println("keyward: " + message);
        io.err.println("Try 'keyward revoke --help' for more information.");
        return Main.EXIT_ERROR;
    }
}
