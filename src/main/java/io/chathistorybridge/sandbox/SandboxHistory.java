package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hourly chat history of one {@link SandboxApp}: which file (or "unstored") each hour serves, the answers to
 * GET /{org}/{app}/chatmessages/{hour} with a signed download URL, and the call, 429 and download counts.
 */
final class SandboxHistory {
    private static final long WINDOW_NANOS = Duration.ofSeconds(60).toNanos();

    private record HourEntry(Path file, boolean unstored) {}

    private final EasemobSandbox sandbox;
    private final SandboxApp app;
    private final SandboxTokens tokens;
    private final Map<String, HourEntry> hours = new ConcurrentHashMap<>();
    private final ArrivalLog calls = new ArrivalLog();
    private final AtomicInteger count429 = new AtomicInteger();
    private final AtomicInteger downloads = new AtomicInteger();
    private final AtomicInteger generatedFiles = new AtomicInteger();

    SandboxHistory(EasemobSandbox sandbox, SandboxApp app, SandboxTokens tokens) {
        this.sandbox = sandbox;
        this.app = app;
        this.tokens = tokens;
    }

    Path put(String hour, Path gzFile) {
        HistoryGenerator.requireHour(hour);
        if (!Files.isRegularFile(gzFile)) {
            throw new IllegalArgumentException("not a file: " + gzFile);
        }
        hours.put(hour, new HourEntry(gzFile, false));
        return gzFile;
    }

    Path put(String hour, byte[] gz) {
        HistoryGenerator.requireHour(hour);
        Path f = newTempFile(hour);
        try {
            Files.write(f, gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hours.put(hour, new HourEntry(f, false));
        return f;
    }

    Path generate(String hour, ZoneId zone, int records, long seed) {
        HistoryGenerator.requireHour(hour);
        Path f = newTempFile(hour);
        try {
            HistoryGenerator.write(f, app.org(), app.app(), hour, zone, records, seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hours.put(hour, new HourEntry(f, false));
        return f;
    }

    void markUnstored(String hour) {
        HistoryGenerator.requireHour(hour);
        hours.put(hour, new HourEntry(null, true));
    }

    void markEmpty(String hour) {
        HistoryGenerator.requireHour(hour);
        hours.remove(hour);
    }

    List<Instant> callTimes() {
        long[] t = calls.snapshot();
        List<Instant> out = new ArrayList<>(t.length);
        for (long n : t) {
            out.add(sandbox.toInstant(n));
        }
        return out;
    }

    int count429() {
        return count429.get();
    }

    int downloads() {
        return downloads.get();
    }

    Path file(String hour) {
        HourEntry e = hours.get(hour);
        return e == null ? null : e.file();
    }

    void countDownload() {
        downloads.incrementAndGet();
    }

    void putStats(ObjectNode o) {
        o.put("historyCalls", calls.size());
        o.put("history429", count429.get());
        o.put("downloads", downloads.get());
    }

    /** Forgets the call times and counts; keeps the hours. */
    void reset() {
        calls.clear();
        count429.set(0);
        downloads.set(0);
    }

    private Path newTempFile(String hour) {
        return sandbox.tempDir().resolve(app.org() + "_" + app.app() + "_" + hour + "_"
                + generatedFiles.incrementAndGet() + ".gz");
    }

    Resp handle(HttpExchange ex, String time) {
        SandboxFaults faults = sandbox.faults();
        boolean f = faults.faultsOnHistory();
        if (f && faults.rollDrop()) {
            return Resp.DROP;
        }
        ArrivalLog.Arrival arrival = calls.arrive(WINDOW_NANOS);
        Resp r = answer(ex, time, arrival, faults, f);
        if (r.status == 429) {
            count429.incrementAndGet();
        }
        faults.sleepLatency();
        return r;
    }

    private Resp answer(HttpExchange ex, String time, ArrivalLog.Arrival arrival, SandboxFaults faults, boolean f) {
        if (!"GET".equals(ex.getRequestMethod())) {
            return Errors.methodNotAllowed();
        }
        if (arrival.inWindow() > app.historyCallsPerMinute()) {
            return Errors.reachLimit();
        }
        if (f && faults.roll503()) {
            return Errors.serviceUnavailable();
        }
        if (f && faults.roll429()) {
            return Errors.reachLimit();
        }
        Resp auth = tokens.authenticate(ex);
        if (auth != null) {
            return auth;
        }
        String appKey = app.appKey();
        if (HistoryGenerator.parseHour(time) == null) {
            return Errors.illegalArgument("illegal arguments: appkey: " + appKey + ", time: " + time);
        }
        HourEntry e = hours.get(time);
        if (e == null) {
            return Resp.error(404, "storage_object_not_found", "StorageObjectNotFoundException",
                    "Failed to find chat message history download url for appkey: " + appKey + ", time: " + time);
        }
        if (e.unstored()) {
            return Errors.illegalArgument("illegal arguments: appkey: " + appKey + ", time: " + time
                    + ", maybe chat message history is expired or unstored");
        }
        String org = app.org();
        String name = app.app();
        long nowMs = System.currentTimeMillis();
        long expires = Math.floorDiv(nowMs + app.urlTtl().toMillis() + 999, 1000);
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("action", "get");
        o.put("application", app.applicationUuid());
        o.put("uri", sandbox.baseUrl() + "/" + org + "/" + name + "/chatmessages/" + time);
        o.putArray("data").addObject().put("url", sandbox.signedUrl(org, name, time, expires));
        o.put("timestamp", nowMs);
        o.put("duration", 0);
        o.put("organization", org);
        o.put("applicationName", name);
        return Resp.json(200, o);
    }
}
