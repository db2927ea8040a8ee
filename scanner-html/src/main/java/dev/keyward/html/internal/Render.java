package dev.keyward.html.internal;

import dev.keyward.html.AuditView;
import dev.keyward.html.HtmlOptions;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateOutput;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Runs the precompiled template. The engine holds no per-render state, so one serves every thread. */
public final class Render {

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Render.class.getClassLoader(), "dev.keyward.html.internal.templates");

    private Render() {
    }

    public static void page(AuditView view, HtmlOptions options, Appendable out) throws IOException {
        Page page = new Page(view, options);
        try {
            ENGINE.render("audit.jte", page, new AppendableOutput(out));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** jte writes to a TemplateOutput; ours forwards to any Appendable and carries its IOException out. */
    private record AppendableOutput(Appendable out) implements TemplateOutput {
        @Override
        public void writeContent(String value) {
            try {
                out.append(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void writeContent(String value, int beginIndex, int endIndex) {
            try {
                out.append(value, beginIndex, endIndex);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
