package io.chathistorybridge.export;

/**
 * A set of longs in one open-addressing array (8 bytes a slot, at most half full): remembers a million
 * numeric msg_ids ({@link SeenIds}) in 16-32 MB, where a set of String ids would need several times that.
 */
final class LongHashSet {

    private static final long EMPTY = 0L;

    private long[] slots;
    private int size;
    private boolean hasZero;

    LongHashSet(int expected) {
        int capacity = 16;
        while (capacity < expected * 2L) {
            capacity <<= 1;
        }
        slots = new long[capacity];
    }

    /** Adds the value; false when it was already there. */
    boolean add(long value) {
        if (value == EMPTY) {
            boolean added = !hasZero;
            hasZero = true;
            if (added) {
                size++;
            }
            return added;
        }
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        return insert(slots, value);
    }

    int size() {
        return size;
    }

    private boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        int i = (int) mix(value) & mask;
        while (true) {
            long v = table[i];
            if (v == EMPTY) {
                table[i] = value;
                if (table == slots) {
                    size++;
                }
                return true;
            }
            if (v == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = slots;
        long[] bigger = new long[old.length << 1];
        int mask = bigger.length - 1;
        for (long v : old) {
            if (v != EMPTY) {
                int i = (int) mix(v) & mask;
                while (bigger[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                bigger[i] = v;
            }
        }
        slots = bigger;
    }

    /** murmur3 fmix64: spreads the bits so that linear probing stays short. */
    static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
