package dev.keyward.html;

import java.util.Map;

/**
 * How the HTML audit is rendered.
 *
 * @param redact      whether secrets are shortened to their first characters (key IDs are always shown whole, see
 *                    {@code dev.keyward.report.Redaction}); false only for {@code --no-redact}
 * @param accountTags {@code own} or {@code ignored} keyed by credential fingerprint, for credentials of the accounts
 *                    the config names ({@code [accounts]}, see {@code dev.keyward.report.Report#accountTags()});
 *                    tagged credentials are labelled, and one's own come first among equals
 */
public record HtmlOptions(boolean redact, Map<String, String> accountTags) {

    public HtmlOptions {
        accountTags = Map.copyOf(accountTags);
    }

    /** No account tags. */
    public HtmlOptions(boolean redact) {
        this(redact, Map.of());
    }

    /** Secrets redacted. */
    public static HtmlOptions defaults() {
        return new HtmlOptions(true);
    }
}
