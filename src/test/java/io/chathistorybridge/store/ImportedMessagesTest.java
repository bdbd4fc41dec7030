package io.chathistorybridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
}
