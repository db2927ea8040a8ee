package dev.keyward.report;

import java.util.List;

/**
 * What to do about a leaked AWS credential, in keyward's own words. Shown once in text reports, and as SARIF help;
 * the pre-commit check has its own steps for a key not yet committed.
 */
public final class Remediation {

    private Remediation() {
    }

    /** The steps, most urgent first. */
    public static final List<String> STEPS = List.of(
            "Deactivate the access key now (IAM console, or `aws iam update-access-key --status Inactive`), "
                    + "create a new one if it is still needed, then delete the old key. Never reuse a leaked key.",
            "Check the account's CloudTrail activity for what the key did since it leaked: look up events by "
                    + "access key ID, in every region.",
            "Look for resources the key may have created (instances, users, roles, access keys, Lambda "
                    + "functions) and remove what you do not recognise.",
            "Prefer IAM roles and short-lived credentials (SSO, instance profiles, OIDC federation) over "
                    + "long-lived access keys.",
            "Keep credentials out of code: use the environment, ~/.aws/credentials outside the repository, or a "
                    + "secrets manager.",
            "If the key was ever pushed, rotating it is what protects you; rewriting history (git filter-repo) "
                    + "only stops the key from spreading further.");

    /**
     * What to do about a key that a commit would add (the pre-commit check): it has not been committed yet, so
     * taking it out comes first.
     */
    public static final List<String> BEFORE_COMMIT = List.of(
            "Take the key out of the file, then stage the file again (git add).",
            "Keep it out of the repository: in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), in a "
                    + "credentials file outside the repository (~/.aws/credentials), or in a secrets manager.",
            "Better: use IAM roles and short-lived credentials (SSO, instance profiles, OIDC) instead of "
                    + "long-lived access keys.",
            "If the key was ever pushed or shared anywhere, rotate it now: deactivate it in IAM, create a new "
                    + "one, then delete the old one.");

    /** How to let a false positive through the pre-commit check. */
    public static final List<String> FALSE_POSITIVE = List.of(
            "put keyward:allow in a comment on that line, or",
            "accept it in a baseline: keyward baseline create -o .keyward-baseline.json, then "
                    + "keyward hook install --baseline .keyward-baseline.json (or pass --baseline to keyward staged).");

    /** The steps as one plain-text block with a heading. */
    public static String text() {
        return "What to do:\n" + numbered(STEPS, "  ");
    }

    /** Steps as numbered lines, each after {@code indent}. */
    static String numbered(List<String> steps, String indent) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            sb.append(indent).append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        return sb.toString();
    }

    /** The steps as Markdown, for SARIF help. */
    public static String markdown() {
        return numbered(STEPS, "");
    }
}
