package io.chathistorybridge.store;

import java.sql.SQLException;
import java.util.List;

import io.chathistorybridge.api.Redact;
import io.chathistorybridge.config.SettingsException;

/**
 * A store that cannot serve, worded as one settings line that names the key to fix ({@code bridge.store.jdbc-url},
 * {@code .user} or {@code .password}). The database's own words are kept (they name no password); a password written
 * into the URL is masked.
 */
public final class StoreProblem {

    private StoreProblem() {
    }

    static SettingsException unknownScheme(String url) {
        return line("bridge.store.jdbc-url: no database driver for '" + masked(url)
                + "' (this bridge has jdbc:postgresql://host:5432/database, or empty for the embedded H2 store)");
    }

    /** Classifies the failure by its SQL state (PostgreSQL's codes; H2 maps its own to the same classes). */
    static SettingsException of(SQLException e, String url, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String why = firstLine(e);
        if (state.startsWith("28")) {
            return line("bridge.store.password: the database refused user '" + user + "' (" + why
                    + "); check bridge.store.user and BRIDGE_STORE_PASSWORD");
        }
        if (state.equals("42501")) {
            return line("bridge.store.user: user '" + user + "' may not create the store's tables (" + why
                    + "); grant it CREATE on the schema, or let the database owner start the bridge once");
        }
        if (state.equals("3D000")) {
            return line("bridge.store.jdbc-url: the database in '" + masked(url) + "' does not exist (" + why + ")");
        }
        if (state.startsWith("08") || e.getCause() instanceof java.io.IOException) {
            return line("bridge.store.jdbc-url: cannot reach the database at '" + masked(url) + "' within "
                    + StoreDataSource.CONNECT_SECONDS + " s (" + why + ")");
        }
        return line("bridge.store.jdbc-url: the store at '" + masked(url) + "' cannot be used (" + why + ")");
    }

    private static SettingsException line(String problem) {
        return new SettingsException(List.of(problem));
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }

    static String masked(String url) {
        return Redact.password(url);
    }
}
