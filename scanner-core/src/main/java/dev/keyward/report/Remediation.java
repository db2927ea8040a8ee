package dev.keyward.report;

import java.util.List;

/** What to do about a leaked AWS credential, in keyward's own words. Shown once in text reports, and as SARIF help. */
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

    /** The steps as one plain-text block with a heading. */
    public static String text() {
        StringBuilder sb = new StringBuilder("What to do:\n");
        for (int i = 0; i < STEPS.size(); i++) {
            sb.append("  ").append(i + 1).append(". ").append(STEPS.get(i)).append('\n');
        }
        return sb.toString();
    }

    /** The steps as Markdown, for SARIF help. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < STEPS.size(); i++) {
            sb.append(i + 1).append(". ").append(STEPS.get(i)).append('\n');
        }
        return sb.toString();
    }
}
