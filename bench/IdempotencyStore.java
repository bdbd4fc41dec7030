import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.chathistorybridge.store.ImportedMessages;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Benchmark 5: lookup-and-insert rate of the idempotency store with PREFILL keys already stored ÷ the rate on an empty
 * store, and the store's size on disk per million keys.
 *
 * <p>Store: the import's {@code store.ImportedMessages} (table keyed by {@code (processorName, messageId)}, processor
 * name = the target appkey) on an H2 file opened like the bridge's {@code store.StoreDataSource} (JdbcConnectionPool,
 * {@code WRITE_DELAY=0}). One operation = what the import route does once per message with a key not stored yet:
 * {@code contains(key)} (false: post it; {@code imports.ImportedBefore}: the journal's keys, then a primary-key
 * query) then {@code addLater(key)}, waited for until on disk ({@code imports.RememberImported}; appended to the
 * store's key journal); each round ends with the journal's move to the table (in the bridge, a background batch per 20,000 keys),
 * so the table's insert cost is counted. The full store is filled by JDBC batch (10,000 rows per
 * commit, {@code SHUTDOWN COMPACT} after every 2,000,000 rows and at the end, camel-verified.md §6).
 * The two stores are measured side by side: rounds alternate empty / full, after a JIT warm-up on a third store.
 *
 * <p>Keys: {@code msgid} (default) are Easemob-like time-ordered numeric message ids, the new ones later than the
 * stored ones and shuffled within a block (one file's conversations interleave); {@code random} are UUIDs (worst case
 * for the B-tree: every insert and lookup lands on a random page).
 *
 * <p>Usage: {@code java -cp target/chat-history-bridge.jar bench/IdempotencyStore.java DIR [prefill] [ops] [msgid|random]}
 */
public class IdempotencyStore {
    static final String TABLE = ImportedMessages.TABLE;
    static final String PROCESSOR = "bench-org#bench-tgt";
    static final int BATCH = 10_000;
    static final int ROUNDS = 10;

    final String shape;
    long next;          // next msgid sequence number
    final Random rnd = new Random(42);

    IdempotencyStore(String shape) {
        this.shape = shape;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long prefill = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        String shape = args.length > 3 ? args[3] : "msgid";
        new IdempotencyStore(shape).run(dir, prefill, ops);
    }

    String key(long i) {
        if (shape.equals("random")) {
            return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        }
        // like the generator's ids: 1e18 + (time-ish sequence * 4096) + a low part
        return Long.toString(1_000_000_000_000_000_000L + i * 4096 + (i * 2654435761L & 4095));
    }

    /** n keys that are not stored yet, later than every stored one, shuffled within the block. */
    List<String> newKeys(int n) {
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(key(next++));
        }
        Collections.shuffle(keys, rnd);
        return keys;
    }

    static JdbcConnectionPool open(Path dir) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(
                "jdbc:h2:file:" + dir.resolve("idem").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "sa", "");
        pool.setMaxConnections(32);
        return pool;
    }

    static void createTable(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // the table ImportedMessages creates (it does so itself too; here the fill needs it first)
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (processorName VARCHAR(255) NOT NULL,"
                    + " messageId VARCHAR(512) NOT NULL, createdAt TIMESTAMP,"
                    + " PRIMARY KEY (processorName, messageId))");
        }
    }

    static void compact(JdbcConnectionPool pool) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        pool.dispose();
    }

    static long sizeOnDisk(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("idem")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    ImportedMessages repository(DataSource ds, Path dir) throws Exception {
        ImportedMessages repo = new ImportedMessages(ds, PROCESSOR, dir.resolve("journal"));
        repo.start();
        return repo;
    }

    /**
     * contains() + addLater() of each new key, as the import does per message (add() would look the key up once
     * more), then the move of the journal's keys to the table (which the bridge does in the background); returns the
     * wall nanos.
     */
    long measure(ImportedMessages repo, List<String> keys) throws Exception {
        long t0 = System.nanoTime();
        for (String k : keys) {
            if (repo.contains(k) || !repo.addLater(k).onDisk().get()) {
                throw new IllegalStateException("a new key was reported as already stored: " + k);
            }
        }
        repo.moveJournalToTable();
        return System.nanoTime() - t0;
    }

    void run(Path dir, long prefill, int ops) throws Exception {
        Path emptyDir = Files.createDirectories(dir.resolve("empty"));
        Path fullDir = Files.createDirectories(dir.resolve("full"));
        Path warmDir = Files.createDirectories(dir.resolve("warm"));
        System.out.printf(Locale.ROOT, "store: ImportedMessages on H2 %s, keys %s, prefill %,d, %,d contains()+addLater() per store%n",
                org.h2.engine.Constants.VERSION, shape, prefill, ops);

        // ---- fill the full store by JDBC batch
        long t0 = System.nanoTime();
        JdbcConnectionPool full = open(fullDir);
        createTable(full);
        long maxBefore = 0;
        Timestamp now = new Timestamp(System.currentTimeMillis());
        for (long done = 0; done < prefill; ) {
            try (Connection c = full.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (processorName, messageId, createdAt) VALUES (?, ?, ?)")) {
                c.setAutoCommit(false);
                long end = Math.min(prefill, done + 2_000_000);
                while (done < end) {
                    int n = (int) Math.min(BATCH, end - done);
                    for (String k : newKeys(n)) {
                        ps.setString(1, PROCESSOR);
                        ps.setString(2, k);
                        ps.setTimestamp(3, now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                    done += n;
                }
            }
            maxBefore = Math.max(maxBefore, sizeOnDisk(fullDir));
            compact(full);
            full = open(fullDir);
            System.out.printf(Locale.ROOT, "  filled %,d keys, %.0f s%n", done, (System.nanoTime() - t0) / 1e9);
        }
        long filledBytes = sizeOnDisk(fullDir);
        System.out.printf(Locale.ROOT, "filled %,d keys in %.1f s; %.1f MB on disk after SHUTDOWN COMPACT (largest before compacting: %.1f MB)%n",
                prefill, (System.nanoTime() - t0) / 1e9, filledBytes / 1e6, maxBefore / 1e6);

        // ---- warm-up (JIT, H2 code paths) on a third store
        JdbcConnectionPool warm = open(warmDir);
        createTable(warm);
        ImportedMessages warmRepo = repository(warm, warmDir);
        measure(warmRepo, newKeys(Math.max(2_000, ops / 4)));
        warmRepo.stop();
        warm.dispose();

        // ---- side by side: alternating rounds
        JdbcConnectionPool empty = open(emptyDir);
        createTable(empty);
        ImportedMessages emptyRepo = repository(empty, emptyDir);
        ImportedMessages fullRepo = repository(full, fullDir);
        if (fullRepo.contains(key(0)) != (prefill > 0)) {
            throw new IllegalStateException("the full store does not hold its first key");
        }
        long emptyNanos = 0;
        long fullNanos = 0;
        int per = Math.max(1, ops / ROUNDS);
        for (int r = 0; r < ROUNDS; r++) {
            emptyNanos += measure(emptyRepo, newKeys(per));
            fullNanos += measure(fullRepo, newKeys(per));
        }
        double emptyRate = per * (double) ROUNDS / (emptyNanos / 1e9);
        double fullRate = per * (double) ROUNDS / (fullNanos / 1e9);
        // lookups of stored keys (a restarted import skipping what it already did)
        long h0 = System.nanoTime();
        int hits = Math.min(per, (int) Math.min(Integer.MAX_VALUE, prefill));
        Random pick = new Random(7);
        for (int i = 0; i < hits; i++) {
            if (shape.equals("msgid") && !fullRepo.contains(key(pick.nextLong(Math.max(1, prefill))))) {
                throw new IllegalStateException("a stored key was not found");
            }
        }
        double hitRate = shape.equals("msgid") && hits > 0 ? hits / ((System.nanoTime() - h0) / 1e9) : Double.NaN;
        emptyRepo.stop();
        fullRepo.stop();
        compact(empty);
        compact(full);
        long afterBytes = sizeOnDisk(fullDir);

        System.out.printf(Locale.ROOT, "empty store: %,.0f lookup+insert/s; full store (%,d keys): %,.0f lookup+insert/s; contains() of stored keys: %,.0f/s%n",
                emptyRate, prefill, fullRate, hitRate);
        System.out.printf(Locale.ROOT, "RESULT store_full_empty_ratio=%.3f (goal >= 0.9) empty_rate=%.0f full_rate=%.0f%n",
                fullRate / emptyRate, emptyRate, fullRate);
        double perMillion = prefill == 0 ? 0 : filledBytes / 1e6 / (prefill / 1e6);
        System.out.printf(Locale.ROOT, "RESULT store_mb_per_million_keys=%.1f (compacted; %.1f MB for %,d keys, %.1f MB after the runs)%n",
                perMillion, filledBytes / 1e6, prefill, afterBytes / 1e6);
    }
}
