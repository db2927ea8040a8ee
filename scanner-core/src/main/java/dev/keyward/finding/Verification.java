package dev.keyward.finding;

import java.util.Objects;

/**
 * What checking a credential with its issuer said about it. Immutable. Only {@code status} is always there; the
 * rest is what the answer named, or null.
 *
 * @param status    the outcome, such as {@code live}, {@code invalid} or {@code unverified}
 * @param arn       the identity the credential acts as
 * @param account   the 12-digit account it belongs to
 * @param userId    the identity's unique ID
 * @param partition the AWS partition that answered ({@code aws}, {@code aws-cn}, ...)
 * @param reason    why the status is what it is, for a person
 */
public record Verification(String status, String arn, String account, String userId, String partition,
                           String reason) {
    public Verification {
        Objects.requireNonNull(status, "status");
    }
}
