package io.chathistorybridge.export;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.api.Redact;
import io.chathistorybridge.export.ExportHour.Answer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Classifies the answer of {@code GET chatmessages/{hour}} into the hour's {@link ExportHour.Answer}: URLS (200
 * with download URLs), EMPTY (404 storage_object_not_found), UNSTORED (400 "... expired or unstored"), or FAILED
 * (the API error after retries, or any other answer), with the error saying what.
 */
public final class HistoryAnswer implements Processor {

    private final ObjectMapper json;

    public HistoryAnswer(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        ExportHour hour = ExportHour.of(exchange);
        ApiError apiError = exchange.getProperty(ApiError.PROPERTY, ApiError.class);
        if (apiError != null) {
            failed(hour, "history call failed: " + apiError.summary());
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
            failed(hour, "history call answered " + status + " with a body that is not JSON");
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
                failed(hour, "history call answered 200 without a download URL");
                return;
            }
            hour.answered(Answer.URLS, urls, null);
        } else if (status == 404 && "storage_object_not_found".equals(error)) {
            hour.answered(Answer.EMPTY, List.of(), null);
        } else if (status == 400 && description.contains("expired or unstored")) {
            hour.answered(Answer.UNSTORED, List.of(),
                    "400 " + error + ": history expired or unstored (not ready yet, or gone)");
        } else {
            failed(hour, "history call answered " + status + " " + error
                    + (description.isEmpty() ? "" : ": " + description));
        }
    }

    private static void failed(ExportHour hour, String error) {
        hour.answered(Answer.FAILED, List.of(), Redact.urls(error));
    }
}
