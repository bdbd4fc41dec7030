package io.chathistorybridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;

/**
 * Source msg_ids already imported into the target app: camel-sql's JDBC idempotent repository, keyed by
 * (target appkey, source msg_id). Camel's own table has no key, so lookups would become linear: this
 * creates it with a primary key. A key is added only after the import call succeeded, so a crash can cause
 * a duplicate for a message in flight, never a loss.
 */
public final class ImportedMessages extends JdbcMessageIdRepository {

    public static final String TABLE = "CAMEL_MESSAGEPROCESSED";

    private final DataSource dataSource;

    /** @param targetAppKey {@code org#app} of the target: the same msg_id may go to another app */
    public ImportedMessages(DataSource dataSource, String targetAppKey) {
        super(dataSource, targetAppKey);
        this.dataSource = dataSource;
        setCreateTableIfNotExists(false);
    }

    @Override
    protected void doInit() throws Exception {
        createTable();
        super.doInit();
    }

    private void createTable() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (processorName VARCHAR(255) NOT NULL,"
                    + " messageId VARCHAR(512) NOT NULL, createdAt TIMESTAMP,"
                    + " PRIMARY KEY (processorName, messageId))");
        }
    }

    /** Concurrent adds of one key: the loser's insert hits the primary key, which means "already there". */
    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DuplicateKeyException alreadyAdded) {
            return false;
        }
    }
}
