package io.chathistorybridge.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;

/**
 * Routes left out of Camel's route metrics: the per-message routes. Their timers cost every message a few percent
 * of the import's CPU (a formatted name and a timer sample per exchange and route) and say no more than the bridge's
 * own counters ({@code bridge_messages_imported_total}, {@code bridge_failures_total}). The file and hour routes keep
 * theirs.
 */
public final class UntimedRoutes {

    private UntimedRoutes() {
    }

    /**
     * Applies to the route metrics that {@code camel.metrics.enable-route-policy} set up; call it before the routes
     * start.
     *
     * @param routeIds comma-separated route ids (patterns as in Camel: {@code import-*}); empty: every route timed
     */
    public static void leaveOut(CamelContext context, String routeIds) {
        if (routeIds == null || routeIds.isBlank()) {
            return;
        }
        for (var factory : context.getRoutePolicyFactories()) {
            if (factory instanceof MicrometerRoutePolicyFactory metrics) {
                // a copy: the factory starts with a configuration shared by every Camel context of the JVM
                MicrometerRoutePolicyConfiguration copy = copyOf(metrics.getPolicyConfiguration());
                copy.setExcludePattern(routeIds.replace(" ", ""));
                metrics.setPolicyConfiguration(copy);
            }
        }
    }

    private static MicrometerRoutePolicyConfiguration copyOf(MicrometerRoutePolicyConfiguration from) {
        MicrometerRoutePolicyConfiguration to = new MicrometerRoutePolicyConfiguration();
        to.setContextEnabled(from.isContextEnabled());
        to.setRouteEnabled(from.isRouteEnabled());
        to.setAdditionalCounters(from.isAdditionalCounters());
        to.setExchangesSucceeded(from.isExchangesSucceeded());
        to.setExchangesFailed(from.isExchangesFailed());
        to.setExchangesTotal(from.isExchangesTotal());
        to.setExternalRedeliveries(from.isExternalRedeliveries());
        to.setFailuresHandled(from.isFailuresHandled());
        to.setLongTask(from.isLongTask());
        to.setTimerInitiator(from.getTimerInitiator());
        to.setLongTaskInitiator(from.getLongTaskInitiator());
        return to;
    }
}
