package dev.keyward.internal.detect;

/**
 * {@link Unescape#hasEscape(byte[], int, int)} over a scan's buffer, remembering where the next escape is.
 * Around every key ID each pairing rule asks about the lines there, the lines overlap from one key ID to the next,
 * and each line with a keyword is asked about once per rule: text dense with credentials was read several times
 * over for escapes it rarely holds. Here each byte of the windows is read about once.
 * Offsets are kept as input offsets, which name the same bytes all scan long. One per scan.
 */
final class EscapeCursor {

    private final Buffer in;
    /**
     * No escape starts at input offsets [from, next); one starts at {@code next} when {@code found}, else
     * {@code next} is as far as the bytes held when looked could tell (an escape is up to 3 bytes long).
     */
    private long from = -1;
    private long next = -1;
    private boolean found;

    EscapeCursor(Buffer in) {
        this.in = in;
    }

    /** Whether {@code in.buf[off, end)} holds an escape, as {@link Unescape#hasEscape(byte[], int, int)} says. */
    boolean hasEscape(int off, int end) {
        // The first escape at or after off, judged against all the bytes held: if it does not fit before end, no
        // later one does (each is at least 2 bytes long, and one of 2 that does not fit starts at end - 1 or on).
        // Looking no further than end: on sparse lines, reading ahead cost more than the windows themselves.
        int j = nextEscape(off, end);
        return j < end && j + (in.buf[j] == '%' ? 3 : 2) <= end;
    }

    /**
     * The index of the first escape at or after {@code i} in the held bytes if there is one before {@code limit};
     * else an index at or past {@code limit}.
     */
    int nextEscape(int i, int limit) {
        long base = in.base;
        byte[] b = in.buf;
        int n = in.len;
        long abs = base + i;
        int j;
        if (abs >= from && abs <= next) {
            j = (int) (next - base);
            if (found || j >= limit) {
                return j;
            }
        } else {
            boolean joins = abs < from && from - base <= limit;
            int stop = joins ? (int) (from - base) : limit;
            j = scan(b, i, stop, n);
            from = abs;
            if (j < stop || !joins) {
                return remember(base, i, j, limit, n);
            }
            j = (int) (next - base); // ran into the known stretch, which now starts at abs
            if (found || j >= limit) {
                return j;
            }
        }
        return remember(base, j, scan(b, j, limit, n), limit, n); // the known stretch ended early: look on
    }

    private int remember(long base, int scannedFrom, int j, int limit, int n) {
        found = j < limit;
        // Without an escape, the stretch ends at the limit, or 2 bytes short of the held bytes' end: the last 2
        // may yet start an escape when more are read.
        next = base + (found ? j : Math.max(scannedFrom, Math.min(limit, n - 2)));
        return j;
    }

    private static int scan(byte[] b, int i, int stop, int n) {
        for (; i < stop; i++) {
            byte c = b[i];
            if ((c == '%' || c == '\\') && Unescape.escapeAt(b, i, n)) {
                return i;
            }
        }
        return stop;
    }
}
