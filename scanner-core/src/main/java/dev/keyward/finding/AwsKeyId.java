package dev.keyward.finding;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a 20-character AWS unique ID (access key ID, IAM user ID, role ID, ...) says about itself, offline: its
 * type from the prefix and, for modern IDs, the 12-digit account it belongs to.
 *
 * <p>The account is bits 1..40 of the base32-decoded body (characters 5 to 20). IDs whose fifth character is
 * {@code I} or {@code J} are legacy IDs that do not encode the account. {@code A3T} IDs ({@code A3T}, one letter or
 * digit, 16 more; a prefix git-secrets, gitleaks and Nosey Parker report but AWS does not document) are taken for
 * access keys whose account cannot be decoded; their {@link #prefix} is their first four characters.
 */
public record AwsKeyId(String id, String prefix, String type, boolean credential, String accountId, String note) {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("AKIA", "access key (long-term)"),
            Map.entry("ASIA", "temporary access key (STS)"),
            Map.entry("ABIA", "STS service bearer token"),
            Map.entry("ACCA", "context-specific credential"),
            Map.entry("AIDA", "IAM user"),
            Map.entry("AROA", "IAM role"),
            Map.entry("AGPA", "IAM group"),
            Map.entry("ANPA", "managed policy"),
            Map.entry("ANVA", "managed policy version"),
            Map.entry("AIPA", "EC2 instance profile"),
            Map.entry("APKA", "public key"),
            Map.entry("ASCA", "certificate"));

    private static final String CREDENTIAL_PREFIXES = "AKIA ASIA ABIA ACCA";
    private static final String A3T_TYPE = "access key (A3T prefix, not documented by AWS)";

    public AwsKeyId {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(type, "type");
    }

    /** The prefixes (four characters) that name credentials rather than identifiers; {@code A3T?} is one. */
    public static boolean isCredentialPrefix(String prefix) {
        return prefix.length() == 4 && (CREDENTIAL_PREFIXES.contains(prefix) || isA3t(prefix));
    }

    /** True when the text starts with {@code A3T} and an upper-case letter or digit. */
    public static boolean isA3t(CharSequence id) {
        if (id.length() < 4 || id.charAt(0) != 'A' || id.charAt(1) != '3' || id.charAt(2) != 'T') {
            return false;
        }
        char c = id.charAt(3);
        return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /**
     * Describes an ID, or says why it is not one: empty when the text is not 20 characters of a known prefix
     * followed by upper-case letters and digits.
     */
    public static Optional<AwsKeyId> parse(String text) {
        if (!isWellFormed(text)) {
            return Optional.empty();
        }
        String prefix = text.substring(0, 4);
        String type = isA3t(prefix) ? A3T_TYPE : TYPES.get(prefix);
        String account = accountOf(text);
        String note;
        if (account != null) {
            note = null;
        } else if (isA3t(text)) {
            note = "A3T prefix: AWS does not document how it is built, so the account cannot be decoded";
        } else if (isLegacy(text)) {
            note = "legacy ID (fifth character " + text.charAt(4) + "): it does not encode the account";
        } else if (text.substring(4).chars().anyMatch(c -> c == '0' || c == '1' || c == '8' || c == '9')) {
            note = "not base32 after the prefix (holds 0, 1, 8 or 9): not an ID AWS issues";
        } else {
            note = "decodes to an account number of more than 12 digits: not an ID AWS issues";
        }
        return Optional.of(new AwsKeyId(text, prefix, type, isCredentialPrefix(prefix), account, note));
    }

    /**
     * True when {@link #parse} describes the text (20 characters of a known prefix followed by upper-case letters
     * and digits), found without decoding it.
     */
    public static boolean isWellFormed(String text) {
        if (text == null || text.length() != 20 || !(isA3t(text) || TYPES.containsKey(text.substring(0, 4)))) {
            return false;
        }
        for (int i = 4; i < 20; i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** True for legacy IDs, whose fifth character is {@code I} or {@code J}. */
    public static boolean isLegacy(CharSequence id) {
        char c = id.charAt(4);
        return c == 'I' || c == 'J';
    }

    /**
     * The account a modern ID belongs to, as 12 digits, or null for a legacy or {@code A3T} ID, a body that is not
     * base32, or one that decodes to more than 12 digits.
     */
    public static String accountOf(CharSequence id) {
        if (id.length() != 20 || isLegacy(id) || isA3t(id)) {
            return null;
        }
        long bits = 0; // the first 60 of the 80 decoded bits are enough: we need bits 1..40 of the first 48.
        for (int i = 4; i < 16; i++) {
            int v = base32(id.charAt(i));
            if (v < 0) {
                return null;
            }
            bits = (bits << 5) | v;
        }
        for (int i = 16; i < 20; i++) {
            if (base32(id.charAt(i)) < 0) {
                return null;
            }
        }
        long first48 = bits >>> 12;
        long account = (first48 & 0x7FFFFFFFFF80L) >>> 7;
        if (account > 999_999_999_999L) {
            return null; // 40 bits reach 13 digits; no account has that many, so the body encodes none
        }
        String digits = Long.toString(account);
        return "0".repeat(12 - digits.length()) + digits;
    }

    private static int base32(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '2' && c <= '7') {
            return c - '2' + 26;
        }
        return -1;
    }
}
