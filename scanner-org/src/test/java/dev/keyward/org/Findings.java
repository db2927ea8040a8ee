package dev.keyward.org;

import dev.keyward.TestKeys;
import dev.keyward.finding.Finding;
import dev.keyward.finding.Location;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;

/** Test findings with Git provenance, keys made at run time. */
final class Findings {

    private Findings() {
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Finding keyId(String secret, String blobId, String commit, String path, Instant date, int line) {
        return new Finding("aws-access-key-id", "aws-access-key-id", Severity.HIGH, new Location(path, line, 5, 40L * line),
                new Provenance.GitBlob(blobId, commit, path, "Ada Lovelace", "ada@example.com", date, 0),
                secret, null, null);
    }

    static String newKey(Random r) {
        return TestKeys.keyId(r, "AKIA");
    }
}
