package io.chathistorybridge.reload;

import io.chathistorybridge.config.Settings;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/** With bridge.routes-reload=true, starts the route file reloader once the routes run. */
public final class RoutesReloadListener extends MainListenerSupport {

    /** The folder the routes are read from (camel.main.routes-include-pattern = file:routes/*.camel.yaml). */
    private static final Path FOLDER = Path.of("routes");

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        boolean enabled = Boolean.parseBoolean(Settings.required(context, "bridge.routes-reload").trim());
        if (!enabled) {
            return;
        }
        RouteReloads reloads = context.getRegistry().findSingleByType(RouteReloads.class);
        if (reloads == null) {
            reloads = new RouteReloads();
            context.getRegistry().bind("routeReloads", reloads);
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            RoutesReloadHealthCheck check = new RoutesReloadHealthCheck(reloads);
            check.setCamelContext(context);
            health.register(check);
        }
        try {
            context.addService(new RouteFileReloader(context, FOLDER, ".camel.yaml", reloads), true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch " + FOLDER + " for route changes: " + e.getMessage(), e);
        }
    }
}
