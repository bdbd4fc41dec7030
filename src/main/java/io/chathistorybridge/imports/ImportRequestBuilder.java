package io.chathistorybridge.imports;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one line into the import API's request, field by field. A history record
 * ({@code chat_type, msg_id, timestamp, payload{bodies[0], ext, from, to}}; sender and recipient are the payload's,
 * the top-level from/to only when it has none; other top-level keys are ignored) becomes
 * {@code {from, target, type, body, ext, msg_timestamp, need_download[, is_ack_read]}}; a line already in
 * the import shape (with {@code chat_type}) is taken as it is. The outcome says where it goes: a record that is
 * not a message the API takes (chat room, recall, edit, notify, no body) is UNSUPPORTED; one that cannot become a
 * request as it is (two bodies, missing fields) is INVALID.
 */
public final class ImportRequestBuilder {

    /** The history's legacy custom-message extension: an array of single-key objects. */
    static final String LEGACY_EXTS = "customExts";
    /** The history's newer custom-message extension: a map. */
    static final String V2_EXTS = "v2:customExts";
    /** The body subType of a combined (merged, forwarded) message. */
    static final String COMBINED = "sub_combine";
    private static final Set<String> TYPES = Set.of("txt", "img", "audio", "video", "file", "loc", "cmd", "custom");

    private final ObjectMapper json;
    private final IdMaps ids;
    private final boolean needDownload;
    private final Boolean isAckRead;

    public ImportRequestBuilder(ObjectMapper json, IdMaps ids, boolean needDownload, Boolean isAckRead) {
        this.json = json;
        this.ids = ids;
        this.needDownload = needDownload;
        this.isAckRead = isAckRead;
    }

    /** What became of a line. */
    public record Outcome(Kind kind, String endpoint, String type, String msgId, ObjectNode request, String reason) {
        public enum Kind { IMPORT, UNSUPPORTED, INVALID }

        static Outcome invalid(String reason) {
            return new Outcome(Kind.INVALID, null, null, null, null, reason);
        }
    }

    /**
     * @param line      the line as it is in the file
     * @param timestamp the time to import it with (already strictly increasing within its conversation)
     */
    public Outcome map(String line, long timestamp) {
        JsonNode record;
        try {
            record = json.readTree(line);
        } catch (Exception e) {
            return Outcome.invalid("not valid JSON: " + firstLine(e.getMessage()));
        }
        try {
            // a dead-letter entry of a line that was not JSON or not UTF-8, fixed by the user and dropped back
            record = DeadLetterEntry.unwrap(record, json);
        } catch (IllegalArgumentException e) {
            return Outcome.invalid(e.getMessage());
        } catch (Exception e) {
            return Outcome.invalid("raw_line is still not valid JSON: " + firstLine(e.getMessage()));
        }
        if (record == null || !record.isObject()) {
            return Outcome.invalid("not a JSON object");
        }
        String chatType = record.path("chat_type").asText("");
        if (chatType.isEmpty()) {
            return Outcome.invalid("no chat_type");
        }
        String endpoint = switch (chatType) {
            case "chat" -> "users";
            case "groupchat" -> "chatgroups";
            default -> null;
        };
        if (endpoint == null) {
            // recall, edit, notify, ...: events about messages, not messages; chat rooms have no import API
            return unsupported(record, chatType.equals("chatroom") ? "chat rooms have no import API"
                    : "chat_type '" + chatType + "' is not a message the import API takes (chat, groupchat)");
        }
        if (timestamp == Long.MIN_VALUE || timestamp < 1000) {
            return Outcome.invalid("no usable timestamp");
        }
        boolean group = endpoint.equals("chatgroups");
        return record.has("payload") ? fromHistory(record, endpoint, group, timestamp)
                : fromImportShape(record, endpoint, group, timestamp);
    }

    private Outcome unsupported(JsonNode record, String reason) {
        return new Outcome(Outcome.Kind.UNSUPPORTED, null, null, text(record, "msg_id"), null, reason);
    }

    private Outcome fromHistory(JsonNode record, String endpoint, boolean group, long timestamp) {
        String msgId = text(record, "msg_id");
        JsonNode payload = record.path("payload");
        // the documented sender and recipient; the top-level pair is internal (admin for REST-sent messages)
        String from = Conversations.sender(record);
        String to = Conversations.recipient(record);
        if (msgId.isEmpty()) {
            return Outcome.invalid("no msg_id");
        }
        if (from.isEmpty() || to.isEmpty()) {
            return Outcome.invalid("no " + (from.isEmpty() ? "payload.from" : "payload.to"));
        }
        JsonNode bodies = payload.path("bodies");
        if (!bodies.isArray()) {
            return Outcome.invalid("no payload.bodies");
        }
        if (bodies.isEmpty()) {
            return unsupported(record, "payload.bodies is empty: no message to import");
        }
        if (bodies.size() > 1) {
            return Outcome.invalid(bodies.size() + " bodies in payload.bodies: an import request carries one body,"
                    + " and none is left out");
        }
        if (!bodies.get(0).isObject()) {
            return Outcome.invalid("payload.bodies[0] is not an object");
        }
        ObjectNode body = ((ObjectNode) bodies.get(0)).deepCopy();
        String type = body.path("type").asText("");
        if (COMBINED.equals(text(body, "subType")) && (type.isEmpty() || type.equals("txt"))) {
            type = "txt"; // a combined message: a txt whose url holds the messages; every body field is kept
            if (!body.hasNonNull("msg")) {
                body.put("msg", !text(body, "title").isEmpty() ? text(body, "title")
                        : !text(body, "summary").isEmpty() ? text(body, "summary") : "[combined messages]");
            }
        }
        if (!TYPES.contains(type)) {
            return Outcome.invalid(type.isEmpty() ? "no message type" : "unknown message type '" + type + "'");
        }
        body.remove("type");
        String problem = convertBody(type, body);
        if (problem != null) {
            return Outcome.invalid(problem);
        }
        ObjectNode request = json.createObjectNode();
        request.put("from", ids.user(from));
        request.put("target", group ? ids.group(to) : ids.user(to));
        request.put("type", type);
        request.set("body", body);
        JsonNode ext = payload.get("ext");
        if (ext != null && ext.isObject()) {
            request.set("ext", ext);
        }
        request.put("msg_timestamp", timestamp);
        request.put("need_download", needDownload);
        if (isAckRead != null) {
            request.put("is_ack_read", isAckRead);
        }
        return new Outcome(Outcome.Kind.IMPORT, endpoint, type, msgId, request, null);
    }

    /** A line already shaped as an import request: kept, with the bridge's timestamp and settings. */
    private Outcome fromImportShape(JsonNode record, String endpoint, boolean group, long timestamp) {
        ObjectNode request = ((ObjectNode) record).deepCopy();
        String msgId = text(request, "msg_id");
        for (String bridgeField : new String[] {"chat_type", "msg_id", "bridge_error", "timestamp"}) {
            request.remove(bridgeField);
        }
        String type = text(request, "type");
        if (text(request, "from").isEmpty() || text(request, "target").isEmpty()) {
            return Outcome.invalid("no " + (text(request, "from").isEmpty() ? "from" : "target"));
        }
        if (!TYPES.contains(type)) {
            return Outcome.invalid(type.isEmpty() ? "no message type" : "unknown message type '" + type + "'");
        }
        if (!request.path("body").isObject()) {
            return Outcome.invalid("no body");
        }
        request.put("from", ids.user(text(request, "from")));
        request.put("target", group ? ids.group(text(request, "target")) : ids.user(text(request, "target")));
        request.put("msg_timestamp", timestamp);
        if (!request.has("need_download")) {
            request.put("need_download", needDownload);
        }
        if (isAckRead != null && !request.has("is_ack_read")) {
            request.put("is_ack_read", isAckRead);
        }
        if (msgId.isEmpty()) {
            msgId = "content:" + Long.toHexString(Conversations.hash(record.toString())); // re-drops still match
        }
        return new Outcome(Outcome.Kind.IMPORT, endpoint, type, msgId, request, null);
    }

    /** Per type, what the history body needs to become the import body. Returns a problem, or null. */
    private String convertBody(String type, ObjectNode body) {
        switch (type) {
            case "txt" -> {
                return body.hasNonNull("msg") ? null : "txt message without msg";
            }
            case "img", "audio", "video", "file" -> {
                return text(body, "url").isEmpty() ? type + " message without url" : null;
            }
            case "loc" -> {
                for (String field : new String[] {"lat", "lng", "addr"}) {
                    if (!body.hasNonNull(field)) {
                        return "loc message without " + field;
                    }
                }
                // numbers in the history, strings in the send/import docs
                body.put("lat", body.get("lat").asText());
                body.put("lng", body.get("lng").asText());
                return null;
            }
            case "cmd" -> {
                return text(body, "action").isEmpty() ? "cmd message without action" : null;
            }
            case "custom" -> {
                return convertCustomExts(body);
            }
            default -> {
                return "unknown message type '" + type + "'";
            }
        }
    }

    /** {@code customExts} [{k:v},…] and {@code v2:customExts} {k:v} → one {@code customExts} map (v2 wins). */
    private String convertCustomExts(ObjectNode body) {
        if (text(body, "customEvent").isEmpty()) {
            return "custom message without customEvent";
        }
        ObjectNode merged = json.createObjectNode();
        JsonNode legacy = body.get(LEGACY_EXTS);
        if (legacy != null && legacy.isArray()) {
            for (JsonNode entry : legacy) {
                for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    merged.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
                }
            }
        } else if (legacy != null && legacy.isObject()) {
            merged.setAll((ObjectNode) legacy);
        }
        JsonNode v2 = body.get(V2_EXTS);
        if (v2 != null && v2.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = v2.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                merged.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        body.remove(V2_EXTS);
        body.remove(LEGACY_EXTS);
        if (!merged.isEmpty()) {
            body.set(LEGACY_EXTS, merged);
        }
        return null;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText("");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
