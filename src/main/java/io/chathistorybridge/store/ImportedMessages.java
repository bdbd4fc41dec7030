package io.chathistorybridge.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source msg_ids already imported into the target app: camel-sql's JDBC idempotent repository, keyed by
 * (target appkey, source msg_id). Camel's own table has no key, so lookups would become linear: this
 * creates it with a primary key. A key is added only after the import call succeeded, so a crash can cause
 * a duplicate for a message in flight, never a loss. Lookups are one indexed SELECT each (no transaction:
 * camel-sql's opens one per lookup, which cost more than the import call itself).
 * <p>
 * Adds are group-committed to a {@link KeyJournal} (an append-only file per target app under {@code journalDir}),
 * not to the table: a table commit per group wrote a chunk of B-tree pages and cost more CPU than the import call.
 * The journal's keys are also held in memory for lookups until a background mover has put them in the table, in
 * batches of thousands; keys left in the journal by a crash are loaded again at start and moved.
 * <p>
 * Most lookups are of msg_ids never imported: a {@link StoredKeyFilter} over the table's keys answers those without a
 * query. It is filled at start by a scan of the table in the background (lookups query the table until it is done) and
 * given every key journaled after.
 * <p>
 * The shared store (PostgreSQL, {@code journalDir} null) has neither: the journal and the filter live in one process
 * and are blind to the keys another bridge writes. Its group commit claims the keys in the table itself, one
 * {@code INSERT ... ON CONFLICT DO NOTHING} per group (a PostgreSQL commit is cheap), and every lookup queries the
 * table: a key two bridges add at once is new for one of them only.
 */
public final class ImportedMessages extends JdbcMessageIdRepository {

    public static final String TABLE = "CAMEL_MESSAGEPROCESSED";
    /** A lookup takes microseconds (H2) to a round trip (a database server): a few connections serve all lanes. */
    private static final int LOOKUP_CONNECTIONS = 4;
    /** Keys per journal segment: each full segment moves to the table in one go. */
    static final int SEGMENT_KEYS = 20_000;
    /**
     * Keys per transaction when a segment moves to the table: a whole segment. Each commit rewrites the B-tree's pages
     * up to the root (H2's MVStore copies on write), which costs more the bigger the table (bench/RESULTS.md, the
     * store's figures).
     */
    private static final int MOVE_BATCH = SEGMENT_KEYS;
    /** Rows fetched at a time when the table's keys are read into the lookup filter. */
    private static final int SCAN_FETCH = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ImportedMessages.class);

    private final DataSource dataSource;
    /** Null for the shared store: keys go straight to the table. */
    private final KeyJournal journal;
    /** Keys in the journal, not known to be in the table yet: a lookup checks them first. */
    private final Set<String> journaled = ConcurrentHashMap.newKeySet();
    /** Closed segments waiting for (or failed in) their move to the table, oldest first. */
    private final ConcurrentLinkedDeque<KeyJournal.Segment> toMove = new ConcurrentLinkedDeque<>();
    private ExecutorService mover;
    private final long minFilterCapacity;
    /** The table's keys, once scanned: a key it never saw is not in the table. Null until then. */
    private volatile StoredKeyFilter filter;
    /** A filter being filled by a scan (at start, or a bigger one when the filter is full): journaled keys go in too. */
    private volatile StoredKeyFilter filling;
    private final AtomicBoolean refilling = new AtomicBoolean();
    private final LongAdder tableLookups = new LongAdder();

    /**
     * @param targetAppKey {@code org#app} of the target: the same msg_id may go to another app
     * @param journalDir where the journal of keys not yet in the table is kept (next to the H2 file by default);
     *                   null for the shared store (PostgreSQL), whose group commit writes to the table
     */
    public ImportedMessages(DataSource dataSource, String targetAppKey, Path journalDir) {
        this(dataSource, targetAppKey, journalDir, SEGMENT_KEYS, StoredKeyFilter.MIN_CAPACITY);
    }

    ImportedMessages(DataSource dataSource, String targetAppKey, Path journalDir, int segmentKeys,
            long minFilterCapacity) {
        super(dataSource, targetAppKey);
        this.dataSource = dataSource;
        this.journal = journalDir == null ? null : new KeyJournal(journalDir, targetAppKey, segmentKeys);
        this.minFilterCapacity = minFilterCapacity;
        setCreateTableIfNotExists(false);
    }

    @Override
    protected void doInit() throws Exception {
        StoreSchema.ensure(dataSource);
        super.doInit();
    }

    /** Loads the keys an earlier run left in the journal (for lookups) and moves them to the table in the background. */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (journal == null) {
            return;
        }
        underWriter(() -> {
            List<KeyJournal.Segment> left = journal.open();
            int keys = 0;
            for (KeyJournal.Segment segment : left) {
                journaled.addAll(segment.keys());
                toMove.add(segment);
                keys += segment.keys().size();
            }
            if (keys > 0) {
                LOG.info("Imported-message store: {} keys left in the journal by the last run, moving them to the table",
                        keys);
            }
        });
        mover = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "imported-keys-mover");
            t.setDaemon(true);
            return t;
        });
        mover.execute(this::moveQuietly);
        mover.execute(this::fillFilter);
    }

    /**
     * Whether the key was imported before: one primary-key lookup on a connection kept open for lookups. Taking a
     * pooled connection per lookup would end in a rollback on close, which waits for the group commit's lock.
     */
    @Override
    public boolean contains(String key) {
        startIfNeeded();
        if (journaled.contains(key)) {
            return true;
        }
        StoredKeyFilter stored = filter;
        if (stored != null && !stored.mightContain(key)) {
            return false;
        }
        tableLookups.increment();
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

    /** Moves every journaled key to the table before it stops (what fails to move stays in the journal). */
    @Override
    protected void doStop() throws Exception {
        if (mover != null) {
            mover.shutdown();
            mover.awaitTermination(30, TimeUnit.SECONDS);
            mover = null;
        }
        if (journal != null) {
            closeSegment();
            moveQuietly();
        }
        filter = null;
        journaled.clear();
        toMove.clear();
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

    /** Takes the key out of the table (the journal's keys are moved there first). */
    @Override
    public boolean remove(String key) {
        moveJournalToTable();
        return super.remove(key);
    }

    /** Empties the target app's keys (the journal's keys are moved to the table first). */
    @Override
    public void clear() {
        moveJournalToTable();
        super.clear();
    }

    /** Moves every key of the journal to the table now, in the caller's thread. */
    public void moveJournalToTable() {
        startIfNeeded();
        if (journal == null) {
            return;
        }
        closeSegment();
        moveQuietly();
        if (!toMove.isEmpty()) {
            throw new IllegalStateException("cannot move the journal's imported msg_ids to the table (see the log)");
        }
    }

    /** Closes the segment being appended to (between group commits) and queues it for the move. */
    private void closeSegment() {
        try {
            underWriter(() -> {
                journal.closeCurrent();
                toMove.addAll(journal.takeClosed());
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the journal of imported msg_ids: " + e.getMessage(), e);
        }
    }

    private interface WriterTask {
        void run() throws IOException;
    }

    /**
     * Runs the task under the group commit's lock, then writes the keys queued meanwhile: their callers found the lock
     * taken and left them to its holder, which is not a group commit here.
     */
    private void underWriter(WriterTask task) throws IOException {
        writer.lock();
        try {
            task.run();
        } finally {
            writer.unlock();
        }
        drainIfFree();
    }

    /**
     * Remembers a key durably before returning; false when it was there. Adds arriving together (one per conversation
     * lane) share one journal write (group commit).
     */
    @Override
    public boolean add(String key) {
        if (contains(key)) {
            return false;
        }
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
     * Queues the key for the next group commit and returns at once; the recording's future completes once the key
     * is on disk: true, or false when it was in the journal already (the table is not looked up: the caller has,
     * before it imported the message). The caller that finds the writer free writes the queue, its own key
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
     * @param onDisk completes with true (the key is new) or false (it was in the journal) once written
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

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    private void drainIfFree() {
        while (!queue.isEmpty() && writer.tryLock()) {
            List<Pending> batch = new ArrayList<>();
            try {
                // keys queued while the last write ran go together in this one
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
     * Appends the batch's new keys to the journal (one write) and keeps them for lookups until they are in the table.
     * A full segment goes to the mover.
     */
    private void write(List<Pending> batch) {
        if (journal == null) {
            claim(batch);
            return;
        }
        List<String> fresh = new ArrayList<>(batch.size());
        Set<String> inBatch = new HashSet<>();
        for (Pending p : batch) {
            // the same key twice: the first caller added it, the second finds it there
            p.added = !journaled.contains(p.key()) && inBatch.add(p.key());
            if (p.added) {
                fresh.add(p.key());
            }
        }
        try {
            if (!fresh.isEmpty()) {
                journal.append(fresh);
                journaled.addAll(fresh);
                remember(fresh);
            }
        } catch (IOException e) {
            SQLException failure = new SQLException("cannot write the journal of imported msg_ids: " + e.getMessage(), e);
            batch.forEach(p -> p.failure = failure);
        }
        List<KeyJournal.Segment> closed = journal.takeClosed();
        if (!closed.isEmpty()) {
            toMove.addAll(closed);
            ExecutorService m = mover;
            if (m != null) {
                m.execute(this::moveQuietly);
            }
        }
    }

    /**
     * The shared store's group commit: one statement inserts the batch's keys that no process stored yet and returns
     * them; each caller learns whether its key was new. A failure (the database away) fails the batch's recordings.
     */
    private void claim(List<Pending> batch) {
        Set<String> keys = new HashSet<>();
        batch.forEach(p -> keys.add(p.key()));
        Set<String> added = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                     + " (processorName, messageId, createdAt) SELECT ?, k, ? FROM unnest(?) AS k"
                     + " ON CONFLICT DO NOTHING RETURNING messageId")) {
            c.setAutoCommit(true);
            insert.setString(1, getProcessorName());
            insert.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
            insert.setArray(3, c.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    added.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            SQLException failure = new SQLException("cannot store imported msg_ids: " + e.getMessage(), e);
            batch.forEach(p -> p.failure = failure);
            return;
        }
        // the same key twice in one batch: the first caller added it, the second finds it there
        batch.forEach(p -> p.added = added.remove(p.key()));
    }

    /**
     * Gives journaled keys to the filters: they will be in the table. A full filter makes the mover build a bigger one
     * (the old one answers meanwhile).
     */
    private void remember(List<String> keys) {
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
        ExecutorService m = mover;
        if (current != null && current.full() && m != null && refilling.compareAndSet(false, true)) {
            try {
                m.execute(this::fillFilter);
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
    private void fillFilter() {
        long t0 = System.nanoTime();
        boolean built = false;
        try {
            StoredKeyFilter next = StoredKeyFilter.sizedFor(count() + journaled.size(), minFilterCapacity);
            underWriter(() -> {
                filling = next;
                journaled.forEach(next::put);
            });
            long scanned = scan(next);
            if (scanned < 0) {
                return; // stopping
            }
            underWriter(() -> {
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

    private long count() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM " + TABLE
                        + " WHERE processorName = ?")) {
            count.setString(1, getProcessorName());
            try (ResultSet rs = count.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Puts every key of the target app into the filter, from one query read as it goes: H2 streams such a result
     * (lazy execution), and PostgreSQL does with a fetch size outside auto-commit. (Pages along the key were no
     * option: H2 seeks the key's first column only and read each page from the start.) Returns the number read, or
     * -1 when the store stops meanwhile.
     */
    private long scan(StoredKeyFilter into) throws SQLException {
        long scanned = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement all = c.prepareStatement("SELECT messageId FROM " + TABLE
                    + " WHERE processorName = ?")) {
                all.setFetchSize(SCAN_FETCH);
                all.setString(1, getProcessorName());
                try (ResultSet rs = all.executeQuery()) {
                    while (rs.next()) {
                        into.put(rs.getString(1));
                        if (++scanned % SCAN_FETCH == 0 && isStoppingOrStopped()) {
                            return -1;
                        }
                    }
                }
            } finally {
                c.rollback(); // read only
            }
        }
        return scanned;
    }

    /** Whether lookups of new keys are answered without a query (the table's keys have been read). */
    public boolean lookupFilterReady() {
        return filter != null;
    }

    /** Lookups that queried the table, since start. */
    long tableLookups() {
        return tableLookups.sum();
    }

    /**
     * Moves the waiting segments to the table, oldest first, and forgets their keys in memory once committed. A
     * segment that fails stays (its keys still answer lookups) and is tried again with the next one.
     */
    private synchronized void moveQuietly() {
        for (KeyJournal.Segment segment; (segment = toMove.peekFirst()) != null; ) {
            try {
                move(segment.keys());
                KeyJournal.delete(segment);
            } catch (SQLException | IOException e) {
                LOG.warn("Imported-message store: {} keys could not move from the journal to the table ({}); they stay"
                        + " in {} and are tried again later", segment.keys().size(), e.getMessage(), segment.file());
                return;
            }
            toMove.pollFirst();
            // after the commit: a lookup meanwhile finds each key in one place or the other
            segment.keys().forEach(journaled::remove);
        }
    }

    /**
     * Inserts the keys in transactions of {@value #MOVE_BATCH}. A key is rarely in the table already (a crash after
     * a move, before its segment was deleted): a batch that breaks the primary key is rolled back and written again
     * without the keys that are there.
     */
    private void move(List<String> keys) throws SQLException {
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
                exists.setString(1, getProcessorName());
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
                    insert.setString(1, getProcessorName());
                    insert.setString(2, key);
                    insert.setTimestamp(3, now);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }
}
