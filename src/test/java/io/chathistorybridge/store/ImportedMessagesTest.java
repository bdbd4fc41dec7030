package io.chathistorybridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportedMessagesTest {

    @TempDir
    Path dir;

    private ImportedMessages store(DataSource ds, String appKey) throws Exception {
        ImportedMessages store = new ImportedMessages(ds, appKey, dir.resolve("journal"));
        store.start();
        return store;
    }

    @Test
    void remembersKeysPerTargetAppAcrossRestarts() throws Exception {
        DataSource ds = StoreDataSource.create("", "sa", "", dir);
        ImportedMessages target = store(ds, "org#target");
        assertFalse(target.contains("m1"));
        assertTrue(target.add("m1"));
        assertFalse(target.add("m1"));
        assertTrue(target.contains("m1"));
        assertFalse(store(ds, "org#other").contains("m1"), "another target app has its own keys");
        target.stop();

        DataSource reopened = StoreDataSource.create("", "sa", "", dir);
        assertTrue(store(reopened, "org#target").contains("m1"), "the key survives a restart");
    }

    @Test
    void tableHasAPrimaryKey() throws Exception {
        DataSource ds = StoreDataSource.create("", "sa", "", dir);
        store(ds, "org#target");
        try (Connection c = ds.getConnection();
             ResultSet pk = c.getMetaData().getPrimaryKeys(null, null, ImportedMessages.TABLE)) {
            List<String> columns = new ArrayList<>();
            while (pk.next()) {
                columns.add(pk.getString("COLUMN_NAME").toUpperCase());
            }
            assertEquals(java.util.Set.of("PROCESSORNAME", "MESSAGEID"), new java.util.HashSet<>(columns));
        }
    }

    @Test
    void concurrentAddsOfOneKeyYieldOneWinnerAndNoException() throws Exception {
        ImportedMessages store = store(StoreDataSource.create("", "sa", "", dir), "org#target");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int round = 0; round < 30; round++) {
            String key = "k" + round;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return store.add(key);
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners, "round " + round);
        }
        pool.shutdown();
    }

    @Test
    void keysAddedLaterAreOnDiskOnceTheirFutureCompletes() throws Exception {
        DataSource ds = StoreDataSource.create("", "sa", "", dir);
        ImportedMessages store = new ImportedMessages(ds, "org#target", dir.resolve("journal")); // not started: the first call starts it
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            callers.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    CompletableFuture<Boolean> added = store.addLater("k" + thread + "-" + i).onDisk();
                    synchronized (pending) {
                        pending.add(added);
                    }
                }
            }));
        }
        for (Future<?> caller : callers) {
            caller.get();
        }
        pool.shutdown();
        for (CompletableFuture<Boolean> added : pending) {
            assertTrue(added.get(5, TimeUnit.SECONDS), "every key was new");
        }
        assertTrue(store.addLater("k0-0").onDisk().thenApply(added -> !added).get(5, TimeUnit.SECONDS), "a repeat is not new");
        // read through another connection of a reopened database: committed, not just cached
        store.stop();
        DataSource reopened = StoreDataSource.create("", "sa", "", dir);
        try (Connection c = reopened.getConnection();
             ResultSet count = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + ImportedMessages.TABLE)) {
            count.next();
            assertEquals(1600, count.getLong(1));
        }
    }

    @Test
    void aRepeatInOneGroupCommitIsNewOnlyOnce() throws Exception {
        DataSource ds = StoreDataSource.create("", "sa", "", dir);
        ImportedMessages store = store(ds, "org#target");
        assertTrue(store.add("old"));
        // queued at once from 4 threads: they mostly share a journal write
        List<String> keys = List.of("new1", "old", "new2", "new1");
        ExecutorService pool = Executors.newFixedThreadPool(keys.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CompletableFuture<Boolean>>> batch = new ArrayList<>();
        for (String key : keys) {
            batch.add(pool.submit(() -> {
                go.await();
                return store.addLater(key).onDisk();
            }));
        }
        go.countDown();
        int newOnes = 0;
        List<Boolean> added = new ArrayList<>();
        for (Future<CompletableFuture<Boolean>> f : batch) {
            boolean isNew = f.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
            added.add(isNew);
            newOnes += isNew ? 1 : 0;
        }
        pool.shutdown();
        assertFalse(added.get(1), "old was remembered before");
        assertEquals(2, newOnes, "new1 once, new2 once: " + added);
        store.moveJournalToTable();
        assertEquals(3, rows(ds, "org#target"), "old, new1 and new2, each once");
    }

    @Test
    void keysLeftInTheJournalByACrashAreFoundAtOnceAndMovedToTheTable() throws Exception {
        DataSource ds = StoreDataSource.create("", "sa", "", dir);
        ImportedMessages crashed = store(ds, "org#target");
        List<String> keys = List.of("m1", "m2", "line\nbreak", "line\\back\rslash");
        for (String key : keys) {
            assertTrue(crashed.add(key));
        }
        assertEquals(0, rows(ds, "org#target"), "a group commit writes the journal, not the table");
        assertTrue(crashed.contains("m1"), "a lookup finds a key still in the journal");
        // never stopped: what a kill -9 leaves. A new bridge opens the same store
        ImportedMessages restarted = store(ds, "org#target");
        for (String key : keys) {
            assertTrue(restarted.contains(key), key);
        }
        assertFalse(restarted.contains("m3"));
        waitFor(() -> rows(ds, "org#target") == keys.size(), "the left keys moved to the table");
        waitFor(() -> journalFiles().isEmpty(), "the moved segment's file deleted");
    }

    @Test
    void aSegmentWhoseKeysAreInTheTableAlreadyMovesWithoutDuplicatesAndACutLastLineIsLeftOut() throws Exception {
        DataSource ds = StoreDataSource.create("", "sa", "", dir);
        ImportedMessages store = store(ds, "org#target");
        assertTrue(store.add("old"));
        store.moveJournalToTable();
        store.stop();
        // a crash after a move's commit, before its file was deleted; its last append was cut mid-line
        Files.writeString(dir.resolve("journal").resolve("org%23target.7.keys"), "old\nnew1\nnew2\ncut-off");
        ImportedMessages restarted = store(ds, "org#target");
        assertTrue(restarted.contains("new1"));
        assertFalse(restarted.contains("cut-off"), "a line without its newline was never committed");
        waitFor(() -> rows(ds, "org#target") == 3, "old, new1 and new2, each once");
        assertTrue(restarted.add("next"), "the store goes on after the move");
    }

    @Test
    void fullSegmentsMoveToTheTableInTheBackgroundAndStopMovesTheRest() throws Exception {
        DataSource ds = StoreDataSource.create("", "sa", "", dir);
        ImportedMessages store = new ImportedMessages(ds, "org#target", dir.resolve("journal"), 10);
        store.start();
        List<CompletableFuture<Boolean>> written = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            written.add(store.addLater("k" + i).onDisk());
        }
        for (CompletableFuture<Boolean> w : written) {
            assertTrue(w.get(5, TimeUnit.SECONDS));
        }
        waitFor(() -> rows(ds, "org#target") >= 20, "two full segments of 10 moved");
        for (int i = 0; i < 25; i++) {
            assertTrue(store.contains("k" + i), "k" + i);
        }
        store.stop();
        assertEquals(25, rows(ds, "org#target"), "stopping moved the last, partly filled segment");
        assertEquals(List.of(), journalFiles());
    }

    @Test
    void aKeyLeftInTheJournalIsFoundWhileItsMoveFailsAndMovesOnceTheDatabaseTakesIt() throws Exception {
        DataSource ds = StoreDataSource.create("", "sa", "", dir);
        ImportedMessages crashed = store(ds, "org#target");
        assertTrue(crashed.add("left"));
        // a crash left "left" in the journal; at restart its move fails (a busy database)
        AtomicBoolean insertsFail = new AtomicBoolean(true);
        ImportedMessages restarted = store(failingInserts(ds, insertsFail), "org#target");
        assertTrue(restarted.contains("left"), "found in the journal while it cannot move");
        assertThrows(IllegalStateException.class, restarted::moveJournalToTable);
        assertEquals(0, rows(ds, "org#target"));
        insertsFail.set(false);
        restarted.moveJournalToTable();
        assertEquals(1, rows(ds, "org#target"));
        assertEquals(List.of(), journalFiles());
        assertTrue(restarted.contains("left"), "found in the table once moved");
    }

    @Test
    void addsGoOnWhileTheJournalIsClosedAndMovedFromAnotherThread() throws Exception {
        DataSource ds = StoreDataSource.create("", "sa", "", dir);
        ImportedMessages store = store(ds, "org#target");
        ExecutorService adders = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(adders.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    assertTrue(store.add("t" + thread + "-" + i));
                }
                return null;
            }));
        }
        // an add that finds the lock taken by a segment's close leaves its key to the holder: the holder writes it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.stream().allMatch(Future::isDone) && System.nanoTime() < deadline) {
            store.moveJournalToTable();
        }
        for (Future<?> d : done) {
            d.get(1, TimeUnit.SECONDS); // a key left queued behind the lock would never be written
        }
        adders.shutdown();
        store.moveJournalToTable();
        assertEquals(2_400, rows(ds, "org#target"));
    }

    /** The data source, but statements that insert fail while {@code fail} is set. */
    private static DataSource failingInserts(DataSource ds, AtomicBoolean fail) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, ds, args);
                    if (!(result instanceof Connection c)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (fail.get() && m.getName().equals("prepareStatement")
                                        && ((String) a[0]).startsWith("INSERT")) {
                                    throw new SQLException("database busy");
                                }
                                return invoke(m, c, a);
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static long rows(DataSource ds, String appKey) throws Exception {
        try (Connection c = ds.getConnection();
             ResultSet count = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + ImportedMessages.TABLE
                     + " WHERE processorName = '" + appKey + "'")) {
            count.next();
            return count.getLong(1);
        }
    }

    private List<Path> journalFiles() throws Exception {
        try (var files = Files.list(dir.resolve("journal"))) {
            return files.toList();
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
