package io.chathistorybridge.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.chathistorybridge.api.Redact;
import io.chathistorybridge.imports.IdMaps;
import org.quartz.CronExpression;

/**
 * Checks the settings before anything starts. Each problem is one line that names the key and what is
 * wrong, so a user fixes it without reading a stack trace.
 */
public final class SettingsCheck {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH");

    private final Function<String, String> settings;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> missing = new LinkedHashSet<>();

    private SettingsCheck(Function<String, String> settings) {
        this.settings = settings;
    }

    /**
     * @param settings resolves a key to its value, or null when it is not set
     * @return one line per problem; a key missing from the file is named once, without the problems that follow
     */
    public static List<String> problems(Function<String, String> settings) {
        SettingsCheck check = new SettingsCheck(settings);
        check.run();
        if (check.missing.isEmpty()) {
            return check.problems;
        }
        List<String> lines = new ArrayList<>();
        check.missing.forEach(key -> lines.add(notSet(key)));
        check.problems.stream().filter(p -> check.missing.stream().noneMatch(key -> p.startsWith(key + ":")))
                .forEach(lines::add);
        return lines;
    }

    /** The line for a key that is in no settings source: the shipped file holds every key with its default. */
    public static String notSet(String key) {
        return key + ": is not set (config/application.properties as shipped holds every key with its default:"
                + " put the key back)";
    }

    private void run() {
        if (flag("bridge.export.enabled")) {
            app("source", "bridge.export.enabled=true");
            cron("bridge.export.cron");
            zone("bridge.export.time-zone");
            number("bridge.export.requests-per-minute", 1, 10, "the API allows 10 history calls per minute");
            number("bridge.export.settle-minutes", 0, 7 * 24 * 60, null);
            number("bridge.export.backfill-hours", 1, 24 * 365, null);
            number("bridge.export.give-up-hours", 1, 24 * 365, null);
            number("bridge.export.max-attempts", 1, 100, null);
            number("bridge.export.retry-seconds", 1, 24 * 3600, null);
            hour("bridge.export.start-hour");
        }
        if (flag("bridge.import.enabled")) {
            if (!flag("bridge.import.dry-run")) {
                app("target", "bridge.import.enabled=true");
            }
            number("bridge.import.rate-per-second", 1, 10_000, null);
            number("bridge.import.max-in-flight", 1, 1024, null);
            number("bridge.import.pace-margin-ms", 0, 1000, null);
            number("bridge.import.one-way-ms", 0, 1000, null);
            number("bridge.import.max-attempts", 1, 100, null);
            legacyBool(io.chathistorybridge.attachments.AttachmentMode.LEGACY_KEY);
            attachments();
            number("bridge.attachments.max-in-flight", 0, 256, null);
            number("bridge.attachments.disk-budget-mb", 10, 1_000_000, "at least one file of the 10 MB limit");
            oneOf("bridge.attachments.lifetime", List.of("default", "forever", "refresh"));
            if (!value("bridge.attachments.archive-dir").isEmpty()) {
                writableDir("bridge.attachments.archive-dir");
            }
            optionalBool("bridge.import.is-ack-read");
            mapFile("bridge.import.group-map");
            mapFile("bridge.import.user-map");
            regex("bridge.import.in-progress-names");
        }
        number("bridge.token.min-interval-seconds", 1, 3600, "asking for tokens often gets the account banned");
        number("bridge.api.retry-delay-ms", 1, 600_000, null);
        number("bridge.api.max-retry-delay-ms", 1, 3_600_000, null);
        number("bridge.progress-seconds", 1, 3600, null);
        number("bridge.shutdown-timeout-seconds", 1, 3600, null);
        number("bridge.management.port", 0, 65535, null);
        managementAccess();
        String jdbc = value("bridge.store.jdbc-url");
        if (!jdbc.isEmpty() && !jdbc.startsWith("jdbc:")) {
            problems.add("bridge.store.jdbc-url: '" + Redact.password(jdbc)
                    + "' is not a JDBC URL (jdbc:postgresql://host/db, or empty for the embedded store)");
        }
        cluster(jdbc);
        dataDir();
    }

    /**
     * bridge.import.attachments is copy, link or server; copy downloads from the source app, so it needs the source
     * app's settings even with the export off: one line that names the way out.
     */
    private void attachments() {
        String key = io.chathistorybridge.attachments.AttachmentMode.KEY;
        io.chathistorybridge.attachments.AttachmentMode mode;
        try {
            mode = io.chathistorybridge.attachments.AttachmentMode.resolve(value(key),
                    legacy(io.chathistorybridge.attachments.AttachmentMode.LEGACY_KEY));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return;
        }
        if (mode != io.chathistorybridge.attachments.AttachmentMode.COPY || flag("bridge.import.dry-run")
                || problems.stream().anyMatch(p -> p.startsWith("bridge.source."))) {
            return;
        }
        List<String> empty = new ArrayList<>();
        for (String part : List.of("org", "app", "client-id", "client-secret")) {
            if (value("bridge.source." + part).isEmpty()) {
                empty.add("bridge.source." + part);
            }
        }
        if (!empty.isEmpty()) {
            problems.add(key + ": copy downloads every file from the source app, but " + String.join(", ", empty)
                    + (empty.size() == 1 ? " is" : " are") + " empty: set the source app, or " + key
                    + "=link to keep the source urls (the files then go with the source app)");
        }
    }

    private void regex(String key) {
        try {
            java.util.regex.Pattern.compile(value(key));
        } catch (java.util.regex.PatternSyntaxException e) {
            problems.add(key + ": '" + value(key) + "' is not a regular expression (" + e.getDescription() + ")");
        }
    }

    /** Beyond loopback the page and /observe/bridge need a password, unless opened on purpose. */
    private void managementAccess() {
        String host = value("bridge.management.host");
        if (!io.chathistorybridge.ops.ManagementAccess.isLoopback(host) && !flag("bridge.management.open")
                && value("bridge.management.password").isEmpty()) {
            problems.add("bridge.management.host: '" + host + "' is reachable beyond this machine: set "
                    + "BRIDGE_MANAGEMENT_PASSWORD in the environment, or bridge.management.open=true to serve the "
                    + "status without a password");
        }
    }

    /** A cluster service needs the shared store: an H2 file can be open in one process only. */
    private void cluster(String jdbc) {
        String service = value("bridge.cluster.service");
        if (!List.of("", "none", "file", "kubernetes").contains(service)) {
            problems.add("bridge.cluster.service: '" + service + "' is not none, file or kubernetes");
        } else if (!service.isEmpty() && !service.equals("none") && !jdbc.startsWith("jdbc:postgresql:")) {
            problems.add("bridge.store.jdbc-url: bridge.cluster.service=" + service + " needs the shared PostgreSQL"
                    + " store (jdbc:postgresql://host:5432/database): the embedded H2 store can be open in one process only");
        }
        if (service.equals("file")) {
            number("bridge.cluster.file.acquire-lock-interval-ms", 100, 600_000, null);
        }
    }

    private String value(String key) {
        String v = settings.apply(key);
        if (v == null) {
            missing.add(key);
            return "";
        }
        return v.trim();
    }

    private boolean flag(String key) {
        return "true".equalsIgnoreCase(value(key));
    }

    private void app(String side, String why) {
        String prefix = "bridge." + side + ".";
        for (String key : List.of("org", "app", "client-id", "client-secret")) {
            if (value(prefix + key).isEmpty()) {
                String hint = key.equals("client-secret")
                        ? " (set the environment variable BRIDGE_" + side.toUpperCase() + "_CLIENT_SECRET)" : "";
                problems.add(prefix + key + ": is empty but " + why + " needs it" + hint);
            }
        }
        String url = value(prefix + "base-url");
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            problems.add(prefix + "base-url: '" + url + "' is not an http(s) URL such as https://a1.easemob.com");
        }
    }

    private void cron(String key) {
        String cron = value(key);
        if (!CronExpression.isValidExpression(cron)) {
            problems.add(key + ": '" + cron + "' is not a Quartz cron expression"
                    + " (six fields, seconds first: '0 5 * * * ?' runs at minute 5 of every hour)");
        }
    }

    private void zone(String key) {
        String zone = value(key);
        try {
            ZoneId.of(zone);
        } catch (RuntimeException e) {
            problems.add(key + ": '" + zone + "' is not a time zone (Asia/Shanghai for China clusters, UTC elsewhere)");
        }
    }

    private void number(String key, long min, long max, String why) {
        String raw = value(key);
        try {
            long n = Long.parseLong(raw);
            if (n < min || n > max) {
                problems.add(key + ": " + n + " is out of range, use " + min + " to " + max
                        + (why == null ? "" : " (" + why + ")"));
            }
        } catch (NumberFormatException e) {
            problems.add(key + ": '" + raw + "' is not a whole number");
        }
    }

    private void oneOf(String key, List<String> values) {
        String raw = value(key);
        if (!values.contains(raw)) {
            problems.add(key + ": '" + raw + "' must be one of " + String.join(", ", values));
        }
    }

    private void bool(String key) {
        String raw = value(key);
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            problems.add(key + ": '" + raw + "' must be true or false");
        }
    }

    /** A key that left the file (a deprecated one): not missing when absent. */
    private String legacy(String key) {
        String v = settings.apply(key);
        return v == null ? "" : v.trim();
    }

    private void legacyBool(String key) {
        if (!legacy(key).isEmpty()) {
            bool(key);
        }
    }

    private void optionalBool(String key) {
        if (!value(key).isEmpty()) {
            bool(key);
        }
    }

    private void hour(String key) {
        String raw = value(key);
        if (raw.isEmpty()) {
            return;
        }
        try {
            java.time.LocalDateTime.parse(raw, HOUR);
        } catch (DateTimeParseException e) {
            problems.add(key + ": '" + raw + "' is not an hour in the form yyyyMMddHH (e.g. 2026112108)");
        }
    }

    private void mapFile(String key) {
        String raw = value(key);
        if (raw.isEmpty()) {
            return;
        }
        Path path = Path.of(raw);
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            problems.add(key + ": cannot read the map file " + path.toAbsolutePath());
            return;
        }
        try {
            IdMaps.read(path);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
        } catch (IOException e) {
            problems.add(key + ": cannot read the map file " + path.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
    }

    private void dataDir() {
        writableDir("bridge.data-dir");
    }

    private void writableDir(String key) {
        Path dir = Path.of(value(key)).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new IOException("not writable");
            }
        } catch (IOException | RuntimeException e) {
            problems.add(key + ": cannot create or write " + dir.toAbsolutePath());
        }
    }
}
