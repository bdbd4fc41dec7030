package io.chathistorybridge.imports;

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
 * JSON is kept as {@code raw_line}. Fixed entries can be dropped back into the inbox as they are.
 */
public final class DeadLetterEntry implements Processor {

    public static final String FIELD = "bridge_error";
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
        String original = exchange.getProperty("importOriginal", String.class);
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
            error.put("error_description", exchange.getProperty("importReason", String.class));
            error.put("attempts", 0);
            run.invalid.incrementAndGet();
            metrics.failed("import", "invalid_record");
        }
        error.put("file", run.file());
        error.put("line", exchange.getProperty("importLine", Integer.class));
        ObjectNode entry;
        JsonNode parsed = parse(original);
        if (parsed != null && parsed.isObject()) {
            entry = ((ObjectNode) parsed).deepCopy();
            entry.remove(FIELD);
        } else {
            entry = json.createObjectNode();
            entry.put("raw_line", original);
        }
        entry.set(FIELD, error);
        LOG.warn("{} line {}: {} {} ({})", run.file(), error.path("line").asInt(), error.path("status").asInt(),
                error.path("error").asText(), error.path("error_description").asText());
        exchange.getIn().setBody(entry.toString());
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            return null;
        }
    }
}
