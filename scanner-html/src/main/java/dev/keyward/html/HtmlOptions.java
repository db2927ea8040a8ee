package dev.keyward.html;

/**
 * How the HTML audit is rendered.
 *
 * @param redact whether secrets are shortened to their first characters (key IDs are always shown whole, see
 *               {@code dev.keyward.report.Redaction}); false only for {@code --no-redact}
 */
public record HtmlOptions(boolean redact) {

    /** Secrets redacted. */
    public static HtmlOptions defaults() {
        return new HtmlOptions(true);
    }
}
