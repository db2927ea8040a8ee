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
        for (byte[] marker : MARKERS) {
            outer:
            for (int i = s; i + marker.length <= e; i++) {
                for (int k = 0; k < marker.length; k++) {
                    if (buf[i + k] != marker[k]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
