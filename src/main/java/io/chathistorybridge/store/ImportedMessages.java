package io.chathistorybridge.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source msg_ids already imported into the target app, keyed by (target appkey, source msg_id); a key is added only
 * after its import call succeeded, so a crash can cause a duplicate for a message in flight, never a loss. Every
 * lookup is the journal's keys in memory, then one primary-key query ({@link KeyTable}). The embedded store (H2)
 * group-commits adds to a {@link KeyJournal} that a background mover puts in the table; the shared store (PostgreSQL,
 * no journal) claims each group's keys in the table itself ({@link KeyTable#claim}), so two bridges never both find a
 * key new.
 */
public final class ImportedMessages extends ServiceSupport {

    public static final String TABLE = "CAMEL_MESSAGEPROCESSED";
    /** Keys per journal segment: each full segment moves to the table in one go. */
    static final int SEGMENT_KEYS = 20_000;

    private static final Logger LOG = LoggerFactory.getLogger(ImportedMessages.class);

    private final DataSource dataSource;
    private final KeyTable table;
    /** Null for the shared store: keys go straight to the table. */
    private final KeyJournal journal;
    /** Keys in the journal, not known to be in the table yet: a lookup checks them first. */
    private final Set<String> journaled = ConcurrentHashMap.newKeySet();
    /** Closed segments waiting for (or failed in) their move to the table, oldest first. */
    private final ConcurrentLinkedDeque<KeyJournal.Segment> toMove = new ConcurrentLinkedDeque<>();
    private ExecutorService mover;
    private final GroupCommit commits = new GroupCommit(this::write);

    /**
     * @param targetAppKey {@code org#app} of the target: the same msg_id may go to another app
     * @param journalDir where the journal of keys not yet in the table is kept (next to the H2 file by default);
     *                   null for the shared store (PostgreSQL), whose group commit writes to the table
     */
    public ImportedMessages(DataSource dataSource, String targetAppKey, Path journalDir) {
        this(dataSource, targetAppKey, journalDir, SEGMENT_KEYS);
    }

    ImportedMessages(DataSource dataSource, String targetAppKey, Path journalDir, int segmentKeys) {
        this.dataSource = dataSource;
        this.table = new KeyTable(dataSource, targetAppKey, this::isStoppingOrStopped);
        this.journal = journalDir == null ? null : new KeyJournal(journalDir, targetAppKey, segmentKeys);
    }

    /**
     * Creates the schema if needed, loads the keys an earlier run left in the journal (for lookups) and moves them to
     * the table in the background.
     */
    @Override
    protected void doStart() throws Exception {
        StoreSchema.ensure(dataSource);
        if (journal == null) {
            return;
        }
        commits.underLock(() -> {
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
    }

    /** Whether the key was imported before: the journal, then the table. */
    public boolean contains(String key) {
        startIfNeeded();
        return journaled.contains(key) || table.contains(key);
    }

    /** Routes call the store from expressions, which do not start beans: the first call creates the table. */
    private void startIfNeeded() {
        if (!isStarted()) {
            start();
        }
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
        journaled.clear();
        toMove.clear();
        table.closeLookups();
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
            commits.underLock(() -> {
                journal.closeCurrent();
                toMove.addAll(journal.takeClosed());
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the journal of imported msg_ids: " + e.getMessage(), e);
        }
    }

    /**
     * Remembers a key durably before returning; false when it was there. Adds arriving together (one per conversation
     * lane) share one journal write (group commit).
     */
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
        return new Recording(commits.add(key));
    }

    /**
     * A key on its way to disk. Not a {@code CompletionStage} itself: Camel would wait for one returned from a
     * bean call, and the point is not to wait.
     *
     * @param onDisk completes with true (the key is new) or false (it was in the journal) once written
     */
    public record Recording(CompletableFuture<Boolean> onDisk) {
    }

    /**
     * Appends the batch's new keys to the journal (one write) and keeps them for lookups until they are in the table.
     * A full segment goes to the mover.
     */
    private void write(List<GroupCommit.Pending> batch) {
        if (journal == null) {
            table.claim(batch);
            return;
        }
        List<String> fresh = new ArrayList<>(batch.size());
        Set<String> inBatch = new HashSet<>();
        for (GroupCommit.Pending p : batch) {
            // the same key twice: the first caller added it, the second finds it there
            boolean added = !journaled.contains(p.key()) && inBatch.add(p.key());
            p.added(added);
            if (added) {
                fresh.add(p.key());
            }
        }
        try {
            if (!fresh.isEmpty()) {
                journal.append(fresh);
                journaled.addAll(fresh);
            }
        } catch (IOException e) {
            SQLException failure = new SQLException("cannot write the journal of imported msg_ids: " + e.getMessage(), e);
            batch.forEach(p -> p.fail(failure));
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
     * Moves the waiting segments to the table, oldest first, and forgets their keys in memory once committed. A
     * segment that fails stays (its keys still answer lookups) and is tried again with the next one.
     */
    private synchronized void moveQuietly() {
        for (KeyJournal.Segment segment; (segment = toMove.peekFirst()) != null; ) {
            try {
                table.move(segment.keys());
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
}
