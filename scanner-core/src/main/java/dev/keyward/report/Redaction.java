package dev.keyward.report;

import dev.keyward.finding.Finding;

/**
 * How secrets are shown. Key IDs (and IAM unique IDs) are shown whole, since the key ID is what a person needs to
 * find and deactivate the key; every other secret shows its first 4 characters and an ellipsis.
 */
public final class Redaction {

    private Redaction() {
    }

    /** Kinds whose value is an identifier, safe to show whole. */
    public static boolean isIdentifier(String kind) {
        return kind.equals("aws-access-key-id") || kind.equals("aws-a3t-key-id") || kind.equals("aws-iam-unique-id");
    }

    /** The secret as reports show it. */
    public static String shown(Finding f, boolean redact) {
        if (!redact || isIdentifier(f.kind())) {
            return f.secret();
        }
        return redact(f.secret());
    }

    /** The first 4 characters, then an ellipsis. */
    public static String redact(String secret) {
        return secret.length() <= 4 ? "…" : secret.substring(0, 4) + "…";
    }
}
