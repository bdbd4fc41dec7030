package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.sandbox.AcceptedImport;
import io.chathistorybridge.store.StoreBackend;
import io.chathistorybridge.store.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared PostgreSQL store goes away in the middle of a file and comes back (through a {@link TcpProxy} that
 * drops every connection): the file pauses instead of going on without remembering, and finishes once the database
 * is back, each message once on the server, in order, with no dead letter caused by the store.
 */
class StoreOutageRouteTest extends ImportRouteTestSupport {

    private final StoreBackend pg = StoreBackend.require(StoreBackend.postgresOrNull());
    private final TcpProxy proxy = pg.proxy();
    private final int managementPort = freePort();

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A management endpoint's answer, within 10 s. */
    private java.net.http.HttpResponse<String> get(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        pg.through(proxy.port()).configure(p);
        pg.forgetApp("imp-org#imp-app");
        p.setProperty("bridge.management.port", String.valueOf(managementPort));
        return p;
    }

    @AfterEach
    void closeProxy() throws IOException {
        proxy.close();
    }

    @Test
    void theDatabaseGoingAwayPausesTheFileWhichFinishesOnceWhenItIsBack() throws Exception {
        sandbox.faults().latency(Duration.ofMillis(20));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(text("chat", "u" + (i % 6), "peer", BASE + i, "m" + i));
        }
        Path dropped = drop("outage.ndjson", lines);
        await(() -> target.imports().size() >= 60, Duration.ofSeconds(60), () -> "no imports");

        proxy.cut();
        Thread.sleep(3000);
        int duringOutage = target.imports().size();
        Thread.sleep(2000);
        assertEquals(duringOutage, target.imports().size(), "nothing is posted while the store is away");
        assertTrue(duringOutage < 300, "the outage came in the middle of the file: " + duringOutage);
        assertTrue(Files.exists(dropped), "the file stays in the inbox");
        assertFalse(Files.exists(report("outage")), "no report: the file is not finished");
        assertEquals(List.of(), deadLetters("outage"));
        // the status, the metrics and the health still answer while the store is away
        for (String path : List.of("/observe/bridge", "/observe/metrics", "/observe/health/live")) {
            long t0 = System.nanoTime();
            java.net.http.HttpResponse<String> answer = get(path);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, answer.statusCode(), path + ": " + answer.body());
            assertTrue(ms < 5_000, path + " answered in " + ms + " ms");
            if (path.equals("/observe/bridge")) {
                assertTrue(answer.body().contains("outage.ndjson"), "the status names the paused file: " + answer.body());
            }
        }

        proxy.restore();
        JsonNode report = awaitReport("outage", Duration.ofSeconds(90));
        assertEquals(0, report.get("failed").asInt(), report.toString());
        assertEquals(List.of(), deadLetters("outage"), "no dead letter caused by the store");
        Set<String> landed = new HashSet<>();
        for (AcceptedImport accepted : target.imports()) {
            assertTrue(landed.add(accepted.ext()), "posted twice: " + accepted.ext());
        }
        assertEquals(300, landed.size(), "every message once on the server");
        // refused re-posts: only of a message in flight when the store went away (imported, not remembered), at
        // most one per conversation
        assertTrue(target.orderViolations() <= 6, "refusals: " + target.orderViolations());
    }
}
