package dev.keyward.internal.detect;

import java.nio.charset.StandardCharsets;

/** The inline markers that allow every finding on their line, and the answer for the last line asked about. */
final class InlineMarkers {

    private static final byte[][] MARKERS = {
        "keyward:allow".getBytes(StandardCharsets.US_ASCII),
        "gitleaks:allow".getBytes(StandardCharsets.US_ASCII),
        "pragma: allowlist secret".getBytes(StandardCharsets.US_ASCII),
    };

    private final Buffer in;
    private final LineIndex lines;
    private long lineS = -1;
    private long lineE = -1;
    private boolean answer;

    InlineMarkers(Buffer in, LineIndex lines) {
        this.in = in;
        this.lines = lines;
    }

    /** Whether the line at {@code abs} (cut to the blocks around it) holds a marker. */
    boolean allowed(long abs) {
        long k = LineIndex.block(abs);
        LineIndex.Line l = lines.allow;
        lines.line(l, abs, k - Engine.BLOCK, k + 2L * Engine.BLOCK);
        if (l.s == lineS && l.e == lineE) {
            return answer;
        }
        lineS = l.s;
        lineE = l.e;
        answer = holdsMarker(in.buf, (int) (lineS - in.base), (int) (lineE - in.base));
        return answer;
    }

    private static boolean holdsMarker(byte[] buf, int s, int e) {
        // One pass over the line for the markers' first letters, rather than one pass per marker.
        for (int i = s; i < e; i++) {
            byte b = buf[i];
            if (b != 'k' && b != 'g' && b != 'p') {
                continue;
            }
            for (byte[] marker : MARKERS) {
                if (marker[0] == b && startsWith(buf, i, e, marker)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] buf, int i, int e, byte[] marker) {
        if (i + marker.length > e) {
            return false;
        }
        for (int k = 1; k < marker.length; k++) {
            if (buf[i + k] != marker[k]) {
                return false;
            }
        }
        return true;
    }
}
