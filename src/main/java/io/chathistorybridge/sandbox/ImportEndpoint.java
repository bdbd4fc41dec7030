package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * What one import endpoint (users or chatgroups) of an app saw: arrivals, accepted arrivals, answers by status,
 * order violations, and the last accepted msg_timestamp of each conversation.
 */
public final class ImportEndpoint {
    final String name;
    final String path;
    final ArrivalLog arrivals = new ArrivalLog();
    final ArrivalLog acceptedArrivals = new ArrivalLog();
    final AtomicIntegerArray statuses = new AtomicIntegerArray(600);
    final AtomicInteger orderViolations = new AtomicInteger();
    final HashMap<String, Long> lastTimestamp = new HashMap<>(); // guarded by the owning SandboxImports' lock

    ImportEndpoint(String name) {
        this.name = name;
        this.path = "/messages/" + name + "/import";
    }

    /** Requests that reached the rate window (everything except dropped connections). */
    public int requests() {
        return arrivals.size();
    }

    /** Imports accepted (recorded), including those whose answer was then dropped. */
    public int accepted() {
        return acceptedArrivals.size();
    }

    /** Answers with this HTTP status (drops are not answers). */
    public int responses(int status) {
        return statuses.get(status);
    }

    /** 429 answers, the limit's or injected. */
    public int count429() {
        return responses(429);
    }

    public int count400() {
        return responses(400);
    }

    /** Chronological-rule rejections. */
    public int orderViolations() {
        return orderViolations.get();
    }

    /** Arrival System.nanoTime() values of every request that reached the rate window, sorted. */
    public long[] arrivalNanos() {
        return arrivals.snapshot();
    }

    /**
     * Exact sliding maximum: the most requests (any outcome) that arrived within {@code window} of each other,
     * i.e. max over t of arrivals in (t - window, t].
     */
    public int maxRequestsInAnyWindow(Duration window) {
        return ArrivalLog.maxInWindow(arrivals.snapshot(), window.toNanos());
    }

    /** Same as {@link #maxRequestsInAnyWindow} for accepted imports only (by arrival time). */
    public int maxAcceptedInAnyWindow(Duration window) {
        return ArrivalLog.maxInWindow(acceptedArrivals.snapshot(), window.toNanos());
    }

    /** Forgets everything observed; the caller holds the owning SandboxImports' lock. */
    void clear() {
        lastTimestamp.clear();
        arrivals.clear();
        acceptedArrivals.clear();
        orderViolations.set(0);
        for (int i = 0; i < statuses.length(); i++) {
            statuses.set(i, 0);
        }
    }

    void putStats(ObjectNode e, Duration window) {
        e.put("requests", requests());
        e.put("accepted", accepted());
        e.put("rejected429", count429());
        e.put("rejected400", count400());
        e.put("orderViolations", orderViolations());
        e.put("maxInWindow", maxRequestsInAnyWindow(window));
        e.put("maxAcceptedInWindow", maxAcceptedInAnyWindow(window));
        ObjectNode st = e.putObject("statuses");
        for (int i = 0; i < statuses.length(); i++) {
            int c = statuses.get(i);
            if (c > 0) {
                st.put(Integer.toString(i), c);
            }
        }
    }
}
