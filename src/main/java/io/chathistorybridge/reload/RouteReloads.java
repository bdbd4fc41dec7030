package io.chathistorybridge.reload;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The outcome of the last route reload, for /observe/bridge and /observe/health. One writer: the reloader.
 */
public final class RouteReloads {

    /** One reload: the file, when, and either the routes reloaded or the problem that refused it. */
    public record Result(String file, Instant at, boolean ok, List<String> routes, String problem) {
    }

    private final AtomicReference<Result> last = new AtomicReference<>();
    private volatile boolean swapping;

    /**
     * True while routes are being swapped: a loop over work (the export run's hours) ends after the item in
     * progress, as on shutdown, so its route stops gracefully.
     */
    public boolean isSwapping() {
        return swapping;
    }

    void markSwapping(boolean on) {
        swapping = on;
    }

    void reloaded(String file, List<String> routes) {
        last.set(new Result(file, Instant.now(), true, routes, null));
    }

    void refused(String file, String problem) {
        last.set(new Result(file, Instant.now(), false, List.of(), problem));
    }

    /** The last reload, or null before the first. */
    public Result last() {
        return last.get();
    }

    /** The last reload as a map for JSON (empty before the first). */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        Result r = last.get();
        if (r != null) {
            m.put("file", r.file());
            m.put("at", r.at().toString());
            m.put("result", r.ok() ? "reloaded" : "failed");
            if (r.ok()) {
                m.put("routes", r.routes());
            } else {
                m.put("problem", r.problem());
            }
        }
        return m;
    }
}
