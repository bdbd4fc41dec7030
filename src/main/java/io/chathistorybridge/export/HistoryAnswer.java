package io.chathistorybridge.export;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiError;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Classifies the answer of {@code GET chatmessages/{hour}} into exchange property {@code exportAnswer}:
 * <ul>
 *   <li>{@code urls}: 200 with download URLs (property {@code exportUrls}, a list);</li>
 *   <li>{@code empty}: 404 {@code storage_object_not_found}, an hour without messages;</li>
 *   <li>{@code unstored}: 400 "... expired or unstored": not there yet, or gone;</li>
 *   <li>{@code failed}: anything else (the API error after retries, an unexpected answer), with
 *       {@code exportError} saying what.</li>
 * </ul>
 */
public final class HistoryAnswer implements Processor {

    public static final String ANSWER = "exportAnswer";
    public static final String URLS = "exportUrls";
    public static final String ERROR = "exportError";

    public static final String ANSWER_URLS = "urls";
    public static final String ANSWER_EMPTY = "empty";
    public static final String ANSWER_UNSTORED = "unstored";
    public static final String ANSWER_FAILED = "failed";
    /** Set by the route when a download answered 403: the signed URL expired. */
    public static final String ANSWER_URL_EXPIRED = "url-expired";

    private final ObjectMapper json;

    public HistoryAnswer(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.removeProperty(URLS);
        exchange.removeProperty(ERROR);
        ApiError apiError = exchange.getProperty(ApiError.PROPERTY, ApiError.class);
        if (apiError != null) {
            failed(exchange, "history call failed: " + apiError.summary());
            return;
        }
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = exchange.getIn().getBody(String.class);
        JsonNode body;
        try {
            body = json.readTree(text == null ? "" : text);
        } catch (Exception e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            failed(exchange, "history call answered " + status + " with a body that is not JSON");
            return;
        }
        String error = body.path("error").asText("");
        String description = body.path("error_description").asText("");
        if (status == 200) {
            List<String> urls = new ArrayList<>();
            for (JsonNode item : body.path("data")) {
                String url = item.path("url").asText("");
                if (!url.isBlank()) {
                    urls.add(url);
                }
            }
            if (urls.isEmpty()) {
                failed(exchange, "history call answered 200 without a download URL");
                return;
            }
            exchange.setProperty(URLS, urls);
            exchange.setProperty(ANSWER, ANSWER_URLS);
        } else if (status == 404 && "storage_object_not_found".equals(error)) {
            exchange.setProperty(ANSWER, ANSWER_EMPTY);
        } else if (status == 400 && description.contains("expired or unstored")) {
            exchange.setProperty(ANSWER, ANSWER_UNSTORED);
            exchange.setProperty(ERROR, "400 " + error + ": history expired or unstored (not ready yet, or gone)");
        } else {
            failed(exchange, "history call answered " + status + " " + error
                    + (description.isEmpty() ? "" : ": " + description));
        }
    }

    private static void failed(Exchange exchange, String error) {
        exchange.setProperty(ANSWER, ANSWER_FAILED);
        exchange.setProperty(ERROR, io.chathistorybridge.api.Redact.urls(error));
    }
}
