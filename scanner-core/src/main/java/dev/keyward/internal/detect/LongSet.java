package dev.keyward.internal.detect;

import java.util.Arrays;

/**
 * A set of longs, open addressing with linear probing, without boxing: on text dense with credentials a
 * {@code HashMap<Long, ...>} of the kept candidates' keys cost a tenth of a scan in boxing and {@code Long.equals}.
 * One value, {@link #FREE}, marks empty slots and cannot be held (candidate keys are never negative). Not
 * thread-safe: one per scan.
 */
final class LongSet {

    static final long FREE = Long.MIN_VALUE;

    private long[] slots = new long[16];
    private int size;

    LongSet() {
        Arrays.fill(slots, FREE);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    boolean contains(long k) {
        long[] s = slots;
        int mask = s.length - 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            long v = s[i];
            if (v == FREE) {
                return false; // first, so the marker itself is never found
            }
            if (v == k) {
                return true;
            }
        }
    }

    /** Adds {@code k}; false when it was there already. */
    boolean add(long k) {
        if (k == FREE) {
            throw new IllegalArgumentException("the free marker cannot be held");
        }
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        long[] s = slots;
        int mask = s.length - 1;
        int i = slot(k, mask);
        for (; s[i] != FREE; i = (i + 1) & mask) {
            if (s[i] == k) {
                return false;
            }
        }
        s[i] = k;
        size++;
        return true;
    }

    /** Removes {@code k}; false when it was not there. */
    boolean remove(long k) {
        long[] s = slots;
        int mask = s.length - 1;
        int i = slot(k, mask);
        while (s[i] != k) {
            if (s[i] == FREE) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: later entries of the probe run move into the hole when their home slot is not
        // between the hole and where they sit, so no tombstones are needed and lookups stay short.
        int hole = i;
        for (int j = (hole + 1) & mask; s[j] != FREE; j = (j + 1) & mask) {
            int home = slot(s[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                s[hole] = s[j];
                hole = j;
            }
        }
        s[hole] = FREE;
        size--;
        return true;
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(slots, FREE);
            size = 0;
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        Arrays.fill(slots, FREE);
        size = 0;
        for (long v : old) {
            if (v != FREE) {
                add(v);
            }
        }
    }

    private static int slot(long k, int mask) {
        long h = k * 0x9E3779B97F4A7C15L; // keys are offsets times the kind count: mixed so neighbours spread
        return (int) (h ^ (h >>> 32)) & mask;
    }

}
