package io.chathistorybridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * Source msg_ids already imported into the target app: camel-sql's JDBC idempotent repository, keyed by
 * (target appkey, source msg_id). Camel's own table has no key, so lookups would become linear: this
 * creates it with a primary key. A key is added only after the import call succeeded, so a crash can cause
 * a duplicate for a message in flight, never a loss. Lookups are camel-sql's; adds are group-committed.
 */
public final class ImportedMessages extends JdbcMessageIdRepository {

    public static final String TABLE = "CAMEL_MESSAGEPROCESSED";

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
     * Remembers a key durably before returning. Adds arriving together (one per conversation lane) share one
     * transaction and one commit (group commit): with every commit written at once, one commit per key would
     * cap the import at the disk's commit rate.
     */
    @Override
    public boolean add(String key) {
        Pending pending = new Pending(key);
        queue.add(pending);
        drainIfFree();
        try {
            return pending.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing " + key, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot store imported msg_id " + key + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private record Pending(String key, CompletableFuture<Boolean> done) {
        Pending(String key) {
            this(key, new CompletableFuture<>());
        }
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /** The caller that finds the writer free writes everything queued so far, its own key included. */
    private void drainIfFree() {
        while (!queue.isEmpty() && writer.tryLock()) {
            try {
                List<Pending> batch = new ArrayList<>();
                for (Pending p; batch.size() < 512 && (p = queue.poll()) != null; ) {
                    batch.add(p);
                }
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } finally {
                writer.unlock();
            }
        }
    }

    private void write(List<Pending> batch) {
        Map<String, Boolean> added = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement exists = c.prepareStatement("SELECT COUNT(*) FROM " + TABLE
                    + " WHERE processorName = ? AND messageId = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                         + " (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
                Timestamp now = new Timestamp(System.currentTimeMillis());
                for (Pending p : batch) {
                    if (added.containsKey(p.key())) {
                        continue;
                    }
                    exists.setString(1, getProcessorName());
                    exists.setString(2, p.key());
                    boolean present;
                    try (ResultSet rs = exists.executeQuery()) {
                        present = rs.next() && rs.getLong(1) > 0;
                    }
                    if (!present) {
                        insert.setString(1, getProcessorName());
                        insert.setString(2, p.key());
                        insert.setTimestamp(3, now);
                        insert.addBatch();
                    }
                    added.put(p.key(), !present);
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        Map<String, Boolean> first = new HashMap<>(added);
        for (Pending p : batch) {
            // the same key twice in one batch: the first caller added it, the second finds it there
            Boolean result = first.put(p.key(), false);
            p.done().complete(Boolean.TRUE.equals(result));
        }
    }
}
