package dev.keyward.org;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts what a run does and renders the one-line progress a terminal shows: repositories done of total, blobs
 * scanned, MB/s, an estimate of the time left (from the repositories' pace) and the repository in progress. It
 * prints nothing; the command line redraws {@link #line()} as it likes. Thread-safe.
 */
public final class ProgressLine implements OrgListener {

    private final Clock clock;
    private final Instant start;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong blobs = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<String> current = new AtomicReference<>("");
    // While mirroring, before the first repository is read: "mirroring i/n", the transfer, the repository. JGit
    // reports every object, so a transfer only sets numbers; line() formats them.
    private final AtomicLong mirrorIndex = new AtomicLong();
    private final AtomicLong mirrorTotal = new AtomicLong();
    private final AtomicReference<String> task = new AtomicReference<>("");
    private final AtomicLong taskDone = new AtomicLong();
    private final AtomicLong taskTotal = new AtomicLong();
    private volatile boolean reading;

    public ProgressLine(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.start = clock.instant();
    }

    @Override
    public void mirroring(RepoSpec repo, int index, int of) {
        mirrorIndex.set(index);
        mirrorTotal.set(of);
        task.set("");
        current.set(repo.name());
    }

    @Override
    public void transfer(RepoSpec repo, String what, long done, long of) {
        task.set(what);
        taskDone.set(done);
        taskTotal.set(of);
    }

    @Override
    public void repoStarted(RepoSpec repo, int index, int of) {
        reading = true;
        total.set(of);
        current.set(repo.name());
    }

    @Override
    public void repoDone(RepoSpec repo, Outcome outcome) {
        done.incrementAndGet();
        current.compareAndSet(repo.name(), "");
    }

    @Override
    public void scanned(String path, long size) {
        blobs.incrementAndGet();
        bytes.addAndGet(size);
    }

    /**
     * Such as {@code repos 3/10 · 1,204 blobs · 12.5 MB/s · ETA 0:42 · acme/api}; while mirroring, such as
     * {@code mirroring 2/10 · Receiving objects 45% · acme/api}.
     */
    public String line() {
        if (!reading && mirrorTotal.get() > 0) {
            StringBuilder m = new StringBuilder(String.format(Locale.ROOT, "mirroring %d/%d", mirrorIndex.get(),
                    mirrorTotal.get()));
            String t = task.get();
            if (!t.isEmpty()) {
                long of = taskTotal.get();
                m.append(" · ").append(t.replaceAll("\\p{Cntrl}", "?")).append(of > 0
                        ? String.format(Locale.ROOT, " %d%%", Math.min(100, taskDone.get() * 100 / of))
                        : String.format(Locale.ROOT, " %,d", taskDone.get()));
            }
            return m + shownCurrent();
        }
        long d = done.get();
        long t = Math.max(total.get(), d);
        double secs = Math.max(0.001, Duration.between(start, clock.instant()).toMillis() / 1000.0);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "repos %d/%d · %,d blobs · %.1f MB/s", d, t,
                blobs.get(), bytes.get() / 1e6 / secs));
        if (d > 0 && d < t) {
            long left = Math.round(secs / d * (t - d));
            sb.append(String.format(Locale.ROOT, " · ETA %d:%02d", left / 60, left % 60));
        }
        return sb.append(shownCurrent()).toString();
    }

    private String shownCurrent() {
        String now = current.get();
        if (now.isEmpty()) {
            return "";
        }
        // A repository's name comes from a list or an API: no control characters onto the terminal.
        String shown = now.replaceAll("\\p{Cntrl}", "?");
        return " · " + (shown.length() > 60 ? shown.substring(0, 57) + "..." : shown);
    }
}
