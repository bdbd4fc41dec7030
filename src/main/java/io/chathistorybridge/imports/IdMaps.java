package io.chathistorybridge.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Source → target ids from the optional CSV maps (source,target per line; # comments). Unmapped ids are kept. */
public final class IdMaps {

    private final Map<String, String> users;
    private final Map<String, String> groups;

    public IdMaps(Map<String, String> users, Map<String, String> groups) {
        this.users = Map.copyOf(users);
        this.groups = Map.copyOf(groups);
    }

    /** @param userMap  CSV path or empty
     *  @param groupMap CSV path or empty */
    public static IdMaps load(String userMap, String groupMap) {
        return new IdMaps(read(userMap), read(groupMap));
    }

    public String user(String id) {
        return users.getOrDefault(id, id);
    }

    public String group(String id) {
        return groups.getOrDefault(id, id);
    }

    private static Map<String, String> read(String path) {
        if (path == null || path.isBlank()) {
            return Map.of();
        }
        try {
            return read(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read id map " + path, e);
        }
    }

    /**
     * The one reader of a map file, for the start-up check and the run: {@code source-id,target-id} per line, blank
     * lines and {@code #} comments skipped; any other line is refused, naming its number.
     */
    public static Map<String, String> read(Path path) throws IOException {
        Map<String, String> map = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split(",", -1);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new IllegalArgumentException("line " + number + " of " + path + " is not 'source-id,target-id'");
                }
                map.put(parts[0].trim(), parts[1].trim());
            }
        }
        return map;
    }
}
