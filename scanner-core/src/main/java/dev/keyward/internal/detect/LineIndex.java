package dev.keyward.internal.detect;

/**
 * Where lines are: the line/column cursor, and the last line found for each purpose. Counting lines is put off
 * until a candidate needs its place, as most hits yield none.
 */
final class LineIndex {

    /** The last line found for one purpose, keyed by its clip bounds (one per purpose, so they do not evict). */
    static final class Line {
        private long lo = Long.MIN_VALUE;
        private long hi;
        /** The line's first byte and the end of its text (before {@code \r\n} or {@code \n}), as offsets. */
        long s;
        long e;
    }

    private final Buffer in;

    /** Every byte before {@code curPos} has been counted. */
    private long curPos;
    /** Where the cursor may move once a candidate needs a line: no candidate can start before it. */
    private long cursorTarget;
    private int curLine = 1;
    private int curCol;
    /** The last place located, to walk on from when the next candidate lies after it. */
    private long laPos = -1;
    private int laLine;
    private int laCol;

    /** Lines a rule's regex runs over. */
    final Line rule = new Line();
    /** Lines pairing windows are grown from. */
    final Line pair = new Line();
    /** Lines searched for an inline marker. */
    final Line allow = new Line();
    /** Lines handed to allowlists that look at the line. */
    final Line text = new Line();

    private long spanKeyLo = Long.MIN_VALUE;
    private long spanKeyHi;
    private long spanKeyLine;
    private int spanKeyLines;
    /** The last span found by {@link #span}. */
    long spanS;
    long spanE;

    LineIndex(Buffer in) {
        this.in = in;
    }

    /** The start of the {@link Engine#BLOCK} holding {@code p}: windows are cut on this grid. */
    static long block(long p) {
        return Math.floorDiv(p, Engine.BLOCK) * Engine.BLOCK;
    }

    /** Notes a hit at {@code p}: no candidate can start before {@code p - LOOKBACK} any more. */
    void hitAt(long p) {
        cursorTarget = Math.max(cursorTarget, p - Engine.LOOKBACK);
    }

    /** Moves the cursor forward to {@code to}, which must still be in the buffer. */
    void advance(long to) {
        if (to <= curPos) {
            return;
        }
        byte[] buf = in.buf;
        int from = (int) (curPos - in.base);
        int end = (int) (to - in.base);
        int lines = Bytes.count(buf, from, end, (byte) '\n');
        int colFrom = from;
        if (lines > 0) {
            curLine += lines;
            curCol = 0;
            int lastNl = end - 1;
            while (buf[lastNl] != '\n') {
                lastNl--;
            }
            colFrom = lastNl + 1;
        }
        curCol += Bytes.codePoints(buf, colFrom, end);
        curPos = to;
    }

    /** Sets the candidate's line and 1-based column (in characters); its offset is at or after the cursor. */
    void locate(Candidate c) {
        advance(cursorTarget);
        byte[] buf = in.buf;
        long base = in.base;
        int cur = (int) (curPos - base);
        int at = (int) (c.abs - base);
        int line;
        int col;
        if (laPos >= curPos && laPos > c.abs) {
            // Candidates come a little out of order (a pairing window finds values before the hit that opened it):
            // count back from the last place located rather than forward from the cursor, up to a window behind.
            int la = (int) (laPos - base);
            int nl = Bytes.count(buf, at, la, (byte) '\n');
            if (nl == 0) {
                line = laLine;
                col = laCol - Bytes.codePoints(buf, at, la);
            } else {
                line = laLine - nl;
                int s = at;
                while (s > cur && buf[s - 1] != '\n') {
                    s--;
                }
                col = (s == cur ? curCol : 0) + Bytes.codePoints(buf, s, at);
            }
        } else {
            int from = cur;
            line = curLine;
            col = curCol;
            if (laPos >= curPos) {
                from = (int) (laPos - base);
                line = laLine;
                col = laCol;
            }
            int nl = Bytes.count(buf, from, at, (byte) '\n');
            if (nl > 0) {
                line += nl;
                int s = at;
                while (buf[s - 1] != '\n') {
                    s--;
                }
                col = Bytes.codePoints(buf, s, at);
            } else {
                col += Bytes.codePoints(buf, from, at);
            }
        }
        laPos = c.abs;
        laLine = line;
        laCol = col;
        c.line = line;
        c.column = col + 1;
    }

    /** Sets {@code c} to the line holding {@code p} (without its line break), clipped to [lo, hi). */
    void line(Line c, long p, long lo, long hi) {
        if (lo == c.lo && hi == c.hi && p >= c.s && p <= c.e) {
            return;
        }
        byte[] buf = in.buf;
        long base = in.base;
        int sLo = (int) (Math.max(lo, base) - base);
        int eHi = (int) (Math.min(hi, in.end()) - base);
        int i = (int) (p - base);
        int s = i <= sLo ? i : Bytes.afterLast(buf, sLo, i, (byte) '\n');
        int e = i >= eHi ? i : Bytes.indexOf(buf, i, eHi, (byte) '\n');
        if (e > s && e < eHi && buf[e - 1] == '\r') {
            e--;
        }
        c.lo = lo;
        c.hi = hi;
        c.s = base + s;
        c.e = base + e;
    }

    /** Sets {@link #spanS}/{@link #spanE}: {@code lines} lines before and after the line of {@code p}, clipped. */
    void span(long p, int lines, long lo, long hi) {
        line(pair, p, lo, hi);
        if (lo == spanKeyLo && hi == spanKeyHi && pair.s == spanKeyLine && lines == spanKeyLines) {
            return;
        }
        byte[] buf = in.buf;
        long base = in.base;
        int sLo = (int) (Math.max(lo, base) - base);
        int eHi = (int) (Math.min(hi, in.end()) - base);
        int s = (int) (pair.s - base);
        for (int n = 0; n < lines && s > sLo; n++) {
            s = Bytes.afterLast(buf, sLo, s - 1, (byte) '\n');
        }
        int e = (int) (pair.e - base);
        e = e < eHi ? Bytes.indexOf(buf, e, eHi, (byte) '\n') : e; // past a trimmed carriage return
        for (int n = 0; n < lines && e < eHi; n++) {
            e = Bytes.indexOf(buf, e + 1, eHi, (byte) '\n');
        }
        spanKeyLo = lo;
        spanKeyHi = hi;
        spanKeyLine = pair.s;
        spanKeyLines = lines;
        spanS = base + s;
        spanE = base + e;
    }

    /** The text of the line at {@code abs} (cut to the blocks around it), for allowlists that look at the line. */
    String textAt(long abs) {
        long k = block(abs);
        long base = in.base;
        line(text, Math.max(base, Math.min(abs, in.end() - 1)), k - Engine.BLOCK, k + 2L * Engine.BLOCK);
        int off = (int) (text.s - base);
        return new String(in.buf, off, (int) (text.e - text.s), java.nio.charset.StandardCharsets.UTF_8);
    }
}
