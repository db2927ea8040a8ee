package dev.keyward;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import dev.keyward.internal.detect.Engine;
import dev.keyward.internal.suppress.Suppression;
import dev.keyward.source.Blob;
import dev.keyward.source.BlobSink;
import dev.keyward.source.Content;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.io.input.ReaderInputStream;

/**
 * The one path from a blob to findings: suppression by place, the content decoder, detection, the baseline, and
 * the listener. Every source feeds one of these. Thread-safe when its listener is.
 */
final class ScanSink implements BlobSink {

    private final Engine engine;
    private final Suppression suppression;
    private final ScanListener listener;

    ScanSink(Engine engine, Suppression suppression, ScanListener listener) {
        this.engine = engine;
        this.suppression = suppression;
        this.listener = listener;
    }

    @Override
    public boolean wants(Provenance provenance) {
        return !suppression.skipBlob(provenance);
    }

    @Override
    public void skipped(Skipped skipped) {
        listener.skipped(skipped);
    }

    @Override
    public void error(ScanError error) {
        listener.error(error);
    }

    @Override
    public void blob(Blob blob) {
        Provenance p = blob.provenance();
        if (suppression.skipBlob(p)) {
            return; // allowlisted by path or commit: not read, not counted
        }
        ScanListener to = blob.limited() ? new LinesOnly(listener, blob) : listener;
        try {
            if (blob.inMemory()) {
                Content c = Content.of(blob.bytes(), blob.length(), true);
                if (c instanceof Content.Text t && t.plain()) {
                    engine.scan(blob.bytes(), blob.length(), p, f -> pass(f, to)); // most blobs: where they lie
                    to.scanned(p.path(), blob.length());
                } else {
                    decoded(c, blob.bytes(), blob.length(), null, p, to);
                }
                return;
            }
            InputStream raw = blob.stream();
            byte[] head = new byte[Content.HEAD];
            int n = 0;
            IOException failed = null;
            try {
                for (int r; n < head.length && (r = raw.read(head, n, head.length - n)) >= 0; ) {
                    n += r;
                }
            } catch (IOException e) {
                failed = e; // what was read before the failure is still scanned
            }
            boolean whole = failed == null && n < head.length;
            decoded(Content.of(head, n, whole), head, n, failed == null ? raw : null, p, to);
            if (failed != null) {
                throw failed;
            }
        } catch (IOException e) {
            listener.error(new ScanError(p.place(), "read failed: " + e.getMessage()));
        }
    }

    /** Skips, or scans {@code head[offset, n)} and then {@code rest} (when not null), decoded to UTF-8. */
    private void decoded(Content c, byte[] head, int n, InputStream rest, Provenance p, ScanListener to)
            throws IOException {
        if (c instanceof Content.Skip s) {
            listener.skipped(new Skipped(p.place(), s.reason()));
            return;
        }
        Content.Text t = (Content.Text) c;
        InputStream in = new ByteArrayInputStream(head, t.offset(), n - t.offset());
        if (rest != null) {
            in = new SequenceInputStream(in, rest);
        }
        if (!t.charset().equals(StandardCharsets.UTF_8)) {
            // Decoded as it streams, so a large UTF-16 blob is scanned in constant memory too.
            in = ReaderInputStream.builder().setReader(new InputStreamReader(in, t.charset()))
                    .setCharset(StandardCharsets.UTF_8).get();
        }
        Counting counted = new Counting(in);
        try {
            engine.scan(counted, p, f -> pass(f, to));
        } finally {
            to.scanned(p.path(), counted.count);
        }
    }

    /** Passes a finding on, or tells of it as accepted by the baseline. */
    private void pass(Finding f, ScanListener to) {
        if (suppression.hides(f)) {
            to.baselined(f);
        } else {
            to.finding(f);
        }
    }

    /** Counts bytes read, for stats. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Passes on findings that start on a kept line, or whose pair does (a staged file's added lines). */
    private static final class LinesOnly implements ScanListener {
        private final ScanListener to;
        private final Blob blob;

        LinesOnly(ScanListener to, Blob blob) {
            this.to = to;
            this.blob = blob;
        }

        private boolean kept(Finding f) {
            return blob.keepsLine(f.location().line())
                    || f.pairedWith() != null && blob.keepsLine(f.pairedWith().line());
        }

        @Override
        public void finding(Finding f) {
            if (kept(f)) {
                to.finding(f);
            }
        }

        @Override
        public void baselined(Finding f) {
            if (kept(f)) {
                to.baselined(f);
            }
        }

        @Override
        public void error(ScanError error) {
            to.error(error);
        }

        @Override
        public void skipped(Skipped skipped) {
            to.skipped(skipped);
        }

        @Override
        public void scanned(String path, long bytes) {
            to.scanned(path, bytes);
        }
    }
}
