package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** The sandbox's strict JSON mapper and the few lenient reads its request handlers share. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    /** The parsed body, or null when it is absent, empty or not JSON. */
    static JsonNode parse(byte[] raw) {
        try {
            return raw == null || raw.length == 0 ? null : MAPPER.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    /** The field as text, or null when it is missing or JSON null. */
    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A long from an integral JSON number or a decimal string (trimmed); null for anything else. */
    static Long longValue(JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }
}
