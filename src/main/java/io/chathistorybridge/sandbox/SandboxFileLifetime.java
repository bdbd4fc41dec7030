package io.chathistorybridge.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * One app's retention API (attachments.md §3): {@code PUT /{org}/{app}/users/{username}/chatfiles/lifetime} with
 * {@code {"lifetime": "default|refresh|forever", "chatfile_ids": [...]}}, at most 100 ids. Answers
 * {@code data: {uuid: "success"|"failed"}} (failed: no such file in this app); 403 {@code forbidden_op} while the app
 * has no extended storage (the default, as for a real app without the paid feature); 400 for a bad lifetime or
 * more than 100 ids; 401 without a valid token. The docs' example uses a user token: this sandbox takes the app
 * token (what a real server takes is UNCONFIRMED). The page says PUT and the limits page lists POST: the sandbox
 * takes PUT only.
 */
public final class SandboxFileLifetime {

    private static final Set<String> LIFETIMES = Set.of("default", "refresh", "forever");
    private static final int MAX_IDS = 100;

    private final SandboxChatfiles files;
    private final Map<String, String> lifetimes = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean extendedStorage;

    SandboxFileLifetime(SandboxChatfiles files) {
        this.files = files;
    }

    /** Whether the app has extended file storage (the paid feature the lifetime API needs). */
    public SandboxFileLifetime extendedStorage(boolean enabled) {
        extendedStorage = enabled;
        return this;
    }

    /** The lifetime last set for a file, or null. */
    public String lifetime(String uuid) {
        return lifetimes.get(uuid);
    }

    /** Calls that reached the API (any answer). */
    public int calls() {
        return calls.get();
    }

    void reset() {
        lifetimes.clear();
        calls.set(0);
    }

    Resp handle(HttpExchange ex, Resp auth) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        if (!"PUT".equals(ex.getRequestMethod())) {
            return Errors.methodNotAllowed();
        }
        calls.incrementAndGet();
        if (auth != null) {
            return auth;
        }
        if (!extendedStorage) {
            return Resp.error(403, "forbidden_op", "ForbiddenOpException",
                    "extended file storage is not enabled for this app");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            return Errors.invalidRequestBody();
        }
        String lifetime = body == null ? "" : body.path("lifetime").asText("");
        if (!LIFETIMES.contains(lifetime)) {
            return Errors.illegalArgument("lifetime must be either 'forever' or 'default' or 'refresh'");
        }
        JsonNode ids = body.path("chatfile_ids");
        if (!ids.isArray() || ids.isEmpty()) {
            return Errors.illegalArgument("chatfile_ids must be provided");
        }
        if (ids.size() > MAX_IDS) {
            return Errors.illegalArgument("chatfile_ids size is too large");
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("action", "put");
        ObjectNode data = o.putObject("data");
        for (JsonNode id : ids) {
            String uuid = id.asText("");
            boolean known = files.file(uuid) != null;
            if (known) {
                lifetimes.put(uuid, lifetime);
            }
            data.put(uuid, known ? "success" : "failed");
        }
        o.put("timestamp", System.currentTimeMillis());
        return Resp.json(200, o);
    }
}
