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

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        pg.through(proxy.port()).configure(p);
        pg.forgetApp("imp-org#imp-app");
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
