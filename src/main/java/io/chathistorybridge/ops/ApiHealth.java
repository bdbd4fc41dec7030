package io.chathistorybridge.ops;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.api.Redact;

/**
 * The last 429, 5xx and 401 the API answered, with their time, and the API's last error text, for the status page.
 * Written by the one place that describes failed calls (ApiFailureClassifier); texts are redacted of URLs.
 */
public final class ApiHealth {

    private final Map<String, Map<String, Object>> lastByKind = new ConcurrentHashMap<>();
    private volatile Map<String, Object> lastError;
    private volatile Instant streakSince;
    private volatile Instant lastAt;
    private volatile int streakStatus = -1;

    /** A failed API call, as ApiErrors described it. */
    public void failed(ApiError error) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("time", Instant.now().toString());
        seen.put("status", error.status());
        seen.put("text", Redact.urls(error.summary()));
        String kind = kind(error.status());
        if (kind != null) {
            lastByKind.put(kind, seen);
        }
        Instant now = Instant.now();
        synchronized (this) {
            if (streakStatus != error.status() || lastAt == null || lastAt.isBefore(now.minusSeconds(900))) {
                streakSince = now; // a new run of the same answer starts
                streakStatus = error.status();
            }
            lastAt = now;
        }
        lastError = seen;
    }

    /** Since when the API has kept giving the last error's answer, or null when no failure was seen. */
    public Instant streakSince() {
        return streakSince;
    }

    /** When the API last failed, or null. */
    public Instant lastAt() {
        return lastAt;
    }

    /** The status of the last failure (0 for no answer), -1 when none. */
    public int lastStatus() {
        return streakStatus;
    }

    private static String kind(int status) {
        if (status == 429) {
            return "429";
        }
        if (status == 401) {
            return "401";
        }
        return status >= 500 && status < 600 ? "5xx" : null;
    }

    /** Status section: {"last429": {...}, "last5xx": {...}, "last401": {...}, "lastError": {...}}, each when seen. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String kind : new String[] {"429", "5xx", "401"}) {
            Map<String, Object> seen = lastByKind.get(kind);
            if (seen != null) {
                s.put("last" + kind, seen);
            }
        }
        if (lastError != null) {
            s.put("lastError", lastError);
        }
        return s;
    }
}
