package io.chathistorybridge.store;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's answer to "never imported" without a query: a {@link StoredKeyFilter} over the table's keys,
 * built by a scan of the table in the background (at start, and bigger when it is full; the old one answers
 * meanwhile) and given every key journaled after. Until the first build is done every lookup queries the table.
 */
final class LookupFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ImportedMessages.class);

    private final KeyTable table;
    private final GroupCommit commits;
    private final Set<String> journaled;
    private final Supplier<ExecutorService> mover;
    private final long minCapacity;
    /** The table's keys, once scanned: a key it never saw is not in the table. Null until then. */
    private volatile StoredKeyFilter filter;
    /** A filter being filled by a scan (at start, or a bigger one when the filter is full): journaled keys go in too. */
    private volatile StoredKeyFilter filling;
    private final AtomicBoolean refilling = new AtomicBoolean();

    /** @param journaled the keys in the journal; {@code mover} the thread that builds (null while stopped) */
    LookupFilter(KeyTable table, GroupCommit commits, Set<String> journaled, Supplier<ExecutorService> mover,
                 long minCapacity) {
        this.table = table;
        this.commits = commits;
        this.journaled = journaled;
        this.mover = mover;
        this.minCapacity = minCapacity;
    }

    /** False only when the key is surely not in the table; true before the first build. */
    boolean mightContain(String key) {
        StoredKeyFilter f = filter;
        return f == null || f.mightContain(key);
    }

    boolean ready() {
        return filter != null;
    }

    void forget() {
        filter = null;
    }

    /**
     * Gives journaled keys to the filters: they will be in the table. A full filter makes the mover build a bigger one
     * (the old one answers meanwhile).
     */
    void remember(List<String> keys) {
        StoredKeyFilter current = filter;
        StoredKeyFilter next = filling;
        for (String key : keys) {
            if (current != null) {
                current.put(key);
            }
            if (next != null) {
                next.put(key);
            }
        }
        refillIfFull(current);
    }

    /**
     * Has the mover build a bigger filter when this one is full. Also asked when a build ends: keys put while it ran
     * (sized from an earlier count) may have filled the new one, and no later add may come to ask again.
     */
    private void refillIfFull(StoredKeyFilter current) {
        ExecutorService m = mover.get();
        if (current != null && current.full() && m != null && refilling.compareAndSet(false, true)) {
            try {
                m.execute(this::build);
            } catch (RejectedExecutionException stopping) {
                refilling.set(false);
            }
        }
    }

    /**
     * Builds the filter: sized from the table's count, given the journal's keys (under the writer's lock, so no group
     * commit falls between the two), then every key of the table. A key leaves the journal only once committed to
     * the table, so one missing from the journal when it is copied is in the table when the scan reads it.
     */
    void build() {
        long t0 = System.nanoTime();
        boolean built = false;
        try {
            StoredKeyFilter next = StoredKeyFilter.sizedFor(table.count() + journaled.size(), minCapacity);
            commits.underLock(() -> {
                filling = next;
                journaled.forEach(next::put);
            });
            long scanned = table.scan(next::put);
            if (scanned < 0) {
                return; // stopping
            }
            commits.underLock(() -> {
                filter = next;
                filling = null;
            });
            built = true;
            LOG.info("Imported-message store: {} msg_ids in the table, read in {} ms; lookups of new msg_ids no longer"
                    + " query it", scanned, (System.nanoTime() - t0) / 1_000_000);
        } catch (SQLException | IOException e) {
            LOG.warn("Imported-message store: cannot read the table's msg_ids ({}); every lookup queries the table",
                    e.getMessage());
        } finally {
            filling = null;
            refilling.set(false);
        }
        if (built) {
            refillIfFull(filter);
        }
    }
}
