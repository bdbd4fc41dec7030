package io.chathistorybridge.store;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;

/**
 * Which msg_ids may be in the store's table: a Bloom filter (Guava's, thread-safe) over its keys. A key it has never
 * been given is certainly not there, so the lookup of a new msg_id, nearly every lookup of an import, needs no query;
 * a key it may hold (stored, or one time in a hundred by chance) is looked up in the table.
 * <p>
 * Sized for twice the keys it starts with (at least {@value #MIN_CAPACITY}, at most {@value #MAX_CAPACITY}: about
 * 1.2 MB per million). Past its capacity it still answers correctly, only more keys go to the table: the store then
 * builds a bigger one.
 */
final class StoredKeyFilter {

    static final long MIN_CAPACITY = 1_000_000;
    /** About 19 MB: past it the filter fills up slowly and more lookups reach the table, nothing worse. */
    static final long MAX_CAPACITY = 16_000_000;
    private static final double FALSE_POSITIVES = 0.01;

    private final BloomFilter<CharSequence> bloom;
    private final long capacity;
    private final AtomicLong keys = new AtomicLong();

    private StoredKeyFilter(long capacity) {
        this.capacity = capacity;
        this.bloom = BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8), capacity, FALSE_POSITIVES);
    }

    /** A filter for {@code keys} keys and as many again to come, for at least {@code minCapacity}. */
    static StoredKeyFilter sizedFor(long keys, long minCapacity) {
        return new StoredKeyFilter(Math.min(MAX_CAPACITY, Math.max(minCapacity, 2 * keys)));
    }

    void put(String key) {
        bloom.put(key);
        keys.incrementAndGet();
    }

    /** False: the key was never put. True: it was, or (rarely) another key set the same bits. */
    boolean mightContain(String key) {
        return bloom.mightContain(key);
    }

    /** More keys than it was sized for (a bigger one is due), unless it is as big as it gets. */
    boolean full() {
        return keys.get() > capacity && capacity < MAX_CAPACITY;
    }
}
