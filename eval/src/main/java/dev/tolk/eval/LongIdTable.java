package dev.tolk.eval;

import java.util.Arrays;

/**
 * An open-addressing map from {@code long} keys to dense ids 0, 1, 2, ... in insertion order; the hot inner
 * structure of n-gram matching (no boxing). Not thread-safe.
 */
final class LongIdTable {
    private long[] keys = new long[16];
    private int[] ids = new int[16];
    private int mask = 15;
    private int shift = 60;
    private int size;

    /** Empties the table, sized for about {@code expected} keys. */
    void reset(int expected) {
        int needed = Integer.highestOneBit(Math.max(8, expected) * 2 - 1) << 1;
        if (needed > ids.length || ids.length > 8 * needed) {
            keys = new long[needed];
            ids = new int[needed];
            mask = needed - 1;
            shift = 64 - Integer.numberOfTrailingZeros(needed);
        }
        Arrays.fill(ids, -1);
        size = 0;
    }

    /** Number of distinct keys added since {@link #reset}. */
    int size() {
        return size;
    }

    /** The id of {@code key}, adding it with the next id when absent. */
    int getOrAdd(long key) {
        if (2 * (size + 1) > ids.length) {
            grow();
        }
        int slot = slot(key);
        while (ids[slot] >= 0) {
            if (keys[slot] == key) {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ids[slot] = size;
        return size++;
    }

    /** The id of {@code key}, or -1 when absent. */
    int get(long key) {
        int slot = slot(key);
        while (ids[slot] >= 0) {
            if (keys[slot] == key) {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldIds = ids;
        int cap = ids.length * 2;
        keys = new long[cap];
        ids = new int[cap];
        Arrays.fill(ids, -1);
        mask = cap - 1;
        shift = 64 - Integer.numberOfTrailingZeros(cap);
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] >= 0) {
                int slot = slot(oldKeys[i]);
                while (ids[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                ids[slot] = oldIds[i];
            }
        }
    }
}
