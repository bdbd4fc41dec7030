package io.chathistorybridge.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.chathistorybridge.api.Redact;
import io.chathistorybridge.attachments.AttachmentMode;
import io.chathistorybridge.ops.ManagementAccess;

/**
 * Checks the settings before anything starts: which keys the enabled parts need, and the rules that tie keys
 * together; {@link ValueChecks} checks the form of each value. Each problem is one line that names the key and
 * what is wrong, so a user fixes it without reading a stack trace.
 */
public final class SettingsCheck {

    private final ValueChecks check;

    private SettingsCheck(Function<String, String> settings) {
        this.check = new ValueChecks(settings);
    }

    /**
     * @param settings resolves a key to its value, or null when it is not set
     * @return one line per problem; a key missing from the file is named once, without the problems that follow
     */
    public static List<String> problems(Function<String, String> settings) {
        ValueChecks check = new SettingsCheck(settings).run();
        if (check.missing().isEmpty()) {
            return check.problems();
        }
        List<String> lines = new ArrayList<>();
        check.missing().forEach(key -> lines.add(notSet(key)));
        check.problems().stream().filter(p -> check.missing().stream().noneMatch(key -> p.startsWith(key + ":")))
                .forEach(lines::add);
        return lines;
    }

    /** The line for a key that is in no settings source: the shipped file holds every key with its default. */
    public static String notSet(String key) {
        return key + ": is not set (config/application.properties as shipped holds every key with its default:"
                + " put the key back)";
    }

    private ValueChecks run() {
        if (check.flag("bridge.export.enabled")) {
            app("source", "bridge.export.enabled=true");
            check.cron("bridge.export.cron");
            check.zone("bridge.export.time-zone");
            check.number("bridge.export.requests-per-minute", 1, 10, "the API allows 10 history calls per minute");
            check.number("bridge.export.settle-minutes", 0, 7 * 24 * 60, null);
            check.number("bridge.export.backfill-hours", 1, 24 * 365, null);
            check.number("bridge.export.give-up-hours", 1, 24 * 365, null);
            check.number("bridge.export.max-attempts", 1, 100, null);
            check.number("bridge.export.retry-seconds", 1, 24 * 3600, null);
            check.hour("bridge.export.start-hour");
        }
        if (check.flag("bridge.import.enabled")) {
            if (!check.flag("bridge.import.dry-run")) {
                app("target", "bridge.import.enabled=true");
            }
            check.number("bridge.import.rate-per-second", 1, 10_000, null);
            check.number("bridge.import.max-in-flight", 1, 1024, null);
            check.number("bridge.import.look-ahead-lines", 0, 100_000_000, null);
            check.number("bridge.import.pace-margin-ms", 0, 1000, null);
            check.number("bridge.import.one-way-ms", 0, 1000, null);
            check.number("bridge.import.max-attempts", 1, 100, null);
            check.legacyBool(AttachmentMode.LEGACY_KEY);
            attachments();
            check.number("bridge.attachments.max-in-flight", 0, 256, null);
            check.number("bridge.attachments.disk-budget-mb", 10, 1_000_000, "at least one file of the 10 MB limit");
            check.oneOf("bridge.attachments.lifetime", List.of("default", "forever", "refresh"));
            if (!check.value("bridge.attachments.archive-dir").isEmpty()) {
                check.writableDir("bridge.attachments.archive-dir");
            }
            check.optionalBool("bridge.import.is-ack-read");
            check.mapFile("bridge.import.group-map");
            check.mapFile("bridge.import.user-map");
            check.regex("bridge.import.in-progress-names");
        }
        check.number("bridge.token.min-interval-seconds", 1, 3600, "asking for tokens often gets the account banned");
        check.number("bridge.api.retry-delay-ms", 1, 600_000, null);
        check.number("bridge.api.max-retry-delay-ms", 1, 3_600_000, null);
        check.number("bridge.progress-seconds", 1, 3600, null);
        check.number("bridge.shutdown-timeout-seconds", 1, 3600, null);
        check.number("bridge.management.port", 0, 65535, null);
        managementAccess();
        String jdbc = check.value("bridge.store.jdbc-url");
        if (!jdbc.isEmpty() && !jdbc.startsWith("jdbc:")) {
            check.problem("bridge.store.jdbc-url: '" + Redact.password(jdbc)
                    + "' is not a JDBC URL (jdbc:postgresql://host/db, or empty for the embedded store)");
        }
        cluster(jdbc);
        check.writableDir("bridge.data-dir");
        return check;
    }

    /**
     * bridge.import.attachments is copy, link or server; copy downloads from the source app, so it needs the source
     * app's settings even with the export off: one line that names the way out.
     */
    private void attachments() {
        String key = AttachmentMode.KEY;
        AttachmentMode mode;
        try {
            mode = AttachmentMode.resolve(check.value(key), check.legacy(AttachmentMode.LEGACY_KEY));
        } catch (IllegalArgumentException e) {
            check.problem(e.getMessage());
            return;
        }
        if (mode != AttachmentMode.COPY || check.flag("bridge.import.dry-run")
                || check.problems().stream().anyMatch(p -> p.startsWith("bridge.source."))) {
            return;
        }
        List<String> empty = new ArrayList<>();
        for (String part : List.of("org", "app", "client-id", "client-secret")) {
            if (check.value("bridge.source." + part).isEmpty()) {
                empty.add("bridge.source." + part);
            }
        }
        if (!empty.isEmpty()) {
            check.problem(key + ": copy downloads every file from the source app, but " + String.join(", ", empty)
                    + (empty.size() == 1 ? " is" : " are") + " empty: set the source app, or " + key
                    + "=link to keep the source urls (the files then go with the source app)");
        }
    }

    /** Beyond loopback the page and /observe/bridge need a password, unless opened on purpose. */
    private void managementAccess() {
        String host = check.value("bridge.management.host");
        if (!ManagementAccess.isLoopback(host) && !check.flag("bridge.management.open")
                && check.value("bridge.management.password").isEmpty()) {
            check.problem("bridge.management.host: '" + host + "' is reachable beyond this machine: set "
                    + "BRIDGE_MANAGEMENT_PASSWORD in the environment, or bridge.management.open=true to serve the "
                    + "status without a password");
        }
    }

    /** A cluster service needs the shared store: an H2 file can be open in one process only. */
    private void cluster(String jdbc) {
        String service = check.value("bridge.cluster.service");
        if (!List.of("", "none", "file", "kubernetes").contains(service)) {
            check.problem("bridge.cluster.service: '" + service + "' is not none, file or kubernetes");
        } else if (!service.isEmpty() && !service.equals("none") && !jdbc.startsWith("jdbc:postgresql:")) {
            check.problem("bridge.store.jdbc-url: bridge.cluster.service=" + service + " needs the shared PostgreSQL"
                    + " store (jdbc:postgresql://host:5432/database): the embedded H2 store can be open in one process only");
        }
        if (service.equals("file")) {
            check.number("bridge.cluster.file.acquire-lock-interval-ms", 100, 600_000, null);
        }
    }

    private void app(String side, String why) {
        String prefix = "bridge." + side + ".";
        for (String key : List.of("org", "app", "client-id", "client-secret")) {
            if (check.value(prefix + key).isEmpty()) {
                String hint = key.equals("client-secret")
                        ? " (set the environment variable BRIDGE_" + side.toUpperCase() + "_CLIENT_SECRET)" : "";
                check.problem(prefix + key + ": is empty but " + why + " needs it" + hint);
            }
        }
        String url = check.value(prefix + "base-url");
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            check.problem(prefix + "base-url: '" + url + "' is not an http(s) URL such as https://a1.easemob.com");
        }
    }
}
