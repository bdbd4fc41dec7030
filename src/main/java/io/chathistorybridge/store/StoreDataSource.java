package io.chathistorybridge.store;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;

/** The bridge's database: an H2 file under the data dir by default, or any JDBC URL (e.g. PostgreSQL). */
public final class StoreDataSource {

    private StoreDataSource() {
    }

    /**
     * @param jdbcUrl empty for the embedded default {@code {dataDir}/state/bridge} (H2 file)
     */
    public static DataSource create(String jdbcUrl, String user, String password, Path dataDir) {
        String url = jdbcUrl == null || jdbcUrl.isBlank()
                ? "jdbc:h2:file:" + dataDir.resolve("state").resolve("bridge").toAbsolutePath()
                        // every commit reaches the OS at once: a killed bridge forgets no imported message
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                : jdbcUrl;
        if (url.startsWith("jdbc:h2:")) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, user, password == null ? "" : password);
            pool.setMaxConnections(32);
            return pool;
        }
        return new DriverManagerDataSource(url, user, password);
    }
}
