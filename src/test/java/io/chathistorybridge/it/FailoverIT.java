package io.chathistorybridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.sandbox.AcceptedImport;
import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxApp;
import io.chathistorybridge.store.StoreBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged bridges with {@code bridge.cluster.service=file} on one data dir and one PostgreSQL store: one leads
 * (imports the inbox), the other waits. The leader is killed (SIGKILL) or stopped (SIGTERM) mid-file; the standby
 * takes over and finishes the file, every message once (a kill: duplicates at most the messages in flight), and at no
 * sampled moment do both say they lead.
 */
class FailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int MESSAGES = 1500;
    private static final int IN_FLIGHT = 8;
    /** As in ImportRestartIT: per endpoint up to max-in-flight posted plus as many waiting for their commit. */
    private static final int MAX_IN_FLIGHT_IN_ALL = 2 * 2 * IN_FLIGHT;
    private static final int LOCK_INTERVAL_MS = 2000;

    @TempDir
    Path dir;

    private EasemobSandbox sandbox;
    private SandboxApp target;
    private String app;
    private StoreBackend pg;

    @BeforeEach
    void sandbox() {
        pg = StoreBackend.require(StoreBackend.postgresOrNull());
        sandbox = EasemobSandbox.start(0);
        // an app no earlier run used: the PostgreSQL store outlives the test
        app = "fo-" + UUID.randomUUID().toString().substring(0, 8);
        target = sandbox.addApp("fo-org", app, "fo-client", "fo-secret-value");
        sandbox.faults().latency(Duration.ofMillis(20));
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    private Map<String, String> env(String id, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("BRIDGE_TARGET_BASE_URL", sandbox.baseUrl());
        env.put("BRIDGE_TARGET_ORG", "fo-org");
        env.put("BRIDGE_TARGET_APP", app);
        env.put("BRIDGE_TARGET_CLIENT_ID", "fo-client");
        env.put("BRIDGE_TARGET_CLIENT_SECRET", "fo-secret-value");
        env.put("BRIDGE_EXPORT_ENABLED", "false");
        env.put("BRIDGE_IMPORT_ATTACHMENTS", "link"); // no source app: its files are not copied
        env.put("BRIDGE_DATA_DIR", dir.resolve("data").toString());
        env.put("BRIDGE_MANAGEMENT_PORT", String.valueOf(port));
        env.put("BRIDGE_IMPORT_MAX_IN_FLIGHT", String.valueOf(IN_FLIGHT));
        env.put("BRIDGE_TOKEN_MIN_INTERVAL_SECONDS", "1");
        env.put("BRIDGE_SHUTDOWN_TIMEOUT_SECONDS", "20");
        env.put("BRIDGE_STORE_JDBC_URL", pg.url());
        env.put("BRIDGE_STORE_USER", pg.user());
        env.put("BRIDGE_STORE_PASSWORD", pg.password());
        env.put("BRIDGE_CLUSTER_SERVICE", "file");
        env.put("BRIDGE_CLUSTER_ID", id);
        env.put("BRIDGE_CLUSTER_FILE_ACQUIRE_LOCK_INTERVAL_MS", String.valueOf(LOCK_INTERVAL_MS));
        return env;
    }

    /** "leader", "standby", or null when the bridge does not answer. */
    private static String role(int port) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/observe/bridge")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("role").asText(null) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static int health(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Samples both bridges' roles until stopped; counts the samples in which both lead. */
    private static final class LeaderWatch implements AutoCloseable {
        final AtomicInteger both = new AtomicInteger();
        final AtomicInteger samples = new AtomicInteger();
        private final Thread thread;
        private volatile boolean running = true;

        LeaderWatch(int portA, int portB) {
            thread = new Thread(() -> {
                while (running) {
                    if ("leader".equals(role(portA)) && "leader".equals(role(portB))) {
                        both.incrementAndGet();
                    }
                    samples.incrementAndGet();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "leader-watch");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    private void dropFile() throws Exception {
        List<String> lines = new ArrayList<>();
        long base = System.currentTimeMillis() - 3_600_000L;
        for (int i = 0; i < MESSAGES; i++) {
            boolean group = i % 3 == 0;
            String from = "u" + (i % 13);
            String to = group ? "g" + (i % 5) : "v" + (i % 11);
            lines.add("{\"chat_type\":\"" + (group ? "groupchat" : "chat") + "\",\"msg_id\":\"f" + i + "\",\"timestamp\":"
                    + (base + i * 3L) + ",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"payload\":{\"bodies\":"
                    + "[{\"type\":\"txt\",\"msg\":\"f" + i + "\"}],\"ext\":{}}}");
        }
        Collections.shuffle(lines, new Random(5));
        Path inbox = Files.createDirectories(dir.resolve("data/inbox"));
        Path tmp = inbox.resolve(".failover.part");
        Files.write(tmp, lines);
        Files.move(tmp, inbox.resolve("failover.ndjson"));
    }

    /** Waits for the condition; on time-out fails with the bridge's output as it is then. */
    private static void await(BooleanSupplier condition, Duration timeout, String what, BridgeProcess log)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + what + "\n" + log.output());
    }

    private Map<String, Integer> acceptedCounts() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (AcceptedImport i : target.imports()) {
            counts.merge(JSON.readTree(i.body()).get("msg").asText(), 1, Integer::sum);
        }
        return counts;
    }

    /** Starts A, waits until it leads, then B, until it stands by. */
    private BridgeProcess[] startPair(int portA, int portB) throws Exception {
        BridgeProcess a = BridgeProcess.start(dir.resolve("a.log"), env("node-a", portA));
        BridgeProcess b = null;
        try {
            await(() -> "leader".equals(role(portA)), Duration.ofSeconds(90), "A leads", a);
            b = BridgeProcess.start(dir.resolve("b.log"), env("node-b", portB));
            BridgeProcess standby = b;
            await(() -> "standby".equals(role(portB)), Duration.ofSeconds(90), "B stands by", standby);
            // a standby is healthy: it serves health, metrics and status while it waits
            await(() -> health(portB) == 200, Duration.ofSeconds(30), "B healthy while standing by", standby);
            return new BridgeProcess[] {a, b};
        } catch (AssertionError | Exception e) {
            // no bridge outlives a failed start
            a.close();
            if (b != null) {
                b.close();
            }
            throw e;
        }
    }

    @Test
    void aKilledLeadersFileIsFinishedByTheStandbyOnce() throws Exception {
        int portA = BridgeProcess.freePort();
        int portB = BridgeProcess.freePort();
        BridgeProcess[] pair = startPair(portA, portB);
        try (BridgeProcess a = pair[0]; BridgeProcess b = pair[1]; LeaderWatch watch = new LeaderWatch(portA, portB)) {
            dropFile();
            await(() -> target.imports().size() >= 400, Duration.ofSeconds(90), "400 imports", a);
            a.kill(); // SIGKILL mid-file
            long killedAt = System.nanoTime();
            int atKill = target.imports().size();
            assertTrue(atKill < MESSAGES, "the file was not finished before the kill");
            await(() -> "leader".equals(role(portB)), Duration.ofSeconds(60), "B leads within 60 s", b);
            double takeover = (System.nanoTime() - killedAt) / 1e9;
            Path report = dir.resolve("data/reports/failover.json");
            await(() -> Files.exists(report), Duration.ofSeconds(120), "B finishes the file", b);
            double finished = (System.nanoTime() - killedAt) / 1e9;

            Map<String, Integer> counts = acceptedCounts();
            assertEquals(MESSAGES, counts.size(), "every message imported");
            int duplicates = counts.values().stream().mapToInt(n -> n - 1).sum();
            assertTrue(duplicates <= MAX_IN_FLIGHT_IN_ALL, "duplicates " + duplicates + " > messages in flight");
            assertEquals(0, watch.both.get(), "samples in which both bridges led");
            System.out.printf("failover (kill -9, lock interval %d ms): killed after %d of %d imports; B led after %.1f s,"
                    + " finished the file %.1f s after the kill; %d duplicates; %d role samples, 0 with two leaders%n",
                    LOCK_INTERVAL_MS, atKill, MESSAGES, takeover, finished, duplicates, watch.samples.get());
        }
    }

    @Test
    void aStoppedLeaderHandsOverWithoutDuplicates() throws Exception {
        int portA = BridgeProcess.freePort();
        int portB = BridgeProcess.freePort();
        BridgeProcess[] pair = startPair(portA, portB);
        try (BridgeProcess a = pair[0]; BridgeProcess b = pair[1]; LeaderWatch watch = new LeaderWatch(portA, portB)) {
            dropFile();
            await(() -> target.imports().size() >= 400, Duration.ofSeconds(90), "400 imports", a);
            long stoppedAt = System.nanoTime();
            int exit = a.terminate(Duration.ofSeconds(40)); // SIGTERM
            assertTrue(exit == 0 || exit == 143, "exit " + exit + "\n" + a.output());
            int atStop = target.imports().size();
            assertTrue(atStop < MESSAGES, "stopped before the end of the file");
            await(() -> "leader".equals(role(portB)), Duration.ofSeconds(60), "B leads within 60 s", b);
            double takeover = (System.nanoTime() - stoppedAt) / 1e9;
            Path report = dir.resolve("data/reports/failover.json");
            await(() -> Files.exists(report), Duration.ofSeconds(120), "B finishes the file", b);

            assertEquals(MESSAGES, acceptedCounts().size(), "every message imported");
            assertEquals(MESSAGES, target.imports().size(), "a handover leaves no duplicate");
            assertEquals(0, target.orderViolations());
            assertTrue(Files.notExists(dir.resolve("data/failed/failover.ndjson")), "no dead letter");
            assertEquals(0, watch.both.get(), "samples in which both bridges led");
            System.out.printf("handover (SIGTERM, lock interval %d ms): stopped after %d of %d imports; B led %.1f s"
                    + " after the SIGTERM; 0 duplicates%n", LOCK_INTERVAL_MS, atStop, MESSAGES, takeover);
        }
    }
}
