package io.chathistorybridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import javax.sql.DataSource;

/**
 * Source files already copied into the target app: (target app, source app, source uuid) → the target's url and
 * share-secret, so that a uuid shared by many messages, a re-dropped file or a restart never uploads it again. One
 * table in the bridge's store (embedded H2 or PostgreSQL); each lookup is one primary-key query.
 */
public final class AttachmentCopies {

    static final String TABLE = "attachment_copy";

    /** A copy in the target app; {@code secret} is null when it was uploaded unrestricted. */
    public record Copy(String url, String secret) {
        @Override
        public String toString() {
            return "Copy[" + url + (secret == null ? "" : ", secret …") + "]"; // a share-secret is a credential
        }
    }

    private final DataSource dataSource;
    private final String targetApp;
    private final String sourceApp;

    public AttachmentCopies(DataSource dataSource, String targetApp, String sourceApp) {
        this.dataSource = dataSource;
        this.targetApp = targetApp;
        this.sourceApp = sourceApp;
    }

    /** The copy of a source file, or null when it was never copied. */
    public Copy find(String sourceUuid) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT target_url, target_secret FROM " + TABLE
                     + " WHERE target_app = ? AND source_app = ? AND source_uuid = ?")) {
            ps.setString(1, targetApp);
            ps.setString(2, sourceApp);
            ps.setString(3, sourceUuid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Copy(rs.getString(1), rs.getString(2)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the attachment copies of the store: " + e.getMessage(), e);
        }
    }

    /**
     * Remembers a copy. When another bridge remembered one for the same file first (a shared store), that one is
     * kept and returned, so every message points at one copy.
     */
    public Copy remember(String sourceUuid, Copy copy) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (target_app, source_app,"
                     + " source_uuid, target_url, target_secret, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, targetApp);
            ps.setString(2, sourceApp);
            ps.setString(3, sourceUuid);
            ps.setString(4, copy.url());
            ps.setString(5, copy.secret());
            ps.setTimestamp(6, new Timestamp(System.currentTimeMillis()));
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return copy;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                Copy first = find(sourceUuid);
                if (first != null) {
                    return first;
                }
            }
            throw new IllegalStateException("cannot write the attachment copies of the store: " + e.getMessage(), e);
        }
    }
}
