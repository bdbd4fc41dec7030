package io.chathistorybridge.imports;

import java.io.IOException;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.ops.BridgeMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter line of a message that failed or was invalid: the original record with a
 * {@code bridge_error} field (status, error, error_description, attempts, file, line). A line that was not
 * JSON is kept as {@code raw_line}; one that was not UTF-8 as {@code raw_line_base64}, its bytes as they were.
 * Fixed entries can be dropped back into the inbox as they are ({@link #unwrap}).
 */
public final class DeadLetterEntry implements Processor {

    public static final String FIELD = "bridge_error";
    /** The line that was not JSON, as text. */
    static final String RAW_LINE = "raw_line";
    /** The line that was not UTF-8: its bytes, base64. */
    static final String RAW_LINE_BASE64 = "raw_line_base64";
    private static final Logger LOG = LoggerFactory.getLogger("import-dead-letter");

    private final ObjectMapper json;
    private final BridgeMetrics metrics;

    public DeadLetterEntry(ObjectMapper json, BridgeMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        ImportMessage message = ImportMessage.of(exchange);
        String original = message.original();
        ApiError apiError = exchange.getProperty(ApiError.PROPERTY, ApiError.class);
        ObjectNode error = json.createObjectNode();
        if (apiError != null) {
            error.put("status", apiError.status());
            error.put("error", apiError.error());
            error.put("error_description", apiError.errorDescription());
            error.put("attempts", apiError.attempts());
            run.failed.incrementAndGet();
            metrics.failed("import", apiError.status() + " " + apiError.error());
        } else {
            error.put("status", 0);
            error.put("error", "invalid_record");
            error.put("error_description", message.reason());
            error.put("attempts", 0);
            run.invalid.incrementAndGet();
            metrics.failed("import", "invalid_record");
        }
        error.put("file", run.file());
        error.put("line", message.line());
        ObjectNode entry;
        byte[] bytes = message.originalBytes();
        JsonNode parsed = original == null ? null : parse(original);
        if (bytes != null) {
            entry = json.createObjectNode();
            entry.put(RAW_LINE_BASE64, Base64.getEncoder().encodeToString(bytes));
        } else if (parsed != null && parsed.isObject()) {
            entry = ((ObjectNode) parsed).deepCopy();
            entry.remove(FIELD);
        } else {
            entry = json.createObjectNode();
            entry.put(RAW_LINE, original);
        }
        entry.set(FIELD, error);
        LOG.warn("{} line {}: {} {} ({})", run.file(), error.path("line").asInt(), error.path("status").asInt(),
                error.path("error").asText(), error.path("error_description").asText());
        exchange.getIn().setBody(entry.toString());
    }

    /**
     * The record a re-dropped dead-letter entry stands for: the JSON in {@code raw_line}, or in the bytes of
     * {@code raw_line_base64} once they are UTF-8; any other record is itself.
     *
     * @throws IOException              when raw_line is still not JSON
     * @throws IllegalArgumentException when raw_line_base64 is not base64 or still not UTF-8 (the entry is
     *                                  dead-lettered again, its bytes kept)
     */
    static JsonNode unwrap(JsonNode record, ObjectMapper json) throws IOException {
        if (record == null) {
            return null;
        }
        JsonNode raw = record.get(RAW_LINE);
        if (raw != null && raw.isTextual()) {
            return json.readTree(raw.asText());
        }
        JsonNode base64 = record.get(RAW_LINE_BASE64);
        if (base64 != null && base64.isTextual()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("raw_line_base64 is not base64: " + e.getMessage());
            }
            StrictUtf8 utf8 = new StrictUtf8();
            String text = utf8.decode(bytes, 0, bytes.length);
            if (text == null) {
                throw new IllegalArgumentException("raw_line_base64 is still not valid UTF-8 (byte "
                        + utf8.invalidAt() + " of the line)");
            }
            return json.readTree(text);
        }
        return record;
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            return null;
        }
    }
}
