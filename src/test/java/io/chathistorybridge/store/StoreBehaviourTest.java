package io.chathistorybridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the store promises, on the embedded H2 store and on PostgreSQL alike (see {@link StoreBackend}). */
class StoreBehaviourTest {

    @TempDir
    Path dir;

    static List<StoreBackend> backends() {
        return StoreBackend.both();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aKeyIsNewOnceAndOnlyForItsTargetApp(StoreBackend backend) throws Exception {
        StoreBackend.require(backend);
        DataSource ds = backend.open(dir);
        String app = StoreBackend.freshApp();
        ImportedMessages store = started(backend, ds, app);
        ImportedMessages other = started(backend, ds, StoreBackend.freshApp());
        try {
            assertFalse(store.contains("m1"));
            assertTrue(store.add("m1"));
            assertFalse(store.add("m1"), "the second add of a key");
            assertTrue(store.contains("m1"));
            assertFalse(other.contains("m1"), "another target app has its own keys");
            CompletableFuture<Boolean> a = store.addLater("m2").onDisk();
            CompletableFuture<Boolean> b = store.addLater("m2").onDisk();
            assertEquals(1, count(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS)),
                    "one of two adds of a key in one group commit is new");
        } finally {
            store.stop();
            other.stop();
            StoreBackend.close(ds);
        }
    }

    /** Threads (and on PostgreSQL two stores, as two bridges would) add one key at once: exactly one wins. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void concurrentAddsOfOneKeyHaveOneWinner(StoreBackend backend) throws Exception {
        StoreBackend.require(backend);
        DataSource ds = backend.open(dir);
        String app = StoreBackend.freshApp();
        List<ImportedMessages> stores = new ArrayList<>();
        stores.add(started(backend, ds, app));
        if (backend.shared()) {
            DataSource second = backend.open(dir);
            stores.add(started(backend, second, app));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 40; round++) {
                String key = "k" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    ImportedMessages store = stores.get(t % stores.size());
                    results.add(pool.submit(() -> {
                        go.await();
                        return store.addLater(key).onDisk().get(10, TimeUnit.SECONDS);
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> r : results) {
                    winners += r.get(20, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, winners, "adds of " + key + " that were new");
            }
        } finally {
            pool.shutdownNow();
            for (ImportedMessages store : stores) {
                store.stop();
            }
            StoreBackend.close(ds);
        }
    }

    /** Threads (two stores on PostgreSQL) write the state of one new hour at once: every write lands, none fails. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void concurrentWritesOfOneNewHourStateAllLand(StoreBackend backend) throws Exception {
        StoreBackend.require(backend);
        DataSource ds = backend.open(dir);
        List<io.chathistorybridge.export.HourStates> states = new ArrayList<>();
        states.add(new io.chathistorybridge.export.HourStates(ds));
        DataSource second = backend.shared() ? backend.open(dir) : null;
        if (second != null) {
            states.add(new io.chathistorybridge.export.HourStates(second));
        }
        java.util.Random rnd = new java.util.Random();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 30; round++) {
                // an hour no other run wrote: the first writes race to insert it
                String hour = String.format("%04d%02d%02d%02d", 1000 + rnd.nextInt(8000), 1 + rnd.nextInt(12),
                        1 + rnd.nextInt(28), rnd.nextInt(24));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> writes = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    io.chathistorybridge.export.HourStates store = states.get(t % states.size());
                    writes.add(pool.submit(() -> {
                        go.await();
                        store.markPending(hour, "try");
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> w : writes) {
                    w.get(20, TimeUnit.SECONDS); // a failed write throws here
                }
                assertEquals(8, states.get(0).get(hour).orElseThrow().attempts(), "every write of " + hour + " counted");
            }
        } finally {
            pool.shutdownNow();
            StoreBackend.close(ds);
            if (second != null) {
                StoreBackend.close(second);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void keysSurviveARestart(StoreBackend backend) throws Exception {
        StoreBackend.require(backend);
        String app = StoreBackend.freshApp();
        DataSource ds = backend.open(dir);
        ImportedMessages store = started(backend, ds, app);
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            writes.add(store.addLater("k" + i).onDisk());
        }
        for (CompletableFuture<Boolean> w : writes) {
            assertTrue(w.get(30, TimeUnit.SECONDS));
        }
        store.stop();
        StoreBackend.close(ds);

        DataSource reopened = backend.open(dir);
        ImportedMessages again = started(backend, reopened, app);
        try {
            for (int i = 0; i < 3000; i++) {
                assertTrue(again.contains("k" + i), "k" + i + " after the restart");
            }
            assertFalse(again.add("k7"));
            assertFalse(again.contains("k3000"));
        } finally {
            again.stop();
            StoreBackend.close(reopened);
        }
    }

    /** A bridge killed with kill -9 mid-adds: every key it was told is durable is found by the next one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void keysAckedBeforeAKill9AreFoundAfter(StoreBackend backend) throws Exception {
        StoreBackend.require(backend);
        String app = StoreBackend.freshApp();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreChild.class.getName(),
                backend.url(), backend.user(), backend.password(), dir.toString(), app)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> acked = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; acked.size() < 5000 && (line = out.readLine()) != null; ) {
                if (line.startsWith("acked ")) {
                    acked.add(line.substring(6));
                }
            }
            child.destroyForcibly(); // SIGKILL, mid-adds
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(5000, acked.size(), "the child acknowledged keys before it was killed");

        DataSource ds = backend.open(dir);
        ImportedMessages after = started(backend, ds, app);
        try {
            for (String key : acked) {
                assertTrue(after.contains(key), key + " was acknowledged before the kill");
            }
            for (String key : acked) {
                assertFalse(after.addLater(key).onDisk().get(10, TimeUnit.SECONDS), key + " is not new again");
            }
        } finally {
            after.stop();
            StoreBackend.close(ds);
        }
    }

    private ImportedMessages started(StoreBackend backend, DataSource ds, String app) throws Exception {
        ImportedMessages store = backend.store(ds, app, dir);
        store.start();
        return store;
    }

    private static int count(boolean... flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
