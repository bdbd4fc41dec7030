package io.chathistorybridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportedMessagesTest {

    @TempDir
    Path dir;

    private ImportedMessages store(DataSource ds, String appKey) throws Exception {
        ImportedMessages store = new ImportedMessages(ds, appKey);
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
        ImportedMessages store = new ImportedMessages(ds, "org#target"); // not started: the first call starts it
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
    void aBatchWithAKeyAlreadyThereStoresTheNewKeysAndReportsTheOldOneAsNotNew() throws Exception {
        DataSource ds = StoreDataSource.create("", "sa", "", dir);
        ImportedMessages store = store(ds, "org#target");
        assertTrue(store.add("old"));
        // queued at once from 4 threads, they share a group commit (the first caller lingers for more keys): its
        // first insert breaks the primary key on "old", and the batch is written again key by key
        List<String> keys = List.of("new1", "old", "new2", "new3");
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
        List<Boolean> added = new ArrayList<>();
        for (Future<CompletableFuture<Boolean>> f : batch) {
            added.add(f.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(List.of(true, false, true, true), added);
        try (Connection c = ds.getConnection();
             ResultSet count = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + ImportedMessages.TABLE)) {
            count.next();
            assertEquals(4, count.getLong(1), "old and the three new keys, each once");
        }
    }
}
