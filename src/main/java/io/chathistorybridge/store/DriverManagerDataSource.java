package io.chathistorybridge.store;

/** A plain DataSource for a JDBC URL whose driver is on the class path (e.g. PostgreSQL). */
final class DriverManagerDataSource extends org.springframework.jdbc.datasource.DriverManagerDataSource {
    DriverManagerDataSource(String url, String user, String password) {
        super(url, user, password);
    }
}
