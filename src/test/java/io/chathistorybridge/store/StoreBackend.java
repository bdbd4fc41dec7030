package io.chathistorybridge.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database the store tests run on: the embedded H2 file, or the PostgreSQL named by {@code BRIDGE_TEST_PG_URL}
 * (system property {@code bridge.test.pg-url}), user/password {@code BRIDGE_TEST_PG_USER}/{@code BRIDGE_TEST_PG_PASSWORD}
 * (default bridge/bridge). Without a URL the PostgreSQL runs are skipped, except under {@code CI=true}, where they
 * fail: CI must run them ({@code .ci/run} starts PostgreSQL and sets the URL).
 */
public record StoreBackend(String name, String url, String user, String password) {

    public static final StoreBackend H2 = new StoreBackend("h2", "", "sa", "");

    /** Both backends, for a parameterised test. */
    public static List<StoreBackend> both() {
        List<StoreBackend> all = new ArrayList<>();
        all.add(H2);
        all.add(postgresOrNull());
        return all;
    }

    /** The PostgreSQL backend; null when none is configured outside CI (the test then skips). */
    public static StoreBackend postgresOrNull() {
        String url = System.getProperty("bridge.test.pg-url", System.getenv("BRIDGE_TEST_PG_URL"));
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but BRIDGE_TEST_PG_URL is not set: the store tests must run on PostgreSQL");
            }
            return null;
        }
        StoreBackend pg = new StoreBackend("postgresql", url,
                env("BRIDGE_TEST_PG_USER", "bridge"), env("BRIDGE_TEST_PG_PASSWORD", "bridge"));
        try (Connection c = DriverManager.getConnection(pg.url, pg.user, pg.password)) {
            c.isValid(5);
        } catch (SQLException e) {
            fail("PostgreSQL at " + url + " is not reachable: " + e.getMessage());
        }
        return pg;
    }

    /** Skips the test when the backend is the PostgreSQL one and none is configured (never under CI). */
    public static StoreBackend require(StoreBackend backend) {
        Assumptions.assumeTrue(backend != null, "no PostgreSQL configured (BRIDGE_TEST_PG_URL)");
        return backend;
    }

    private static String env(String key, String otherwise) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? otherwise : v;
    }

    public boolean shared() {
        return !url.isEmpty();
    }

    public DataSource open(Path dataDir) {
        return StoreDataSource.create(url, user, password, dataDir);
    }

    /** A store of this backend; the embedded one keeps its journal under the data dir, as the bridge does. */
    public ImportedMessages store(DataSource ds, String appKey, Path dataDir) {
        return new ImportedMessages(ds, appKey, shared() ? null : dataDir.resolve("state").resolve("imported-keys"));
    }

    /** Deletes the target app's keys: the PostgreSQL database outlives a test (the table is created if missing). */
    public void forgetApp(String appKey) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setPassword(password);
        try (Connection c = ds.getConnection()) {
            StoreSchema.ensure(ds);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + ImportedMessages.TABLE
                    + " WHERE processorName = ?")) {
                delete.setString(1, appKey);
                delete.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same database through another host and port (a proxy): {@code jdbc:postgresql://host:port/db...}. */
    public StoreBackend through(int port) {
        return new StoreBackend(name, url.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/"), user, password);
    }

    /** The bridge's store settings for this database. */
    public void configure(Properties bridgeSettings) {
        bridgeSettings.setProperty("bridge.store.jdbc-url", url);
        bridgeSettings.setProperty("bridge.store.user", user);
        bridgeSettings.setProperty("bridge.store.password", password);
    }

    /** A proxy in front of this database, to take it away from the bridge and bring it back. */
    public TcpProxy proxy() {
        InetSocketAddress database = address();
        try {
            return new TcpProxy(database.getHostString(), database.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a proxy to " + database, e);
        }
    }

    /** The database's host and port, from the URL. */
    private InetSocketAddress address() {
        Matcher m = Pattern.compile("//([^/:]+)(?::(\\d+))?/").matcher(url);
        if (!m.find()) {
            throw new IllegalStateException("no host in " + url);
        }
        return new InetSocketAddress(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
    }

    /** A target app no other run used: the PostgreSQL database outlives the test. */
    public static String freshApp() {
        return "org#test-" + UUID.randomUUID();
    }

    public static void close(DataSource ds) {
        if (ds instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing a pool at the end of a test
            }
        } else if (ds instanceof org.h2.jdbcx.JdbcConnectionPool pool) {
            pool.dispose();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
