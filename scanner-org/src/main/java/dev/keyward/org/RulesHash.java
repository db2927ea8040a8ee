package dev.keyward.org;

import dev.keyward.Scanner;
import dev.keyward.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@link OrgOptions#rulesHash()} of a scanner: a stable hash of the rules in force (every field of every
 * rule, enabled or not), of the suppression files behind it (config and baseline, as bytes) and of a version
 * string for the detection code itself. A change to any of them means a blob is scanned again. Stateless.
 */
public final class RulesHash {

    private RulesHash() {
    }

    /**
     * @param scanner     the scanner that will scan
     * @param version     the detection code's version (a new release may find more)
     * @param suppression the contents of the config and baseline files in force, in a fixed order (may be empty)
     */
    public static String of(Scanner scanner, String version, List<byte[]> suppression) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(("keyward-rules-1|" + version + "\n").getBytes(StandardCharsets.UTF_8));
            List<Rule> rules = scanner.rules().rules().stream().sorted(Comparator.comparing(Rule::id)).toList();
            for (Rule r : rules) {
                // A record's toString holds every component: ids, regexes, allowlists, pairing, switches.
                d.update((r + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (byte[] file : suppression) {
                d.update(("file " + file.length + "\n").getBytes(StandardCharsets.UTF_8));
                d.update(file);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
