package io.chathistorybridge.reload;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while the last saved route file was refused (the old routes keep running, but what runs is
 * not what the files say); UP before any reload and after a good one.
 */
public final class RoutesReloadHealthCheck extends AbstractHealthCheck {

    private final RouteReloads reloads;

    public RoutesReloadHealthCheck(RouteReloads reloads) {
        super("bridge", "routes-reload");
        this.reloads = reloads;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        RouteReloads.Result last = reloads.last();
        if (last != null) {
            builder.detail("file", last.file());
            builder.detail("at", last.at().toString());
        }
        if (last != null && !last.ok()) {
            builder.message("last route reload failed: " + last.problem());
            builder.down();
        } else {
            builder.up();
        }
    }
}
