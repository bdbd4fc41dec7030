package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.chathistorybridge.store.ImportedMessages;
import io.chathistorybridge.store.StoreBackend;
import org.junit.jupiter.api.Test;

/**
 * Every import route test of {@link ImportRouteTest}, with the store in PostgreSQL ({@link StoreBackend}: skipped
 * without {@code BRIDGE_TEST_PG_URL}, failed under CI). Each test starts from no keys for the sandbox's target app.
 */
class ImportRoutePostgresTest extends ImportRouteTest {

    private final StoreBackend pg = StoreBackend.require(StoreBackend.postgresOrNull());

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        pg.configure(p);
        pg.forgetApp("imp-org#imp-app");
        return p;
    }

    /** The shared store has no journal: the keys are in the table while the bridge runs. */
    @Override
    @Test
    void aGracefulStopMovesTheKeyJournalToTheTable() throws Exception {
        drop("stop.ndjson", List.of(text("chat", "a", "b", BASE + 1, "s1"), text("groupchat", "a", "g", BASE + 2, "s2")));
        awaitReport("stop", Duration.ofSeconds(60));
        assertFalse(Files.exists(dataDir.resolve("state").resolve("imported-keys")), "no local journal");
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
             ResultSet keys = c.createStatement().executeQuery("SELECT messageId FROM " + ImportedMessages.TABLE
                     + " WHERE processorName = 'imp-org#imp-app' ORDER BY messageId")) {
            List<String> stored = new ArrayList<>();
            while (keys.next()) {
                stored.add(keys.getString(1));
            }
            assertEquals(List.of("s1", "s2"), stored);
        }
    }
}
