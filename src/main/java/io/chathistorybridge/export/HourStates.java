package io.chathistorybridge.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.chathistorybridge.store.StoreSchema;

/**
 * The export's hour states in the bridge database (table {@code export_hour_state}, one row per hour),
 * so a restarted bridge knows which hours are done. Plain SQL that H2 and PostgreSQL both accept.
 */
public final class HourStates {

    static final String TABLE = StoreSchema.HOUR_STATES_TABLE;
    private static final int MAX_ERROR = StoreSchema.HOUR_ERROR_CHARS;

    private final DataSource dataSource;
    private volatile boolean created;

    public HourStates(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the store's tables when missing (first start), this one included: {@link StoreSchema}. */
    public synchronized void createIfAbsent() {
        if (created) {
            return;
        }
        try {
            StoreSchema.ensure(dataSource);
            created = true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create table " + TABLE + ": " + e.getMessage(), e);
        }
    }

    public Optional<HourState> get(String hour) {
        createIfAbsent();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT hour_id, state, records, duplicates, rejects, last_error,"
                     + " attempts FROM " + TABLE + " WHERE hour_id = ?")) {
            ps.setString(1, hour);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read hour_id state " + hour + ": " + e.getMessage(), e);
        }
    }

    /** Every stored hour in the given range (inclusive), by hour. */
    public Map<String, HourState> between(String fromHour, String toHour) {
        return query("SELECT hour_id, state, records, duplicates, rejects, last_error, attempts FROM " + TABLE
                + " WHERE hour_id >= ? AND hour_id <= ? ORDER BY hour_id", fromHour, toHour);
    }

    /** Every pending hour, oldest first (re-export requests and hours left over from older runs). */
    public List<HourState> pending() {
        return new ArrayList<>(query("SELECT hour_id, state, records, duplicates, rejects, last_error, attempts FROM "
                + TABLE + " WHERE state = ? ORDER BY hour_id", HourState.PENDING).values());
    }

    /** Number of hours in each state (for metrics and the status endpoint). */
    public Map<String, Long> countByState() {
        createIfAbsent();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : List.of(HourState.DONE, HourState.EMPTY, HourState.PENDING, HourState.EXPIRED)) {
            counts.put(state, 0L);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM " + TABLE + " GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count hour states: " + e.getMessage(), e);
        }
        return counts;
    }

    /** The most recent stored hours, newest first. */
    public List<HourState> latest(int limit) {
        List<HourState> all = new ArrayList<>(query("SELECT hour_id, state, records, duplicates, rejects, last_error,"
                + " attempts FROM " + TABLE + " ORDER BY hour_id DESC LIMIT " + Math.max(1, limit)).values());
        return all;
    }

    public void markDone(String hour, long records, long duplicates, long rejects) {
        upsert(hour, HourState.DONE, records, duplicates, rejects, null, true);
    }

    public void markEmpty(String hour) {
        upsert(hour, HourState.EMPTY, 0, 0, 0, null, true);
    }

    public void markPending(String hour, String error) {
        upsert(hour, HourState.PENDING, 0, 0, 0, error, true);
    }

    public void markExpired(String hour, String error) {
        upsert(hour, HourState.EXPIRED, 0, 0, 0, error, true);
    }

    /** A re-export request: the hour becomes pending again, whatever it was. */
    public void reset(String hour, String reason) {
        upsert(hour, HourState.PENDING, 0, 0, 0, reason, false);
    }

    private Map<String, HourState> query(String sql, String... args) {
        createIfAbsent();
        Map<String, HourState> states = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    HourState s = read(rs);
                    states.put(s.hour(), s);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read hour_id states: " + e.getMessage(), e);
        }
        return states;
    }

    private void upsert(String hour, String state, long records, long duplicates, long rejects, String error,
                        boolean countAttempt) {
        upsert(hour, state, records, duplicates, rejects, error, countAttempt, true);
    }

    /** UPDATE, else INSERT, in one transaction; an INSERT that lost the race to another writer is tried once more. */
    private void upsert(String hour, String state, long records, long duplicates, long rejects, String error,
                        boolean countAttempt, boolean firstTry) {
        createIfAbsent();
        String err = error == null ? null : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET state = ?, records = ?,"
                        + " duplicates = ?, rejects = ?, last_error = ?, updated_at = ?,"
                        + " attempts = " + (countAttempt ? "attempts + 1" : "0") + " WHERE hour_id = ?")) {
                    ps.setString(1, state);
                    ps.setLong(2, records);
                    ps.setLong(3, duplicates);
                    ps.setLong(4, rejects);
                    ps.setString(5, err);
                    ps.setTimestamp(6, now);
                    ps.setString(7, hour);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (hour_id, state, records,"
                            + " duplicates, rejects, last_error, attempts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, hour);
                        ps.setString(2, state);
                        ps.setLong(3, records);
                        ps.setLong(4, duplicates);
                        ps.setLong(5, rejects);
                        ps.setString(6, err);
                        ps.setInt(7, countAttempt ? 1 : 0);
                        ps.setTimestamp(8, now);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) && firstTry) {
                // another writer inserted the hour between this one's UPDATE and INSERT: its row is there now
                upsert(hour, state, records, duplicates, rejects, error, countAttempt, false);
                return;
            }
            throw new IllegalStateException("cannot store hour_id state " + hour + " " + state + ": " + e.getMessage(), e);
        }
    }

    /** SQLSTATE of a primary-key violation (H2 and PostgreSQL alike). */
    private static final String UNIQUE_VIOLATION = "23505";

    private static HourState read(ResultSet rs) throws SQLException {
        return new HourState(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                rs.getString(6), rs.getInt(7));
    }
}
