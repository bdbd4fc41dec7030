package io.chathistorybridge.store;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

/**
 * One target app's rows of the table of imported keys ({@value ImportedMessages#TABLE}): lookups on a few
 * connections kept open with their statement, the moves of journal segments in big transactions, and the shared
 * store's claim of a group's keys.
 */
final class KeyTable {

    /** A lookup takes microseconds (H2) to a round trip (a database server): a few connections serve all lanes. */
    private static final int LOOKUP_CONNECTIONS = 4;
    /**
     * Keys per transaction when a segment moves to the table: a whole segment. Each commit rewrites the B-tree's pages
     * up to the root (H2's MVStore copies on write), which costs more the bigger the table (bench/RESULTS.md, the
     * store's figures).
     */
    private static final int MOVE_BATCH = ImportedMessages.SEGMENT_KEYS;
    private static final String TABLE = ImportedMessages.TABLE;

    private record Lookup(Connection connection, PreparedStatement exists) {
    }

    private final DataSource dataSource;
    private final String app;
    private final BooleanSupplier stopping;
    private final BlockingQueue<Lookup> idleLookups = new LinkedBlockingQueue<>();
    private final Semaphore lookupSlots = new Semaphore(LOOKUP_CONNECTIONS);

    /** @param app the target app's key (the rows' processorName); {@code stopping} whether the store stops */
    KeyTable(DataSource dataSource, String app, BooleanSupplier stopping) {
        this.dataSource = dataSource;
        this.app = app;
        this.stopping = stopping;
    }

    /**
     * Whether the key is in the table: one primary-key lookup on a connection kept open for lookups. Taking a pooled
     * connection per lookup would end in a rollback on close, which waits for the group commit's lock.
     */
    boolean contains(String key) {
        Lookup lookup = takeLookup();
        boolean healthy = false;
        try {
            lookup.exists().setString(1, app);
            lookup.exists().setString(2, key);
            boolean found;
            try (ResultSet rs = lookup.exists().executeQuery()) {
                found = rs.next();
            }
            healthy = true;
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up imported msg_id " + key + ": " + e.getMessage(), e);
        } finally {
            giveBack(lookup, healthy);
        }
    }

    private Lookup takeLookup() {
        try {
            lookupSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up an imported msg_id", e);
        }
        Lookup idle = idleLookups.poll();
        if (idle != null) {
            return idle;
        }
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            return new Lookup(c, c.prepareStatement("SELECT 1 FROM " + TABLE
                    + " WHERE processorName = ? AND messageId = ?"));
        } catch (SQLException e) {
            closeQuietly(c);
            lookupSlots.release();
            throw new IllegalStateException("cannot open the store for lookups: " + e.getMessage(), e);
        }
    }

    /** A lookup that failed may have a broken connection: it is closed, the next caller opens a new one. */
    private void giveBack(Lookup lookup, boolean healthy) {
        if (healthy && !stopping.getAsBoolean()) {
            idleLookups.add(lookup);
        } else {
            closeQuietly(lookup.connection());
        }
        lookupSlots.release();
    }

    /** Closes the connections kept for lookups (the store stops). */
    void closeLookups() {
        for (Lookup idle; (idle = idleLookups.poll()) != null; ) {
            closeQuietly(idle.connection());
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a connection that already failed: nothing more to do
            }
        }
    }

    /**
     * The shared store's group commit: one statement inserts the batch's keys that no process stored yet, and each
     * caller learns whether its key was new (the same key twice in a batch: the first caller's). A failure (the
     * database away) fails the batch's recordings.
     */
    void claim(List<GroupCommit.Pending> batch) {
        Set<String> keys = new HashSet<>();
        batch.forEach(p -> keys.add(p.key()));
        Set<String> added;
        try {
            added = claim(keys);
        } catch (SQLException e) {
            SQLException failure = new SQLException("cannot store imported msg_ids: " + e.getMessage(), e);
            batch.forEach(p -> p.fail(failure));
            return;
        }
        batch.forEach(p -> p.added(added.remove(p.key())));
    }

    private Set<String> claim(Set<String> keys) throws SQLException {
        Set<String> added = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                     + " (processorName, messageId, createdAt) SELECT ?, k, ? FROM unnest(?) AS k"
                     + " ON CONFLICT DO NOTHING RETURNING messageId")) {
            c.setAutoCommit(true);
            insert.setString(1, app);
            insert.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
            insert.setArray(3, c.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    added.add(rs.getString(1));
                }
            }
        }
        return added;
    }

    /**
     * Inserts the keys in transactions of {@value #MOVE_BATCH}. A key is rarely in the table already (a crash after
     * a move, before its segment was deleted): a batch that breaks the primary key is rolled back and written again
     * without the keys that are there.
     */
    void move(List<String> keys) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (int from = 0; from < keys.size(); from += MOVE_BATCH) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + MOVE_BATCH));
                try {
                    try {
                        insert(c, batch, Set.of());
                        c.commit();
                    } catch (BatchUpdateException alreadyThere) {
                        c.rollback();
                        insert(c, batch, present(c, batch));
                        c.commit();
                    }
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
    }

    /**
     * The batch's keys already stored. One primary-key lookup per key: H2 does not use the key's second column for
     * {@code messageId IN (...)}, so a batched IN would scan the whole target app.
     */
    private Set<String> present(Connection c, List<String> batch) throws SQLException {
        Set<String> present = new HashSet<>();
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM " + TABLE
                + " WHERE processorName = ? AND messageId = ?")) {
            for (String key : batch) {
                exists.setString(1, app);
                exists.setString(2, key);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        present.add(key);
                    }
                }
            }
        }
        return present;
    }

    /** Inserts the batch's keys but those present (and repeats). */
    private void insert(Connection c, List<String> batch, Set<String> present) throws SQLException {
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                + " (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
            Timestamp now = new Timestamp(System.currentTimeMillis());
            for (String key : batch) {
                if (!present.contains(key) && inserted.add(key)) {
                    insert.setString(1, app);
                    insert.setString(2, key);
                    insert.setTimestamp(3, now);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }
}
