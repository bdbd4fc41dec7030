package io.chathistorybridge.store;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * Source msg_ids already imported into the target app: camel-sql's JDBC idempotent repository, keyed by
 * (target appkey, source msg_id). Camel's own table has no key, so lookups would become linear: this
 * creates it with a primary key. A key is added only after the import call succeeded, so a crash can cause
 * a duplicate for a message in flight, never a loss. Lookups are one indexed SELECT each (no transaction:
 * camel-sql's opens one per lookup, which cost more than the import call itself); adds are group-committed.
 */
public final class ImportedMessages extends JdbcMessageIdRepository {

    public static final String TABLE = "CAMEL_MESSAGEPROCESSED";
    /** A lookup takes microseconds (H2) to a round trip (a database server): a few connections serve all lanes. */
    private static final int LOOKUP_CONNECTIONS = 4;

    private final DataSource dataSource;

    /** @param targetAppKey {@code org#app} of the target: the same msg_id may go to another app */
    public ImportedMessages(DataSource dataSource, String targetAppKey) {
        super(dataSource, targetAppKey);
        this.dataSource = dataSource;
        setCreateTableIfNotExists(false);
    }

    @Override
    protected void doInit() throws Exception {
        createTable();
        super.doInit();
    }

    private void createTable() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (processorName VARCHAR(255) NOT NULL,"
                    + " messageId VARCHAR(512) NOT NULL, createdAt TIMESTAMP,"
                    + " PRIMARY KEY (processorName, messageId))");
        }
    }

    /**
     * Whether the key was imported before: one primary-key lookup on a connection kept open for lookups. Taking a
     * pooled connection per lookup would end in a rollback on close, which waits for the group commit's lock.
     */
    @Override
    public boolean contains(String key) {
        startIfNeeded();
        Lookup lookup = takeLookup();
        boolean healthy = false;
        try {
            lookup.exists().setString(1, getProcessorName());
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

    /** Routes call the store from expressions, which do not start beans: the first call creates the table. */
    private void startIfNeeded() {
        if (!isStarted()) {
            start();
        }
    }

    private record Lookup(Connection connection, PreparedStatement exists) {
    }

    private final BlockingQueue<Lookup> idleLookups = new LinkedBlockingQueue<>();
    private final Semaphore lookupSlots = new Semaphore(LOOKUP_CONNECTIONS);

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
        if (healthy && !isStoppingOrStopped()) {
            idleLookups.add(lookup);
        } else {
            closeQuietly(lookup.connection());
        }
        lookupSlots.release();
    }

    @Override
    protected void doStop() throws Exception {
        for (Lookup idle; (idle = idleLookups.poll()) != null; ) {
            closeQuietly(idle.connection());
        }
        super.doStop();
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
     * Remembers a key durably before returning. Adds arriving together (one per conversation lane) share one
     * transaction and one commit (group commit): with every commit written at once, one commit per key would
     * cap the import at the disk's commit rate.
     */
    @Override
    public boolean add(String key) {
        try {
            return addLater(key).onDisk().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing " + key, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot store imported msg_id " + key + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /**
     * Queues the key for the next group commit and returns at once; the recording's future completes (true when
     * the key is new) once the key is on disk. The caller that finds the writer free writes the queue, its own key
     * included; a caller that finds it busy leaves its key to the writer, which checks the queue again before it
     * leaves.
     */
    public Recording addLater(String key) {
        startIfNeeded();
        Pending pending = new Pending(key);
        queue.add(pending);
        drainIfFree();
        return new Recording(pending.done());
    }

    /**
     * A key on its way to disk. Not a {@code CompletionStage} itself: Camel would wait for one returned from a
     * bean call, and the point is not to wait.
     *
     * @param onDisk completes with true (the key is new) or false (it was there) once committed
     */
    public record Recording(CompletableFuture<Boolean> onDisk) {
    }

    /** A key waiting for its commit; its outcome is set by the writer and handed to the caller after the lock. */
    private static final class Pending {
        private final String key;
        private final CompletableFuture<Boolean> done = new CompletableFuture<>();
        private boolean added;
        private SQLException failure;

        Pending(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }

        CompletableFuture<Boolean> done() {
            return done;
        }

        void complete() {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(added);
            }
        }
    }

    private static final int LINGER_UNTIL_KEYS = 64;
    private static final long LINGER_NANOS = 5_000_000;

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    private void drainIfFree() {
        while (!queue.isEmpty() && writer.tryLock()) {
            List<Pending> batch = new ArrayList<>();
            try {
                if (queue.size() < LINGER_UNTIL_KEYS) {
                    // a commit costs about the same for 1 key or 100: waiting a moment for more keys makes
                    // fewer, larger commits (nobody waits for this one; conversations wait for their own key)
                    LockSupport.parkNanos(LINGER_NANOS);
                }
                for (Pending p; batch.size() < 512 && (p = queue.poll()) != null; ) {
                    batch.add(p);
                }
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } finally {
                writer.unlock();
            }
            // completed outside the lock: a caller's continuation may add again at once
            batch.forEach(Pending::complete);
        }
    }

    /**
     * The batch's keys already stored. One primary-key lookup per key: H2 does not use the key's second column for
     * {@code messageId IN (...)}, so a batched IN would scan the whole target app.
     */
    private Set<String> present(Connection c, List<Pending> batch) throws SQLException {
        Set<String> present = new HashSet<>();
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM " + TABLE
                + " WHERE processorName = ? AND messageId = ?")) {
            for (Pending p : batch) {
                exists.setString(1, getProcessorName());
                exists.setString(2, p.key());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        present.add(p.key());
                    }
                }
            }
        }
        return present;
    }

    /**
     * One transaction for the batch. A key is almost never there already (a lane looked it up before the post), so
     * the batch is first inserted as it is; only when that fails (a key was there: the insert breaks the primary key)
     * is it rolled back and written again, each key looked up first.
     */
    private void write(List<Pending> batch) {
        Map<String, Boolean> added;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try {
                    added = insert(c, batch, Set.of());
                    c.commit();
                } catch (BatchUpdateException alreadyThere) {
                    c.rollback();
                    added = insert(c, batch, present(c, batch));
                    c.commit();
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            batch.forEach(p -> p.failure = e);
            return;
        }
        for (Pending p : batch) {
            // the same key twice in one batch: the first caller added it, the second finds it there
            p.added = Boolean.TRUE.equals(added.put(p.key(), false));
        }
    }

    /** Inserts the batch's keys but those present; returns each key with whether it is new. */
    private Map<String, Boolean> insert(Connection c, List<Pending> batch, Set<String> present) throws SQLException {
        Map<String, Boolean> added = new LinkedHashMap<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                + " (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
            Timestamp now = new Timestamp(System.currentTimeMillis());
            for (Pending p : batch) {
                if (added.containsKey(p.key())) {
                    continue;
                }
                boolean fresh = !present.contains(p.key());
                if (fresh) {
                    insert.setString(1, getProcessorName());
                    insert.setString(2, p.key());
                    insert.setTimestamp(3, now);
                    insert.addBatch();
                }
                added.put(p.key(), fresh);
            }
            insert.executeBatch();
        }
        return added;
    }
}
