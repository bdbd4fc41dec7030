package io.chathistorybridge.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
        Map<String, String> map = new HashMap<>();
        if (path == null || path.isBlank()) {
            return map;
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
            for (String line : lines) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split(",", -1);
                if (parts.length == 2) {
                    map.put(parts[0].trim(), parts[1].trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read id map " + path, e);
        }
        return map;
    }
}
