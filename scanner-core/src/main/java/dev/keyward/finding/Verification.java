package dev.keyward.finding;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What checking a credential with AWS said about it (made by {@code scanner-verify}; scanner-core itself never
 * verifies anything). Immutable.
 *
 * <p>{@code status} is one of the string ids below (the same words the reports print). The fields after
 * {@code reason} are filled only by a deep look ({@code --verify=deep}); null means "not looked at", and
 * {@code unknown} names the parts AWS would not tell (a denied call).
 *
 * @param status    {@link #LIVE}, {@link #INVALID}, {@link #WRONG_SECRET}, {@link #EXPIRED}, {@link #CANARY} or
 *                  {@link #UNVERIFIED}
 * @param arn       the caller ARN STS named (live), or null
 * @param account   the 12-digit account (live, or decoded offline for canary and others), or null
 * @param userId    the unique ID of the user or role session (live), or null
 * @param partition {@code aws}, {@code aws-us-gov} or {@code aws-cn}: where the key is known, or null
 * @param reason    why it is unverified, or what AWS said, or null
 * @param policies  deep: the policies the identity has, as {@code attached:NAME}, {@code inline:NAME},
 *                  {@code group:GROUP/attached:NAME}, {@code group:GROUP/inline:NAME}; null when not looked at
 * @param groups    deep: the IAM groups of a user; null when not looked at or not a user
 * @param lastUsed  deep: when, where and by which service the key was last used, or "never", or null
 * @param unknown   deep: the parts that could not be read and why (for example
 *                  {@code "ListUserPolicies: AccessDenied"}); empty when none
 */
public record Verification(String status, String arn, String account, String userId, String partition,
                           String reason, List<String> policies, List<String> groups, String lastUsed,
                           List<String> unknown) implements java.io.Serializable {

    /** STS accepted the pair: the key is active. */
    public static final String LIVE = "live";
    /** AWS does not know the key ID in any partition, or it is deactivated ({@code InvalidClientTokenId}). */
    public static final String INVALID = "invalid";
    /** The key ID is real but the secret beside it is not its secret ({@code SignatureDoesNotMatch}). */
    public static final String WRONG_SECRET = "wrong-secret";
    /** A temporary credential past its end ({@code ExpiredToken}). */
    public static final String EXPIRED = "expired";
    /** The decoded account is a known canary-token account: nothing was sent. */
    public static final String CANARY = "canary";
    /** Not checked, or no answer: see {@code reason}. Never a verdict on the key. */
    public static final String UNVERIFIED = "unverified";

    /** Every status id. */
    public static final Set<String> STATUSES = Set.of(LIVE, INVALID, WRONG_SECRET, EXPIRED, CANARY, UNVERIFIED);

    public Verification {
        Objects.requireNonNull(status, "status");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown verification status '" + status + "'");
        }
        policies = policies == null ? null : List.copyOf(policies);
        groups = groups == null ? null : List.copyOf(groups);
        unknown = unknown == null ? List.of() : List.copyOf(unknown);
    }

    /** Without deep fields. */
    public Verification(String status, String arn, String account, String userId, String partition,
                        String reason) {
        this(status, arn, account, userId, partition, reason, null, null, null, List.of());
    }

    /** A live key. */
    public static Verification live(String arn, String account, String userId, String partition) {
        return new Verification(LIVE, arn, account, userId, partition, null);
    }

    /** A key AWS could not or did not check, with the reason; the account when decoded offline. */
    public static Verification unverified(String account, String reason) {
        return new Verification(UNVERIFIED, null, account, null, null, Objects.requireNonNull(reason, "reason"));
    }

    /** True for {@link #LIVE}. */
    public boolean isLive() {
        return LIVE.equals(status);
    }

    /** A copy with the deep-look fields. */
    public Verification withDeep(List<String> newPolicies, List<String> newGroups, String newLastUsed,
                                 List<String> newUnknown) {
        return new Verification(status, arn, account, userId, partition, reason, newPolicies, newGroups,
                newLastUsed, newUnknown);
    }
}
