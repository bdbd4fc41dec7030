package io.chathistorybridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.chathistorybridge.store.StoreBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store settings that cannot work stop the packaged jar with one line naming the key and exit code 2, within 30 s,
 * with no stack trace. The PostgreSQL cases use the test database ({@link StoreBackend}) and, for a database the user
 * may not create tables in, {@code bridge_empty} on the same server (owned by postgres; {@code .ci/run} creates it and
 * the role {@code bridge_noddl}).
 */
class StoreSettingsIT {

    private static final String LINE = "chat-history-bridge: setting ";

    @TempDir
    Path dir;

    private String run(String name, Map<String, String> store) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("BRIDGE_SANDBOX_ENABLED", "true");
        env.put("BRIDGE_SANDBOX_PORT", String.valueOf(BridgeProcess.freePort()));
        env.put("BRIDGE_MANAGEMENT_PORT", String.valueOf(BridgeProcess.freePort()));
        env.put("BRIDGE_DATA_DIR", dir.resolve(name).toString());
        env.putAll(store);
        long t0 = System.nanoTime();
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve(name + ".log"), env)) {
            int exit = bridge.waitForExit(Duration.ofSeconds(30));
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            String out = bridge.output();
            assertEquals(2, exit, "exit code (-1: still running after 30 s)\n" + out);
            assertTrue(seconds < 30, seconds + " s\n" + out);
            assertFalse(out.contains("\tat "), "a stack trace:\n" + out);
            assertEquals(1, out.lines().filter(l -> l.startsWith(LINE)).count(), "one settings line:\n" + out);
            String password = store.get("BRIDGE_STORE_PASSWORD");
            if (password != null && !password.isEmpty()) {
                assertFalse(out.contains(password), "the password in the output:\n" + out);
            }
            return out.lines().filter(l -> l.startsWith(LINE)).findFirst().orElseThrow();
        }
    }

    private static StoreBackend pg() {
        return StoreBackend.require(StoreBackend.postgresOrNull());
    }

    @Test
    void anUnknownSchemeNamesTheUrl() throws Exception {
        String line = run("scheme", Map.of("BRIDGE_STORE_JDBC_URL", "jdbc:mysql://127.0.0.1:3306/bridge"));
        assertTrue(line.startsWith(LINE + "bridge.store.jdbc-url: no database driver for"), line);
    }

    @Test
    void anUnreachableHostNamesTheUrl() throws Exception {
        int nobody = BridgeProcess.freePort();
        String line = run("unreachable", Map.of("BRIDGE_STORE_JDBC_URL",
                "jdbc:postgresql://127.0.0.1:" + nobody + "/bridge", "BRIDGE_STORE_USER", "bridge"));
        assertTrue(line.startsWith(LINE + "bridge.store.jdbc-url: cannot reach the database at"), line);
    }

    @Test
    void aWrongPasswordNamesThePassword() throws Exception {
        StoreBackend pg = pg();
        String line = run("password", Map.of("BRIDGE_STORE_JDBC_URL", pg.url(), "BRIDGE_STORE_USER", pg.user(),
                "BRIDGE_STORE_PASSWORD", "not-the-password-4711"));
        assertTrue(line.startsWith(LINE + "bridge.store.password: the database refused user '" + pg.user() + "'"),
                line);
    }

    @Test
    void aUserWhoMayNotCreateTheTablesNamesTheUser() throws Exception {
        StoreBackend pg = pg();
        String empty = pg.url().replaceFirst("/[^/?]+(\\?|$)", "/bridge_empty$1");
        String line = run("rights", Map.of("BRIDGE_STORE_JDBC_URL", empty, "BRIDGE_STORE_USER", "bridge_noddl",
                "BRIDGE_STORE_PASSWORD", "noddl-pass-17"));
        assertTrue(line.startsWith(LINE + "bridge.store.user: user 'bridge_noddl' may not create the store's tables"),
                line);
    }
}
