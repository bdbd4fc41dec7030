package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Out-of-process control of a sandbox (benchmarks run it in its own JVM):
 * <ul>
 *   <li>{@code GET /_sandbox/stats[?windowMs=1000]}: per app token requests, history calls, downloads and per
 *       import endpoint requests / accepted / rejected429 / rejected400 / orderViolations / maxInWindow /
 *       maxAcceptedInWindow (exact sliding maxima over windowMs) / status histogram; plus fault settings and
 *       counters;</li>
 *   <li>{@code GET /_sandbox/imports?app=org%23app[&endpoint=users]}: accepted imports as NDJSON, streamed;</li>
 *   <li>{@code GET /_sandbox/faults}: current settings; {@code POST /_sandbox/faults} with any of latencyMs,
 *       latencyMaxMs (a range: each call drawn uniformly from latencyMs to latencyMaxMs), rate503, rate429, dropRate, dropAfterRecordRate, revokeTokensEveryMs, expireTokensAfterMs, seed,
 *       faultsOnHistory, and per-app settings applied to every app: importRatePerSecond,
 *       historyCallsPerMinute, urlTtlMs, tokenTtlSeconds, requireGroups. Unknown keys are a 400;</li>
 *   <li>{@code POST /_sandbox/reset}: every app's observations cleared, faults off;</li>
 *   <li>{@code POST /_sandbox/revoke-tokens[?app=org%23app]}: revokes tokens of one or every app.</li>
 * </ul>
 * The admin endpoints need no token and are never subject to faults.
 */
final class SandboxAdmin {
    private static final Set<String> FAULT_KEYS = Set.of("latencyMs", "latencyMaxMs", "rate503", "rate429", "dropRate",
            "dropAfterRecordRate", "revokeTokensEveryMs", "expireTokensAfterMs", "seed", "faultsOnHistory",
            "importRatePerSecond", "historyCallsPerMinute", "urlTtlMs", "tokenTtlSeconds", "requireGroups");

    private final EasemobSandbox sandbox;

    SandboxAdmin(EasemobSandbox sandbox) {
        this.sandbox = sandbox;
    }

    Resp handle(HttpExchange ex, List<String> seg) throws IOException {
        String what = seg.size() == 2 ? seg.get(1) : "";
        String method = ex.getRequestMethod();
        Map<String, String> q = SandboxUrls.query(ex.getRequestURI().getRawQuery());
        switch (what) {
            case "stats":
                if (!method.equals("GET")) {
                    return Errors.methodNotAllowed();
                }
                return stats(q);
            case "imports":
                if (!method.equals("GET")) {
                    return Errors.methodNotAllowed();
                }
                return imports(ex, q);
            case "faults":
                if (method.equals("GET")) {
                    return Resp.json(200, faultsJson());
                }
                if (!method.equals("POST")) {
                    return Errors.methodNotAllowed();
                }
                return setFaults(ex);
            case "reset":
                if (!method.equals("POST")) {
                    return Errors.methodNotAllowed();
                }
                sandbox.reset();
                ObjectNode o = Json.MAPPER.createObjectNode();
                o.put("reset", true);
                return Resp.json(200, o);
            case "revoke-tokens":
                if (!method.equals("POST")) {
                    return Errors.methodNotAllowed();
                }
                String key = q.get("app");
                ObjectNode r = Json.MAPPER.createObjectNode();
                var arr = r.putArray("revoked");
                for (SandboxApp a : sandbox.apps()) {
                    if (key == null || key.equals(a.appKey())) {
                        a.revokeTokens();
                        arr.add(a.appKey());
                    }
                }
                return Resp.json(key != null && arr.isEmpty() ? 404 : 200, r);
            default:
                return Errors.resourceNotFound("Service resource not found: " + ex.getRequestURI().getPath());
        }
    }

    private Resp stats(Map<String, String> q) {
        Duration window = Duration.ofSeconds(1);
        if (q.containsKey("windowMs")) {
            try {
                window = Duration.ofMillis(Long.parseLong(q.get("windowMs")));
            } catch (NumberFormatException e) {
                return Errors.illegalArgument("windowMs must be a number");
            }
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("baseUrl", sandbox.baseUrl());
        ObjectNode apps = o.putObject("apps");
        for (SandboxApp a : sandbox.apps()) {
            apps.set(a.appKey(), a.stats(window));
        }
        o.set("faults", faultsJson());
        return Resp.json(200, o);
    }

    private Resp imports(HttpExchange ex, Map<String, String> q) throws IOException {
        String key = q.get("app");
        if (key == null) {
            return Errors.illegalArgument("query parameter app=org#app is required");
        }
        SandboxApp app = sandbox.findApp(key);
        if (app == null) {
            return Errors.resourceNotFound("no such app: " + key);
        }
        String endpoint = q.get("endpoint");
        List<AcceptedImport> list;
        try {
            list = endpoint == null ? app.imports() : app.imports(endpoint);
        } catch (IllegalArgumentException e) {
            return Errors.illegalArgument(e.getMessage());
        }
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16);
             JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.setRootValueSeparator(null);
            for (AcceptedImport i : list) {
                g.writeStartObject();
                g.writeStringField("endpoint", i.endpoint());
                g.writeStringField("from", i.from());
                g.writeStringField("target", i.target());
                g.writeStringField("type", i.type());
                g.writeFieldName("body");
                g.writeRawValue(i.body());
                if (i.ext() != null) {
                    g.writeFieldName("ext");
                    g.writeRawValue(i.ext());
                }
                g.writeNumberField("msg_timestamp", i.msgTimestamp());
                g.writeStringField("msg_id", i.msgId());
                g.writeBooleanField("need_download", i.needDownload());
                g.writeNumberField("arrival_nanos", i.arrivalNanos());
                g.writeNumberField("arrival_ms", sandbox.toEpochMillis(i.arrivalNanos()));
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
        return null;
    }

    private Resp setFaults(HttpExchange ex) throws IOException {
        JsonNode n = Json.parse(RequestBody.read(ex, 64 * 1024));
        if (n == null || !n.isObject()) {
            return Errors.invalidRequestBody();
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!FAULT_KEYS.contains(k)) {
                return Errors.illegalArgument("unknown fault setting: " + k + ", known: " + FAULT_KEYS);
            }
        }
        try {
            SandboxFaults f = sandbox.faults();
            if (n.has("latencyMs")) {
                f.latency(Duration.ofMillis(n.get("latencyMs").asLong()));
            }
            if (n.has("latencyMaxMs")) {
                f.latencyMax(Duration.ofMillis(n.get("latencyMaxMs").asLong()));
            }
            if (n.has("rate503")) {
                f.rate503(n.get("rate503").asDouble());
            }
            if (n.has("rate429")) {
                f.rate429(n.get("rate429").asDouble());
            }
            if (n.has("dropRate")) {
                f.dropRate(n.get("dropRate").asDouble());
            }
            if (n.has("dropAfterRecordRate")) {
                f.dropAfterRecordRate(n.get("dropAfterRecordRate").asDouble());
            }
            if (n.has("revokeTokensEveryMs")) {
                f.revokeTokensEvery(Duration.ofMillis(n.get("revokeTokensEveryMs").asLong()));
            }
            if (n.has("expireTokensAfterMs")) {
                f.expireTokensAfter(Duration.ofMillis(n.get("expireTokensAfterMs").asLong()));
            }
            if (n.has("seed")) {
                f.seed(n.get("seed").asLong());
            }
            if (n.has("faultsOnHistory")) {
                f.faultsOnHistory(n.get("faultsOnHistory").asBoolean());
            }
            for (SandboxApp a : sandbox.apps()) {
                if (n.has("importRatePerSecond")) {
                    a.importRatePerSecond(n.get("importRatePerSecond").asInt());
                }
                if (n.has("historyCallsPerMinute")) {
                    a.historyCallsPerMinute(n.get("historyCallsPerMinute").asInt());
                }
                if (n.has("urlTtlMs")) {
                    a.urlTtl(Duration.ofMillis(n.get("urlTtlMs").asLong()));
                }
                if (n.has("tokenTtlSeconds")) {
                    a.tokenTtlSeconds(n.get("tokenTtlSeconds").asLong());
                }
                if (n.has("requireGroups")) {
                    a.requireGroups(n.get("requireGroups").asBoolean());
                }
            }
        } catch (IllegalArgumentException e) {
            return Errors.illegalArgument(e.getMessage());
        }
        return Resp.json(200, faultsJson());
    }

    ObjectNode faultsJson() {
        SandboxFaults f = sandbox.faults();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("latencyMs", f.latency().toMillis());
        o.put("latencyMaxMs", f.latencyMax().toMillis());
        o.put("rate503", f.rate503());
        o.put("rate429", f.rate429());
        o.put("dropRate", f.dropRate());
        o.put("dropAfterRecordRate", f.dropAfterRecordRate());
        o.put("revokeTokensEveryMs", f.revokeTokensEvery().toMillis());
        o.put("expireTokensAfterMs", f.expireTokensAfter().toMillis());
        o.put("faultsOnHistory", f.faultsOnHistory());
        ObjectNode c = o.putObject("counters");
        c.put("injected503", f.injected503());
        c.put("injected429", f.injected429());
        c.put("dropped", f.dropped());
        c.put("droppedAfterRecord", f.droppedAfterRecord());
        c.put("delayed", f.delayed());
        c.put("delayedNanos", f.delayedNanos());
        c.put("heldNanos", f.heldNanos());
        c.put("tokensRejectedByRevocation", f.tokensRejectedByRevocation());
        c.put("tokensRejectedByExpiry", f.tokensRejectedByExpiry());
        return o;
    }
}
