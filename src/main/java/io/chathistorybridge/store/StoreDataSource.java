package io.chathistorybridge.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The bridge's database: an H2 file under the data dir by default, or PostgreSQL by URL (the store several bridges
 * share). It is opened and its schema made ready before anything starts; a database that cannot serve gives one
 * {@link StoreProblem} line naming the setting to fix.
 */
public final class StoreDataSource {

    /** Connections to PostgreSQL: the lookups, the group commit, the hour states and the attachment map. */
    private static final int POOL_SIZE = 12;
    /** Seconds to reach the database or log in before start-up gives up with one line. */
    static final int CONNECT_SECONDS = 10;

    private StoreDataSource() {
    }

    /** Whether the URL names the shared store (PostgreSQL) rather than an embedded H2 file. */
    public static boolean shared(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.trim().startsWith("jdbc:postgresql:");
    }

    /** Whether the data source is the shared store (PostgreSQL) that several bridges may use at once. */
    public static boolean shared(DataSource dataSource) {
        return dataSource instanceof HikariDataSource;
    }

    /**
     * A service that closes the shared store's pool when the context stops: added before the store, it stops after it
     * (Camel stops services in the reverse order). The embedded pool closes with the JVM.
     */
    public static org.apache.camel.Service closer(DataSource dataSource) {
        return new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                if (dataSource instanceof HikariDataSource pool) {
                    pool.close();
                }
            }
        };
    }

    /**
     * @param jdbcUrl empty for the embedded default {@code {dataDir}/state/bridge} (H2 file)
     * @throws StoreProblem when the database cannot be reached, refuses the login or may not create the tables
     */
    public static DataSource create(String jdbcUrl, String user, String password, Path dataDir) {
        String url = jdbcUrl == null || jdbcUrl.isBlank()
                ? "jdbc:h2:file:" + dataDir.resolve("state").resolve("bridge").toAbsolutePath()
                        // every commit reaches the OS at once: a killed bridge forgets no imported message
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                : jdbcUrl.trim();
        String pass = password == null ? "" : password;
        if (url.startsWith("jdbc:h2:")) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, user, pass);
            pool.setMaxConnections(32);
            try {
                StoreSchema.ensure(pool);
            } catch (SQLException e) {
                pool.dispose();
                throw StoreProblem.of(e, url, user);
            }
            return pool;
        }
        check(url, user, pass);
        HikariConfig config = new HikariConfig();
        config.setPoolName("bridge-store");
        config.setJdbcUrl(url);
        config.setDriverClassName(org.postgresql.Driver.class.getName());
        config.setUsername(user);
        config.setPassword(pass);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(CONNECT_SECONDS * 1000L);
        // checked above: the pool opens its connections when they are asked for
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", CONNECT_SECONDS);
        return new HikariDataSource(config);
    }

    /** Opens one connection with the driver and makes the schema ready: each failure becomes one line. */
    private static void check(String url, String user, String password) {
        Driver driver;
        try {
            // named, not looked up: the one-jar build keeps one META-INF/services/java.sql.Driver (H2's)
            driver = shared(url) ? new org.postgresql.Driver() : DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw StoreProblem.unknownScheme(url);
        }
        Properties login = new Properties();
        login.setProperty("user", user == null ? "" : user);
        login.setProperty("password", password);
        login.setProperty("connectTimeout", String.valueOf(CONNECT_SECONDS));
        login.setProperty("loginTimeout", String.valueOf(CONNECT_SECONDS));
        try (Connection c = driver.connect(url, login)) {
            if (c == null) {
                throw StoreProblem.unknownScheme(url);
            }
            StoreSchema.ensure(c);
        } catch (SQLException e) {
            throw StoreProblem.of(e, url, user);
        }
    }
}
