package io.chathistorybridge.export;

import java.util.HashSet;
import java.util.Set;

import com.carrotsearch.hppc.LongHashSet;

/**
 * The msg_ids seen in one hour, exact (no hash stands in for an id, so no two ids can be taken for one).
 * <p>
 * Today's ids are decimal strings of up to 19 digits: below 10^19 &lt; 2^64, so each is kept as its unsigned
 * 64-bit value in a primitive {@link LongHashSet}. Any other id (the older 14-character ids such as
 * {@code 5I02W-16-8278a}, a leading zero, more digits) is kept as the string itself.
 */
final class SeenIds {

    private static final int MAX_DIGITS = 19;

    private final LongHashSet numbers;
    private final Set<String> others = new HashSet<>();

    SeenIds(int expected) {
        numbers = new LongHashSet(expected);
    }

    /** Remembers the id; false when it was already seen. */
    boolean add(String id) {
        return isCanonicalNumber(id) ? numbers.add(Long.parseUnsignedLong(id)) : others.add(id);
    }

    /** 1-19 digits and no leading zero: the strings that map one to one onto unsigned longs. */
    static boolean isCanonicalNumber(String id) {
        int n = id.length();
        if (n == 0 || n > MAX_DIGITS || n > 1 && id.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
