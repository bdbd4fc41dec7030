package io.chathistorybridge.cluster;

import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Which instance runs the export triggers and the inbox: the routes that name {@code routePolicy: bridgeLeader} follow
 * Camel's clustered route policy (started on the leader only) when a cluster service is set, and start as usual when
 * none is (one process is its own leader).
 */
public final class BridgeRole {

    private final RoutePolicy policy;

    private BridgeRole(RoutePolicy policy) {
        this.policy = policy;
    }

    /** @param clustered whether a cluster service is set ({@code bridge.cluster.service} other than none) */
    public static BridgeRole of(boolean clustered) throws Exception {
        return new BridgeRole(clustered ? ClusteredRoutePolicy.forNamespace(ClusterServices.NAMESPACE)
                : new RoutePolicySupport() { });
    }

    /** The policy of the leader's routes. */
    public RoutePolicy policy() {
        return policy;
    }

    /** Whether this process leads now (always, without a cluster service). */
    public boolean isLeader() {
        return !(policy instanceof ClusteredRoutePolicy clustered) || clustered.isLeader();
    }

    /** {@code leader} or {@code standby}, for status. */
    public String role() {
        return isLeader() ? "leader" : "standby";
    }
}
