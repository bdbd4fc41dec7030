package io.chathistorybridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

import javax.sql.DataSource;

/**
 * The store's tables, created at start when missing and versioned in {@code bridge_schema_version} (one row per
 * version applied), so that a later release can migrate them: it adds a step for version 2 and runs what a database
 * lacks. Several bridges may start at once on one PostgreSQL database: the steps run under a transaction-wide advisory
 * lock there, so one creates and the others find the tables.
 */
public final class StoreSchema {

    /** The version this release writes and reads. */
    public static final int VERSION = 3;
    static final String VERSION_TABLE = "bridge_schema_version";
    /** The export's hour states ({@code export.HourStates}); its last error is cut to this many characters. */
    public static final String HOUR_STATES_TABLE = "export_hour_state";
    public static final int HOUR_ERROR_CHARS = 1000;
    /** Any fixed number: the advisory lock that serialises schema changes between bridges. */
    private static final long LOCK_ID = 0x62726964676531L;

    private StoreSchema() {
    }

    /** Creates what is missing; an {@link SQLException} names what the database refused. */
    public static void ensure(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            ensure(c);
        }
    }

    static void ensure(Connection c) throws SQLException {
        // a database whose schema is current needs no DDL: a user with data rights only may start the bridge
        if (currentOrZero(c) == VERSION) {
            return;
        }
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (postgres) {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")");
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " (version INT NOT NULL PRIMARY KEY,"
                    + " applied_at TIMESTAMP NOT NULL)");
            int current = current(c);
            if (current > VERSION) {
                throw new SQLException("the store's schema is version " + current + ", newer than this bridge's "
                        + VERSION + ": start the newer bridge");
            }
            if (current < 1) {
                // version 1: the imported msg_ids per target app (camel-sql's table, with a primary key)
                s.execute("CREATE TABLE IF NOT EXISTS " + ImportedMessages.TABLE
                        + " (processorName VARCHAR(255) NOT NULL, messageId VARCHAR(512) NOT NULL,"
                        + " createdAt TIMESTAMP, PRIMARY KEY (processorName, messageId))");
                applied(c, 1);
            }
            if (current < 2) {
                // version 2: each source file copied into a target app once (bridge.import.attachments=copy)
                s.execute("CREATE TABLE IF NOT EXISTS " + AttachmentCopies.TABLE
                        + " (target_app VARCHAR(255) NOT NULL, source_app VARCHAR(255) NOT NULL,"
                        + " source_uuid VARCHAR(255) NOT NULL, target_url VARCHAR(2048) NOT NULL,"
                        + " target_secret VARCHAR(255), created_at TIMESTAMP NOT NULL,"
                        + " PRIMARY KEY (target_app, source_app, source_uuid))");
                applied(c, 2);
            }
            if (current < 3) {
                // version 3: the export's hour states (one row per hour of history)
                s.execute("CREATE TABLE IF NOT EXISTS " + HOUR_STATES_TABLE + " ("
                        + "hour_id VARCHAR(10) NOT NULL PRIMARY KEY, state VARCHAR(10) NOT NULL,"
                        + " records BIGINT NOT NULL DEFAULT 0, duplicates BIGINT NOT NULL DEFAULT 0,"
                        + " rejects BIGINT NOT NULL DEFAULT 0, last_error VARCHAR(" + HOUR_ERROR_CHARS + "),"
                        + " attempts INT NOT NULL DEFAULT 0, updated_at TIMESTAMP NOT NULL)");
                applied(c, 3);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The newest version applied, 0 when the version table is missing (read in auto-commit: a failure ends nothing). */
    private static int currentOrZero(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            return current(c);
        } catch (SQLException missing) {
            return 0;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The newest version applied, 0 for a database without the store. */
    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void applied(Connection c, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + VERSION_TABLE
                + " (version, applied_at) VALUES (?, ?)")) {
            ps.setInt(1, version);
            ps.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
            ps.executeUpdate();
        }
    }
}
