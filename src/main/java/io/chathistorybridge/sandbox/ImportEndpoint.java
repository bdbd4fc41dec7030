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
final class ImportEndpoint {
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
        e.put("requests", arrivals.size());
        e.put("accepted", acceptedArrivals.size());
        e.put("rejected429", statuses.get(429));
        e.put("rejected400", statuses.get(400));
        e.put("orderViolations", orderViolations.get());
        e.put("maxInWindow", ArrivalLog.maxInWindow(arrivals.snapshot(), window.toNanos()));
        e.put("maxAcceptedInWindow", ArrivalLog.maxInWindow(acceptedArrivals.snapshot(), window.toNanos()));
        ObjectNode st = e.putObject("statuses");
        for (int i = 0; i < statuses.length(); i++) {
            int c = statuses.get(i);
            if (c > 0) {
                st.put(Integer.toString(i), c);
            }
        }
    }
}
