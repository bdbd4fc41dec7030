package io.chathistorybridge.ops;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.chathistorybridge.export.HourState;
import io.chathistorybridge.cluster.BridgeRole;
import io.chathistorybridge.export.HourStates;
import io.chathistorybridge.imports.ImportRuns;
import io.chathistorybridge.token.AppToken;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The body of GET /observe/bridge: hour states, imports in progress and counts, as a map for JSON.
 * Sections come from the features that are present; nothing here holds a secret or a token.
 */
public final class BridgeStatus implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().setBody(status(exchange.getContext()));
    }

    Map<String, Object> status(CamelContext context) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("time", Instant.now().toString());
        status.put("camel", context.getStatus().name());
        BridgeRole role = context.getRegistry().findSingleByType(BridgeRole.class);
        status.put("role", role == null ? "leader" : role.role());
        Map<String, Object> tokens = new LinkedHashMap<>();
        context.getRegistry().findByTypeWithName(AppToken.class).forEach((name, token) ->
                tokens.put(token.appKey(), Map.of("requests", token.requests())));
        status.put("tokenRequests", tokens);
        HourStates hours = context.getRegistry().findSingleByType(HourStates.class);
        if (hours != null) {
            Map<String, Object> export = new LinkedHashMap<>();
            export.put("hoursByState", hours.countByState());
            List<Map<String, Object>> latest = hours.latest(48).stream().map(BridgeStatus::hour).toList();
            export.put("latestHours", latest);
            status.put("export", export);
        }
        ImportRuns imports = context.getRegistry().findSingleByType(ImportRuns.class);
        if (imports != null) {
            status.put("import", imports.status());
        }
        return status;
    }

    private static Map<String, Object> hour(HourState h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hour", h.hour());
        m.put("state", h.state());
        m.put("records", h.records());
        m.put("duplicates", h.duplicates());
        m.put("rejects", h.rejects());
        if (h.lastError() != null) {
            m.put("lastError", h.lastError());
        }
        return m;
    }
}
