package io.chathistorybridge.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.chathistorybridge.LogCapture;
import io.chathistorybridge.store.StoreBackend;
import io.chathistorybridge.store.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared PostgreSQL store is away when an export run starts (a {@link TcpProxy} drops every connection): the run
 * fails in one line without a stack trace or a hang, and the export's own retry, with the database back, exports the
 * hour without another trigger.
 */
class ExportStoreOutageTest extends ExportRouteTestSupport {

    private final StoreBackend pg = StoreBackend.require(StoreBackend.postgresOrNull());
    private final TcpProxy proxy = pg.proxy();
    private LogCapture log;

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        pg.through(proxy.port()).configure(p);
        p.setProperty("bridge.export.retry-seconds", "3");
        return p;
    }

    @AfterEach
    void restore() throws IOException {
        if (log != null) {
            log.close();
        }
        proxy.close();
    }

    @Test
    void aRunWithoutTheDatabaseFailsInOneLineAndTheNextRunExportsTheHour() throws Exception {
        forgetHours();
        String hour = onlyHour();
        app.generateHistory(hour, ZONE, 20, 1);

        log = LogCapture.start();
        proxy.cut();
        startExport();
        await(() -> log.contains("Export stopped ("), Duration.ofSeconds(40),
                () -> "no line for the failed run: " + log);
        String lines = log.text();
        assertFalse(lines.contains("\tat "), "no stack trace: " + lines);
        assertTrue(lines.contains("cannot read hour_id states"), "the line names what failed: " + lines);
        assertFalse(Files.exists(output(hour)));
        assertEquals(0, app.historyCallTimes().size(), "no hour was asked for without its state");

        assertTrue(lines.contains("the export runs again in 3 s"), lines);
        // no trigger: the export's own retry runs it once the database is back
        proxy.restore();
        awaitStates(Map.of(hour, "done"), Duration.ofSeconds(40));
        assertTrue(Files.exists(output(hour)));
    }

    /** The hours of this test's window: the PostgreSQL database outlives other runs of it. */
    private void forgetHours() throws Exception {
        states().createIfAbsent();
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password())) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM export_hour_state WHERE hour_id = ?")) {
                for (String h : lastHours(4)) {
                    delete.setString(1, h);
                    delete.executeUpdate();
                }
            }
        }
    }
}
