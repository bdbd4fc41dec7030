package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The two import endpoints of one {@link SandboxApp}: answers POST /{org}/{app}/messages/{users|chatgroups}/import,
 * applies the per-endpoint rate window and the chronological rule per conversation, and records every accepted import.
 */
final class SandboxImports {
    private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

    private final EasemobSandbox sandbox;
    private final SandboxApp app;
    private final SandboxTokens tokens;
    private final ImportEndpoint users = new ImportEndpoint(SandboxApp.USERS_IMPORT);
    private final ImportEndpoint chatgroups = new ImportEndpoint(SandboxApp.GROUPS_IMPORT);
    private final Object lock = new Object();
    private final ArrayList<AcceptedImport> accepted = new ArrayList<>(); // guarded by lock
    private final HashMap<String, String> names = new HashMap<>();       // guarded by lock

    SandboxImports(EasemobSandbox sandbox, SandboxApp app, SandboxTokens tokens) {
        this.sandbox = sandbox;
        this.app = app;
        this.tokens = tokens;
    }

    ImportEndpoint endpoint(String name) {
        if (SandboxApp.USERS_IMPORT.equals(name)) {
            return users;
        }
        if (SandboxApp.GROUPS_IMPORT.equals(name)) {
            return chatgroups;
        }
        throw new IllegalArgumentException("endpoint must be \"users\" or \"chatgroups\": " + name);
    }

    static String conversationKey(String endpoint, String from, String target) {
        if (SandboxApp.GROUPS_IMPORT.equals(endpoint)) {
            return SandboxApp.GROUPS_IMPORT + ":" + target;
        }
        boolean fromFirst = from.compareTo(target) <= 0;
        String a = fromFirst ? from : target;
        String b = fromFirst ? target : from;
        return SandboxApp.USERS_IMPORT + ":" + a.length() + ":" + a + "|" + b;
    }

    List<AcceptedImport> accepted() {
        synchronized (lock) {
            return List.copyOf(accepted);
        }
    }

    List<AcceptedImport> accepted(String endpoint) {
        String e = endpoint(endpoint).name;
        synchronized (lock) {
            return accepted.stream().filter(i -> i.endpoint().equals(e)).toList();
        }
    }

    int orderViolations() {
        return users.orderViolations.get() + chatgroups.orderViolations.get();
    }

    void putStats(ObjectNode o, Duration window) {
        int total;
        synchronized (lock) {
            total = accepted.size();
        }
        o.put("imports", total);
        o.put("orderViolations", orderViolations());
        o.put("windowMs", window.toMillis());
        ObjectNode eps = o.putObject("endpoints");
        for (ImportEndpoint es : List.of(users, chatgroups)) {
            es.putStats(eps.putObject(es.name), window);
        }
    }

    /** Forgets the accepted imports, conversation order state and every endpoint's observations. */
    void reset() {
        synchronized (lock) {
            accepted.clear();
            accepted.trimToSize();
            names.clear();
            for (ImportEndpoint es : List.of(users, chatgroups)) {
                es.clear();
            }
        }
    }

    Resp handle(HttpExchange ex, String endpointName) {
        ImportEndpoint es = endpoint(endpointName);
        SandboxFaults faults = sandbox.faults();
        if (faults.rollDrop()) {
            return Resp.DROP;
        }
        ArrivalLog.Arrival arrival = es.arrivals.arrive(WINDOW_NANOS);
        Resp r;
        try {
            r = answer(ex, es, arrival, faults);
        } catch (IOException e) {
            return Resp.DROP; // client went away while we read its body
        }
        if (r.isDrop()) {
            return r;
        }
        es.statuses.incrementAndGet(Math.min(r.status, 599));
        faults.sleepLatency();
        return r;
    }

    private Resp answer(HttpExchange ex, ImportEndpoint es, ArrivalLog.Arrival arrival, SandboxFaults faults)
            throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            return Errors.methodNotAllowed();
        }
        if (arrival.inWindow() > app.importRatePerSecond()) {
            return Errors.reachLimit();
        }
        if (faults.roll503()) {
            return Errors.serviceUnavailable();
        }
        if (faults.roll429()) {
            return Errors.reachLimit();
        }
        Resp auth = tokens.authenticate(ex);
        if (auth != null) {
            return auth;
        }
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct == null || !ct.split(";", 2)[0].trim().equalsIgnoreCase("application/json")) {
            return Errors.unsupportedMediaType();
        }
        byte[] raw = RequestBody.read(ex, SandboxApp.MAX_IMPORT_BODY_BYTES);
        if (raw == null) {
            return Errors.tooLarge();
        }
        JsonNode n = Json.parse(raw);
        if (n == null || !n.isObject()) {
            return Errors.invalidRequestBody();
        }
        ImportRequest req = new ImportRequest();
        Resp invalid = ImportValidation.validate(n, req);
        if (invalid != null) {
            return invalid;
        }
        long msgId;
        synchronized (lock) {
            long ts = req.msgTimestamp != null ? req.msgTimestamp : System.currentTimeMillis();
            if (es == chatgroups && app.requireGroups()) {
                Long created = app.groupCreatedAt(req.target);
                if (created == null) {
                    return Errors.resourceNotFound("Service resource not found: group " + req.target + " does not exist");
                }
                if (ts <= created) {
                    return Errors.illegalArgument("msg_timestamp " + ts + " must be later than the creation time "
                            + created + " of group " + req.target);
                }
            }
            String conv = conversationKey(es.name, req.from, req.target);
            Long last = es.lastTimestamp.get(conv);
            if (last != null && ts <= last) {
                es.orderViolations.incrementAndGet();
                return Errors.illegalArgument("msg_timestamp " + ts + " must be greater than the last imported message"
                        + " timestamp " + last + " of this conversation");
            }
            es.lastTimestamp.put(conv, ts);
            msgId = sandbox.nextMsgId();
            accepted.add(new AcceptedImport(es.name, name(req.from), name(req.target), req.type.intern(),
                    req.bodyJson, req.extJson, ts, msgId, arrival.nanos(), req.needDownload));
            es.acceptedArrivals.add(arrival.nanos());
        }
        if (faults.rollDropAfterRecord()) {
            return Resp.DROP;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("path", es.path);
        o.put("uri", sandbox.baseUrl() + "/" + app.org() + "/" + app.app() + es.path);
        o.put("timestamp", System.currentTimeMillis());
        o.put("organization", app.org());
        o.put("application", app.applicationUuid());
        o.putArray("entities");
        o.put("action", "post");
        o.putObject("data").put("msg_id", Long.toString(msgId));
        o.put("duration", 0);
        o.put("applicationName", app.app());
        return Resp.json(200, o);
    }

    /** One shared String per distinct user or group id, so a large import log holds each id once. */
    private String name(String s) {
        String prev = names.putIfAbsent(s, s);
        return prev == null ? s : prev;
    }
}
