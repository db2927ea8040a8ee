package dev.keyward;

import dev.keyward.finding.Provenance;
import dev.keyward.finding.ScanError;
import dev.keyward.finding.Skipped;
import dev.keyward.source.Blob;
import dev.keyward.source.BlobSink;
import dev.keyward.source.Source;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a {@link HistoryListener} how far the blobs have got: a history source asks {@code wants} once per blob,
 * and then makes exactly one blob, skip or error call per wanted blob, so each of those, and each blob not wanted
 * (allowlisted: never read), is one more blob done. Thread-safe.
 */
final class Progress implements BlobSink {
    private final BlobSink to;
    private final HistoryListener listener;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private Progress(BlobSink to, HistoryListener listener) {
        this.to = to;
        this.listener = listener;
    }

    static Source of(Source source, HistoryListener listener) {
        return sink -> source.feed(new Progress(sink, listener));
    }

    @Override
    public void blob(Blob blob) {
        to.blob(blob);
        listener.progress(done.incrementAndGet(), bytes.addAndGet(Math.max(0, blob.size())));
    }

    @Override
    public boolean wants(Provenance provenance) {
        boolean wanted = to.wants(provenance);
        if (!wanted) {
            listener.progress(done.incrementAndGet(), bytes.get());
        }
        return wanted;
    }

    @Override
    public void skipped(Skipped skipped) {
        to.skipped(skipped);
        listener.progress(done.incrementAndGet(), bytes.get());
    }

    @Override
    public void error(ScanError error) {
        to.error(error);
        listener.progress(done.incrementAndGet(), bytes.get());
    }
}
