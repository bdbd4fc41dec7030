package io.chathistorybridge.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.config.EnumNames;
import io.chathistorybridge.export.Hours;
import io.chathistorybridge.reload.RouteReloads;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** The beans of operations: metrics, status, the status page, who may read them. */
public class OpsConfiguration implements CamelConfiguration {

    /** The per-message routes are left out of Camel's route metrics (bridge.metrics.untimed-routes). */
    @Override
    public void configure(CamelContext camelContext) {
        // the outcomes status.camel.yaml branches on by name
        EnumNames.register(camelContext, ManagementAccess.Access.class, BacklogSummary.Catchup.class);
        UntimedRoutes.leaveOut(camelContext,
                camelContext.resolvePropertyPlaceholders("{{bridge.metrics.untimed-routes}}"));
    }

    /** The bridge's counters and gauges at /observe/metrics. */
    @BindToRegistry
    public BridgeMetrics bridgeMetrics() {
        return new BridgeMetrics();
    }

    /** The last route reload (bridge.routes-reload), and whether routes are being swapped right now. */
    @BindToRegistry
    public RouteReloads routeReloads() {
        return new RouteReloads();
    }

    /** The JSON behind /observe/bridge. */
    @BindToRegistry
    public BridgeStatus bridgeStatus(
            @PropertyInject("bridge.export.time-zone") String zone,
            @PropertyInject("bridge.api.max-retry-delay-ms") long retryDelayMs) {
        return new BridgeStatus(ZoneId.of(zone), retryDelayMs);
    }

    /** The hour states as the status and the metrics show them: read with a deadline, never waited on. */
    @BindToRegistry
    public HourStatesView hourStatesView(CamelContext camelContext,
            @PropertyInject("bridge.export.time-zone") String zone,
            @PropertyInject("bridge.export.backfill-hours") int backfillHours) {
        return new HourStatesView(camelContext, ZoneId.of(zone), backfillHours);
    }

    /** Who may read the status page and /observe/bridge (basic auth beyond loopback). */
    @BindToRegistry
    public ManagementAccess managementAccess(
            @PropertyInject("bridge.management.host") String host,
            @PropertyInject("bridge.management.user") String user,
            @PropertyInject("bridge.management.password") String password,
            @PropertyInject("bridge.management.open") boolean open) {
        return new ManagementAccess(host, user, password, open);
    }

    /** The last 429 / 5xx / 401 of the API, for the status page. */
    @BindToRegistry
    public ApiHealth apiHealth() {
        return new ApiHealth();
    }

    /** The import rate of the last 10 minutes, for the status page's sparkline. */
    @BindToRegistry
    public ImportRateHistory importRateHistory() {
        return new ImportRateHistory();
    }

    /** reports/summary.json once a backlog is caught up. */
    @BindToRegistry
    public BacklogSummary backlogSummary(
            @PropertyInject("bridge.data-dir") String dataDir,
            @PropertyInject("bridge.export.time-zone") String zone,
            @PropertyInject("bridge.export.backfill-hours") int backfillHours,
            @PropertyInject("bridge.export.settle-minutes") int settleMinutes,
            ObjectMapper jsonMapper) {
        return new BacklogSummary(Path.of(dataDir, "reports"), new Hours(ZoneId.of(zone)), backfillHours,
                Duration.ofMinutes(settleMinutes), jsonMapper);
    }

    /** The status page served at / and /observe/ui. */
    @BindToRegistry
    public StatusPage statusPage() {
        return new StatusPage();
    }
}
