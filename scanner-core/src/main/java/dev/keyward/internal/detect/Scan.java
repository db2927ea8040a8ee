package dev.keyward.internal.detect;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One scan of one input: reads it into its {@link Buffer}, runs the prefilter, and sends each hit to its parts,
 * which each hold one kind of state: {@link LineIndex} (where lines are), {@link RuleDispatch} (the windows each
 * rule searched), {@link InlineMarkers}, {@link Base64Layer} and {@link Emission} (candidates until passed on,
 * paired by {@link Pairing}). Not thread-safe; made and dropped per call.
 *
 * <p>Every window a rule looks at is a function of the hit position and the bytes around it only (cut on the
 * {@link Engine#BLOCK} grid), never of where a chunk ends, so findings do not depend on the chunk size. Findings
 * are passed on as soon as nothing later in the input can change them (their pair partner, if any, lies at most
 * {@link Engine#PAIR_BYTES} away), so memory holds only the candidates of the last chunk, however long the input.
 */
final class Scan {

    private final Engine eng;
    private final Provenance provenance;
    /** 0 for the input itself, 1 for text decoded from it (which is neither located nor decoded again). */
    private final int depth;
    private final Prefilter.Hit hit = this::onHit;
    private final Buffer in = new Buffer();
    private final LineIndex lines = new LineIndex(in);
    private final RuleDispatch rules;
    private final InlineMarkers markers;
    private final Base64Layer base64;
    private final Emission emission;

    Scan(Engine eng, Provenance provenance, int depth) {
        this.eng = eng;
        this.provenance = provenance;
        this.depth = depth;
        this.rules = new RuleDispatch(this, eng, in, lines, provenance);
        this.markers = depth == 0 ? new InlineMarkers(in, lines) : null;
        this.base64 = depth == 0 ? new Base64Layer(this, in, lines) : null;
        this.emission = new Emission(provenance, eng.kinds, eng.pairLines);
    }

    Engine engine() {
        return eng;
    }

    RuleDispatch rules() {
        return rules;
    }

    /** Scans a stream to its end, passing findings to {@code out} in offset order as they become final. */
    void run(InputStream stream, Consumer<Finding> out) throws IOException {
        // At least 4 KiB of room, so tiny chunk sizes do not move the kept bytes on every read.
        int full = Math.max(eng.chunkSize, 4096) + Engine.BEFORE + Engine.AFTER;
        // Most files are small: start with 16 KiB of room and double while the input fills it, rather than
        // allocating (and zeroing) a whole chunk per file.
        in.buf = new byte[Math.min(full, (1 << 14) + Engine.BEFORE + Engine.AFTER)];
        long done = 0;
        boolean eof = false;
        IOException failure = null;
        while (!eof) {
            long keep = Math.max(in.base, done - Engine.BEFORE);
            if (in.len == in.buf.length && in.buf.length < full) {
                in.buf = Arrays.copyOf(in.buf, (int) Math.min(full, 2L * in.buf.length));
            } else if (in.buf.length - in.len < eng.chunkSize && keep > in.base) {
                lines.advance(keep);
                int shift = (int) (keep - in.base);
                System.arraycopy(in.buf, shift, in.buf, 0, in.len - shift);
                in.len -= shift;
                in.base = keep;
            }
            int n;
            try {
                n = stream.read(in.buf, in.len, Math.min(eng.chunkSize, in.buf.length - in.len));
            } catch (IOException e) {
                failure = e; // what was read is still scanned and reported
                n = -1;
            }
            if (n < 0) {
                eof = true;
            } else {
                in.len += n;
            }
            long end = in.end();
            long limit = eof ? end : end - Engine.AFTER;
            if (limit > done) {
                processRange(done, limit);
                done = limit;
            }
            emission.flush(eof ? Long.MAX_VALUE : done - Engine.LOOKBACK, out);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Scans {@code content[0, length)} in place (never written, not kept) and passes on every finding. */
    void runWhole(byte[] content, int length, Consumer<Finding> out) {
        runBytes(content, length);
        emission.flush(Long.MAX_VALUE, out);
    }

    /** The candidates of decoded text, scanned by a scan of its own; their offsets are into {@code decoded}. */
    List<Candidate> inner(byte[] decoded) {
        Scan inner = new Scan(eng, provenance, depth + 1);
        inner.runBytes(decoded, decoded.length);
        return inner.emission.pending();
    }

    private void runBytes(byte[] content, int length) {
        in.buf = content;
        in.base = 0;
        in.len = length;
        processRange(0, length);
    }

    /** Runs the prefilter over [from, to), and the keywordless rules at each line start and grid point in order. */
    private void processRange(long from, long to) {
        byte[] buf = in.buf;
        long base = in.base;
        int i0 = (int) (from - base);
        int i1 = (int) (to - base);
        if (i1 <= i0) {
            return;
        }
        if (eng.lineRules.length == 0) {
            eng.prefilter.scan(buf, i0, i1, in.len, hit);
            return;
        }
        int pos = i0;
        for (int i = i0; i < i1; i++) {
            long a = base + i;
            if (a == 0 || buf[i - 1] == '\n' || a % Engine.BLOCK == 0) {
                if (i > pos) {
                    eng.prefilter.scan(buf, pos, i, in.len, hit);
                    pos = i;
                }
                lineRulesAt(a);
            }
        }
        eng.prefilter.scan(buf, pos, i1, in.len, hit);
    }

    private void lineRulesAt(long p) {
        hitAt(p);
        for (CompiledRule r : eng.lineRules) {
            rules.ruleAt(r, p);
        }
    }

    private void onHit(int index, int literal) {
        long p = in.base + index;
        hitAt(p);
        for (int act : eng.actions[literal]) {
            int type = act >>> 24;
            CompiledRule r = eng.rules[act & 0xFFFFFF];
            switch (type) {
                case Engine.ACT_RULE -> rules.ruleAt(r, p);
                case Engine.ACT_PAIR -> rules.pairAt(r, p);
                default -> {
                    if (base64 != null) {
                        base64.at(p);
                    }
                }
            }
        }
    }

    private void hitAt(long p) {
        if (depth == 0) {
            lines.hitAt(p);
        }
    }

    /** Whether a candidate of {@code r}'s kind is already kept at offset {@code abs}. */
    boolean has(CompiledRule r, long abs) {
        return emission.has(r, abs);
    }

    /** Keeps a candidate unless one of its kind is already kept at its offset or an inline marker allows it. */
    void add(Candidate c) {
        if (emission.has(c)) {
            return;
        }
        if (depth == 0) {
            if (markers.allowed(c.abs)) {
                return;
            }
            lines.locate(c);
        }
        emission.keep(c);
    }
}
