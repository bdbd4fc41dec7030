package io.chathistorybridge.api;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.token.TokenException;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Classifies exceptions from API calls: the one place that maps a status to retry, refresh or give up. */
public final class ApiErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiErrors() {
    }

    public static ApiErrorKind kindOf(Throwable failure) {
        HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
        if (http != null) {
            return kindOf(http.getStatusCode());
        }
        TokenException token = find(failure, TokenException.class);
        if (token != null) {
            // no answer or a 5xx/429 from the token endpoint may pass; a bad secret will not
            return token.status() == 0 || token.status() >= 500 || token.status() == 429
                    ? ApiErrorKind.TRANSIENT : ApiErrorKind.PERMANENT;
        }
        if (find(failure, IOException.class) != null || find(failure, TimeoutException.class) != null
                || find(failure, HttpTimeoutException.class) != null) {
            return ApiErrorKind.TRANSIENT; // dropped connection, reset, connect or read timeout
        }
        return ApiErrorKind.PERMANENT;
    }

    public static ApiErrorKind kindOf(int status) {
        if (status == 401) {
            return ApiErrorKind.UNAUTHORIZED;
        }
        if (status == 429) {
            return ApiErrorKind.THROTTLED;
        }
        if (status >= 500 || status == 408) {
            return ApiErrorKind.TRANSIENT;
        }
        return ApiErrorKind.PERMANENT;
    }

    /** The ApiError for a failure: status and the API's error fields when there was an HTTP answer. */
    public static ApiError describe(Throwable failure, int attempts) {
        ApiErrorKind kind = kindOf(failure);
        HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
        if (http != null) {
            String error = "http_" + http.getStatusCode();
            String description = http.getStatusText();
            try {
                JsonNode body = JSON.readTree(http.getResponseBody() == null ? "" : http.getResponseBody());
                if (body != null && body.isObject()) {
                    error = body.path("error").asText(error);
                    description = body.path("error_description").asText(description);
                }
            } catch (IOException | RuntimeException notJson) {
                // an OSS-style XML or empty body: keep the status text
            }
            return new ApiError(http.getStatusCode(), error, description, attempts, kind);
        }
        TokenException token = find(failure, TokenException.class);
        if (token != null) {
            return new ApiError(token.status(), "token_unavailable", token.getMessage(), attempts, kind);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new ApiError(0, root.getClass().getSimpleName(), Redact.urls(String.valueOf(root.getMessage())),
                attempts, kind);
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
