package dev.keyward.internal.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every occurrence of a fixed set of literals in bytes, some matched without regard to ASCII case. A
 * 64 Ki-bit table of the literals' first two (case-folded) bytes rejects almost every position with two loads and
 * a bit test, so text with no candidate costs one linear pass and allocates nothing. Immutable, thread-safe.
 */
final class Prefilter {

    /** Receives each hit: the index in the buffer and the literal's number. */
    interface Hit {
        void at(int index, int literal);
    }

    static final byte[] FOLD = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            FOLD[i] = (byte) (i >= 'A' && i <= 'Z' ? i + 32 : i);
        }
    }

    private final byte[][] literals;
    private final boolean[] caseInsensitive;
    private final long[] firstTwo = new long[1024];
    private final int[][] byFirstTwo = new int[65536][];
    private final int maxLength;

    /** Literals and whether each ignores case; a literal's number is its index in the list. */
    Prefilter(List<String> lits, List<Boolean> ignoreCase) {
        literals = new byte[lits.size()][];
        caseInsensitive = new boolean[lits.size()];
        Map<Integer, List<Integer>> buckets = new LinkedHashMap<>();
        int n = 0;
        int max = 0;
        for (String text : lits) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            if (b.length < 2) {
                throw new IllegalArgumentException("literal shorter than 2 bytes: " + text);
            }
            literals[n] = b;
            caseInsensitive[n] = ignoreCase.get(n);
            int key = ((FOLD[b[0] & 0xff] & 0xff) << 8) | (FOLD[b[1] & 0xff] & 0xff);
            firstTwo[key >>> 6] |= 1L << key;
            buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
            max = Math.max(max, b.length);
            n++;
        }
        for (Map.Entry<Integer, List<Integer>> e : buckets.entrySet()) {
            byFirstTwo[e.getKey()] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
        }
        maxLength = max;
    }

    int maxLength() {
        return maxLength;
    }

    int size() {
        return literals.length;
    }

    /**
     * Reports literals starting at indexes {@code from} (inclusive) to {@code to} (exclusive); bytes up to
     * {@code limit} may be read to confirm a literal.
     */
    void scan(byte[] buf, int from, int to, int limit, Hit hit) {
        int end = Math.min(to, limit - 1);
        if (literals.length == 0) {
            return;
        }
        final long[] table = firstTwo;
        final byte[] fold = FOLD;
        int prev = fold[buf[from] & 0xff] & 0xff;
        for (int i = from; i < end; i++) {
            int next = fold[buf[i + 1] & 0xff] & 0xff;
            int key = (prev << 8) | next;
            prev = next;
            if ((table[key >>> 6] & (1L << key)) != 0) {
                confirm(buf, i, limit, byFirstTwo[key], hit);
            }
        }
    }

    private void confirm(byte[] buf, int i, int limit, int[] candidates, Hit hit) {
        for (int lit : candidates) {
            byte[] l = literals[lit];
            if (i + l.length > limit) {
                continue;
            }
            boolean ci = caseInsensitive[lit];
            boolean ok = true;
            for (int k = 0; k < l.length; k++) {
                byte a = buf[i + k];
                byte b = l[k];
                if (a != b && !(ci && FOLD[a & 0xff] == FOLD[b & 0xff])) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                hit.at(i, lit);
            }
        }
    }
}
