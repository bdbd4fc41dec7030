package io.chathistorybridge.imports;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which conversation a record belongs to, as the import API's ordering rule sees it: a 1:1 conversation is
 * the unordered pair of users, a group is its id. Works for history records and import-shape lines.
 */
final class Conversations {

    private Conversations() {
    }

    /** Conversation key, or null when the record names none. */
    static String key(JsonNode record) {
        String chatType = record.path("chat_type").asText("");
        String from = sender(record);
        String to = record.hasNonNull("target") ? record.path("target").asText("") : recipient(record);
        if (from.isEmpty() || to.isEmpty()) {
            return null;
        }
        return switch (chatType) {
            case "chat" -> from.compareTo(to) <= 0 ? "c:" + from + "|" + to : "c:" + to + "|" + from;
            case "groupchat" -> "g:" + to;
            case "chatroom" -> "r:" + to;
            default -> null;
        };
    }

    /**
     * The sender: {@code payload.from} as documented, the top-level {@code from} only when the payload has none
     * (the top-level pair is internal: messages sent through the REST API carry {@code admin} there).
     */
    static String sender(JsonNode record) {
        return documented(record, "from");
    }

    /** The recipient (user or group id): {@code payload.to}, else the top-level {@code to}. */
    static String recipient(JsonNode record) {
        return documented(record, "to");
    }

    private static String documented(JsonNode record, String field) {
        JsonNode inPayload = record.path("payload").get(field);
        if (inPayload != null && !inPayload.isNull() && !inPayload.asText("").isEmpty()) {
            return inPayload.asText("");
        }
        JsonNode top = record.get(field);
        return top == null || top.isNull() ? "" : top.asText("");
    }

    /** The record's time: {@code timestamp} of a history record, {@code msg_timestamp} of an import line. */
    static long timestamp(JsonNode record) {
        JsonNode ts = record.hasNonNull("timestamp") ? record.get("timestamp") : record.get("msg_timestamp");
        if (ts == null || !(ts.isNumber() || ts.isTextual())) {
            return Long.MIN_VALUE;
        }
        try {
            return ts.isNumber() ? ts.asLong() : Long.parseLong(ts.asText().trim());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * 64-bit FNV-1a: two conversations sharing a hash only share a lane (still in order), never mix data.
     * The lowest bit says the endpoint (1: groups), so each endpoint's lanes run on their own workers.
     */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return key.startsWith("g:") ? h | 1L : h & ~1L;
    }

    /** Whether a conversation hash is a group's (posted to the chatgroups endpoint). */
    static boolean isGroup(long conversation) {
        return (conversation & 1L) == 1L;
    }
}
