package dev.keyward.html;

import dev.keyward.html.internal.Render;

import java.io.IOException;

/**
 * Writes the HTML audit: one self-contained page (styles and script inline, a Content-Security-Policy that
 * forbids every outside request) that reads without JavaScript and prints. Everything that came from a repository
 * is escaped for where it lands by the template engine. Stateless and thread-safe.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /**
     * Renders {@code view} to {@code out}. The caller decides where the page goes; to write a file whole or not
     * at all, render into a temporary file beside it and move it into place.
     */
    public static void write(AuditView view, HtmlOptions options, Appendable out) throws IOException {
        Render.page(view, options, out);
    }

    /** The page as a string. */
    public static String render(AuditView view, HtmlOptions options) {
        StringBuilder sb = new StringBuilder(1 << 16);
        try {
            write(view, options, sb);
        } catch (IOException e) {
            throw new IllegalStateException("a StringBuilder does not fail", e);
        }
        return sb.toString();
    }
}
