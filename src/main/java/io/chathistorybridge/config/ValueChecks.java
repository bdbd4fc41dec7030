package io.chathistorybridge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.chathistorybridge.imports.IdMaps;
import org.quartz.CronExpression;

/**
 * Checks the form of one setting's value at a time (a whole number in range, a cron expression, a readable map
 * file...). A value of the wrong form adds one line that names the key; a key that no settings source holds is
 * noted as missing instead.
 */
final class ValueChecks {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH");

    private final Function<String, String> settings;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> missing = new LinkedHashSet<>();

    ValueChecks(Function<String, String> settings) {
        this.settings = settings;
    }

    List<String> problems() {
        return problems;
    }

    Set<String> missing() {
        return missing;
    }

    void problem(String line) {
        problems.add(line);
    }

    String value(String key) {
        String v = settings.apply(key);
        if (v == null) {
            missing.add(key);
            return "";
        }
        return v.trim();
    }

    boolean flag(String key) {
        return "true".equalsIgnoreCase(value(key));
    }

    /** A key that left the file (a deprecated one): not missing when absent. */
    String legacy(String key) {
        String v = settings.apply(key);
        return v == null ? "" : v.trim();
    }

    void cron(String key) {
        String cron = value(key);
        if (!CronExpression.isValidExpression(cron)) {
            problems.add(key + ": '" + cron + "' is not a Quartz cron expression"
                    + " (six fields, seconds first: '0 5 * * * ?' runs at minute 5 of every hour)");
        }
    }

    void zone(String key) {
        String zone = value(key);
        try {
            ZoneId.of(zone);
        } catch (RuntimeException e) {
            problems.add(key + ": '" + zone + "' is not a time zone (Asia/Shanghai for China clusters, UTC elsewhere)");
        }
    }

    void number(String key, long min, long max, String why) {
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

    void oneOf(String key, List<String> values) {
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

    void legacyBool(String key) {
        if (!legacy(key).isEmpty()) {
            bool(key);
        }
    }

    void optionalBool(String key) {
        if (!value(key).isEmpty()) {
            bool(key);
        }
    }

    void hour(String key) {
        String raw = value(key);
        if (raw.isEmpty()) {
            return;
        }
        try {
            LocalDateTime.parse(raw, HOUR);
        } catch (DateTimeParseException e) {
            problems.add(key + ": '" + raw + "' is not an hour in the form yyyyMMddHH (e.g. 2026112108)");
        }
    }

    void regex(String key) {
        try {
            Pattern.compile(value(key));
        } catch (PatternSyntaxException e) {
            problems.add(key + ": '" + value(key) + "' is not a regular expression (" + e.getDescription() + ")");
        }
    }

    void mapFile(String key) {
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

    void writableDir(String key) {
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
