package dev.keyward.internal.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every occurrence of a fixed set of literals in bytes, some matched without regard to ASCII case.
 *
 * <p>When every literal is at least 4 bytes long (the AWS pack's are), every second position's 3 bytes are looked
 * up in a table of the literals' 3-byte runs, folded to their low five bits (which never separates two bytes
 * that compare equal, whatever the case); a position that passes has its 4 bytes loosely case-folded (OR 0x20)
 * and hashed into a 64 Ki-bit table of the literals' first four bytes. Source text rarely passes both, where a
 * two-byte table passes every {@code se} and {@code ac}; only positions that do are compared byte by byte. With
 * a shorter literal the two-byte table is used. Either way text with no
 * candidate costs one linear pass and allocates nothing. Immutable, thread-safe.
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

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int QUAD_BITS = 16;

    private final byte[][] literals;
    private final List<String> texts;
    private final boolean[] caseInsensitive;
    private final long[] firstTwo = new long[1024];
    private final int[][] byFirstTwo = new int[65536][];
    private final int maxLength;
    /** Whether every literal has 4 bytes or more, so the 4-byte table is used. */
    private final boolean quads;
    private final long[] quadTable = new long[1 << (QUAD_BITS - 6)];
    private final int[][] byQuad;
    /**
     * For the quad scan: a byte per 3-byte run, indexed by its bytes' low five bits (which fold case), set for the
     * literals' runs at offsets 0 and 1. 2 MiB, of which text touches only the lines of the runs it holds.
     */
    private final byte[] triTable = new byte[1 << 21];

    /** Literals and whether each ignores case; a literal's number is its index in the list. */
    Prefilter(List<String> lits, List<Boolean> ignoreCase) {
        texts = List.copyOf(lits);
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
        boolean allLong = true;
        for (byte[] l : literals) {
            allLong &= l.length >= 4;
        }
        quads = allLong;
        byQuad = new int[quads ? 1 << QUAD_BITS : 0][];
        if (quads) {
            Map<Integer, List<Integer>> quadBuckets = new LinkedHashMap<>();
            for (int k = 0; k < literals.length; k++) {
                int h = quadHash((int) INT_LE.get(literals[k], 0));
                quadTable[h >>> 6] |= 1L << h;
                quadBuckets.computeIfAbsent(h, x -> new ArrayList<>()).add(k); // ascending: hits keep list order
            }
            for (Map.Entry<Integer, List<Integer>> e : quadBuckets.entrySet()) {
                byQuad[e.getKey()] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            }
            for (byte[] l : literals) {
                for (int j = 0; j <= 1; j++) {
                    triTable[triIndex(l[j] & 0xff | (l[j + 1] & 0xff) << 8 | (l[j + 2] & 0xff) << 16)] = 1;
                }
            }
        }
    }

    private static int triIndex(int threeBytes) {
        return threeBytes & 0x1f1f1f;
    }

    private static int quadHash(int fourBytes) {
        return ((fourBytes | 0x20202020) * 0x9E3779B1) >>> (32 - QUAD_BITS);
    }

    /** The literals, by number (for tests). */
    List<String> literalTexts() {
        return texts;
    }

    /** Whether each literal ignores case, by number (for tests). */
    List<Boolean> literalCaseInsensitive() {
        List<Boolean> out = new ArrayList<>();
        for (boolean b : caseInsensitive) {
            out.add(b);
        }
        return out;
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
        if (literals.length == 0 || from >= Math.min(to, limit)) {
            return;
        }
        if (quads) {
            scanQuads(buf, from, Math.min(to, limit - 3), limit, hit);
            return;
        }
        int end = Math.min(to, limit - 1);
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

    private void scanQuads(byte[] buf, int from, int end, int limit, Hit hit) {
        final byte[] table = triTable;
        // Only every second position q is looked up, on its 3 bytes: a literal starting at p holds the 3 bytes at
        // q = p (its offset 0) or at q = p + 1 (offset 1), and both are in the table, so a hit at q checks p = q - 1
        // and p = q. Eight positions per 16 bytes, one branch for all eight. Under C1, the launcher's compiler,
        // this is 1.4x a multiplicative hash into a bit table: no multiply, no shift by a variable.
        int q = from;
        for (; q + 14 < end; q += 16) {
            long x = (long) LONG_LE.get(buf, q);
            long y = (long) LONG_LE.get(buf, q + 8);
            int t0 = triIndex((int) x);
            int t1 = triIndex((int) (x >>> 16));
            int t2 = triIndex((int) (x >>> 32));
            int t3 = triIndex((int) ((x >>> 48) | (y << 16)));
            int t4 = triIndex((int) y);
            int t5 = triIndex((int) (y >>> 16));
            int t6 = triIndex((int) (y >>> 32));
            int t7 = triIndex((int) INT_LE.get(buf, q + 14));
            if ((table[t0] | table[t1] | table[t2] | table[t3] | table[t4] | table[t5] | table[t6] | table[t7]) != 0) {
                triAt(buf, q, t0, from, limit, hit);
                triAt(buf, q + 2, t1, from, limit, hit);
                triAt(buf, q + 4, t2, from, limit, hit);
                triAt(buf, q + 6, t3, from, limit, hit);
                triAt(buf, q + 8, t4, from, limit, hit);
                triAt(buf, q + 10, t5, from, limit, hit);
                triAt(buf, q + 12, t6, from, limit, hit);
                triAt(buf, q + 14, t7, from, limit, hit);
            }
        }
        // The rest one position at a time, from the first start no block has covered.
        for (int i = Math.max(from, q - 1); i < end; i++) {
            quadAt(buf, i, quadHash((int) INT_LE.get(buf, i)), limit, hit);
        }
    }

    private void triAt(byte[] buf, int q, int t, int from, int limit, Hit hit) {
        if (triTable[t] != 0) {
            if (q > from) {
                quadAt(buf, q - 1, quadHash((int) INT_LE.get(buf, q - 1)), limit, hit);
            }
            quadAt(buf, q, quadHash((int) INT_LE.get(buf, q)), limit, hit);
        }
    }

    private void quadAt(byte[] buf, int i, int h, int limit, Hit hit) {
        if ((quadTable[h >>> 6] & (1L << h)) != 0) {
            confirm(buf, i, limit, byQuad[h], hit);
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
