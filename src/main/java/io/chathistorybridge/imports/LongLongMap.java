package io.chathistorybridge.imports;

import java.util.Arrays;

/** A primitive long-to-long hash map (open addressing): no boxed entries for millions of conversations. */
final class LongLongMap {

    private static final long FREE = Long.MIN_VALUE;

    private long[] keys;
    private long[] values;
    private int size;

    LongLongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, FREE);
    }

    /** The value, or {@code missing} when the key is absent. */
    long get(long key, long missing) {
        int i = slot(keys, key);
        return keys[i] == FREE ? missing : values[i];
    }

    void put(long key, long value) {
        if (key == FREE) {
            key = FREE + 1; // the one reserved value folds onto its neighbour: at worst two lanes share
        }
        int i = slot(keys, key);
        values[i] = value; // before a grow, which copies it
        if (keys[i] == FREE) {
            keys[i] = key;
            size++;
            if (size * 2 > keys.length) {
                grow();
            }
        }
    }

    int size() {
        return size;
    }

    private static int slot(long[] keys, long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (keys[i] != FREE && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, FREE);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != FREE) {
                int i = slot(keys, oldKeys[j]);
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }
}
