package io.chathistorybridge.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.chathistorybridge.cluster.BridgeRole;
import io.chathistorybridge.export.HourState;
import io.chathistorybridge.export.HourStates;
import io.chathistorybridge.export.Hours;
import io.chathistorybridge.imports.ImportRuns;
import io.chathistorybridge.pace.Pacer;
import io.chathistorybridge.reload.RouteReloads;
import io.chathistorybridge.token.AppToken;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The body of GET /observe/bridge: hour states, imports in progress and counts, as a map for JSON.
 * Sections come from the features that are present, one method each; nothing here holds a secret or a token.
 * The status page shows every section it finds and leaves out those that are absent.
 */
public final class BridgeStatus implements Processor {

    private final Hours hours;
    private final long retryDelayMs;

    public BridgeStatus() {
        this(ZoneId.of("UTC"), 300_000);
    }

    public BridgeStatus(ZoneId zone, long retryDelayMs) {
        this.hours = new Hours(zone);
        this.retryDelayMs = retryDelayMs;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().setBody(status(exchange.getContext()));
    }

    Map<String, Object> status(CamelContext context) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("time", Instant.now().toString());
        status.put("camel", context.getStatus().name());
        status.put("condition", condition(context));
        BridgeRole role = context.getRegistry().findSingleByType(BridgeRole.class);
        status.put("role", role == null ? "leader" : role.role());
        status.put("timeZone", hours.zone().getId());
        status.put("tokenRequests", tokenRequests(context));
        status.put("pacers", pacers(context));
        HourStatesView hourStates = context.getRegistry().findSingleByType(HourStatesView.class);
        if (hourStates != null && context.getRegistry().findSingleByType(HourStates.class) != null) {
            status.put("export", export(hourStates.read()));
        }
        ImportRuns imports = context.getRegistry().findSingleByType(ImportRuns.class);
        if (imports != null) {
            Map<String, Object> section = new LinkedHashMap<>(imports.status());
            section.put("inbox", imports.inboxFiles());
            io.chathistorybridge.attachments.AttachmentCounts attachments = context.getRegistry()
                    .findSingleByType(io.chathistorybridge.attachments.AttachmentCounts.class);
            if (attachments != null) {
                // files in the target app since start: copied now or found copied before; missing kept their url
                section.put("attachmentsCopied", attachments.copied() + attachments.reused());
                section.put("attachmentsMissing", attachments.missing());
            }
            status.put("import", section);
        }
        ImportRateHistory rate = context.getRegistry().findSingleByType(ImportRateHistory.class);
        if (rate != null) {
            status.put("importRate", rate.rates());
        }
        ApiHealth api = context.getRegistry().findSingleByType(ApiHealth.class);
        if (api != null) {
            status.put("api", api.status());
        }
        RouteReloads reloads = context.getRegistry().findSingleByType(RouteReloads.class);
        if (reloads != null) {
            status.put("routesReload", reloads.status());
        }
        return status;
    }

    /** One line at the top of the page: running, stopped, or paused by the API, in words. */
    Map<String, Object> condition(CamelContext context) {
        Map<String, Object> c = new LinkedHashMap<>();
        if (!context.getStatus().isStarted()) {
            c.put("state", "stopped");
            c.put("text", "stopped: Camel is " + context.getStatus().name().toLowerCase());
            return c;
        }
        ApiHealth api = context.getRegistry().findSingleByType(ApiHealth.class);
        Instant last = api == null ? null : api.lastAt();
        Duration window = Duration.ofMillis(Math.max(retryDelayMs * 2, 60_000));
        if (last != null && last.isAfter(Instant.now().minus(window))) {
            String since = java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                    .withZone(hours.zone()).format(api.streakSince());
            int code = api.lastStatus();
            c.put("state", "paused");
            c.put("text", "paused: the API kept answering " + (code == 0 ? "nothing (no answer)" : code)
                    + " since " + since + "; retrying every " + every(retryDelayMs) + " at most");
            return c;
        }
        c.put("state", "running");
        c.put("text", "running");
        return c;
    }

    private static String every(long ms) {
        return ms >= 60_000 ? (ms / 60_000) + " min" : (ms / 1000) + " s";
    }

    private static Map<String, Object> tokenRequests(CamelContext context) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        context.getRegistry().findByTypeWithName(AppToken.class).forEach((name, token) ->
                tokens.put(token.appKey(), Map.of("requests", token.requests(), "lastHour", token.requestsInLastHour())));
        return tokens;
    }

    private static Map<String, Object> pacers(CamelContext context) {
        Map<String, Object> pacers = new LinkedHashMap<>();
        context.getRegistry().findByTypeWithName(Pacer.class).forEach((name, pacer) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("configured", pacer.configuredRate());
            p.put("current", Math.round(pacer.currentRate(System.nanoTime()) * 10) / 10.0);
            p.put("unit", pacer.name().equals("history") ? "per minute" : "per second");
            p.put("calls", pacer.permits());
            p.put("throttled", pacer.throttles());
            pacers.put(pacer.name(), p);
        });
        return pacers;
    }

    /**
     * The last backfill-hours, oldest first, each with its state (unknown hours count as pending), as last read; a
     * read that is not fresh says why and when it was made.
     */
    private Map<String, Object> export(HourStatesView.Read read) {
        Map<String, Object> export = new LinkedHashMap<>();
        if (read.problem() != null) {
            export.put("store", read.problem());
            export.put("readAt", read.at() == null ? null : read.at().toString());
        }
        export.put("hoursByState", read.byState());
        List<Map<String, Object>> strip = new ArrayList<>();
        if (read.first() != null) {
            for (String h = read.first(); h.compareTo(read.lastHour()) <= 0; h = hours.next(h)) {
                HourState state = read.window().get(h);
                strip.add(state == null ? Map.of("hour", h, "state", HourState.PENDING) : hour(state));
            }
        }
        export.put("hours", strip);
        export.put("latestHours", read.latest().stream().map(BridgeStatus::hour).toList());
        return export;
    }

    private static Map<String, Object> hour(HourState h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hour", h.hour());
        m.put("state", HourState.PENDING.equals(h.state()) && h.lastError() != null ? "failed" : h.state());
        m.put("records", h.records());
        m.put("duplicates", h.duplicates());
        m.put("rejects", h.rejects());
        if (h.lastError() != null) {
            m.put("lastError", h.lastError());
        }
        return m;
    }
}
