package io.chathistorybridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.chathistorybridge.export.HourStates;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Bridges that start at once on an empty PostgreSQL database: one creates the store's tables, none fails. */
class StoreSchemaRaceTest {

    @Test
    void bridgesStartingAtOnceOnAnEmptyDatabaseAllFindTheirTables() throws Exception {
        StoreBackend pg = StoreBackend.require(StoreBackend.postgresOrNull());
        for (int round = 0; round < 5; round++) {
            // a schema of its own is an empty database for the store
            String schema = "race_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            String url = pg.url() + (pg.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
            StoreBackend fresh = new StoreBackend("postgresql", url, pg.user(), pg.password());
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<DataSource> stores = new ArrayList<>();
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> starts = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    int n = t;
                    starts.add(pool.submit(() -> {
                        go.await();
                        // what a starting bridge does first: the import's store, or the export's hour states
                        DataSource ds = plain(fresh);
                        synchronized (stores) {
                            stores.add(ds);
                        }
                        if (n % 2 == 0) {
                            StoreSchema.ensure(ds);
                        } else {
                            new HourStates(ds).markPending("2026120708", "try");
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> start : starts) {
                    start.get(30, TimeUnit.SECONDS); // a start that failed to create or find a table throws here
                }
                try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT MAX(version), COUNT(*) FROM "
                             + StoreSchema.VERSION_TABLE)) {
                    rs.next();
                    assertEquals(StoreSchema.VERSION, rs.getInt(1), "the schema's version");
                    assertEquals(StoreSchema.VERSION, rs.getInt(2), "each version applied once");
                }
            } finally {
                pool.shutdownNow();
                stores.forEach(StoreBackend::close);
                try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                     Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /** A data source without the bridge's own start-up, which would create the schema before the race. */
    private static DataSource plain(StoreBackend backend) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(backend.url());
        ds.setUser(backend.user());
        ds.setPassword(backend.password());
        return ds;
    }
}
