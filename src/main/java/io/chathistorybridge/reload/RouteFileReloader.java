package io.chathistorybridge.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.chathistorybridge.imports.ConversationLanes;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a route file of the routes folder when a save ({@link QuietSaves}) differs from what runs: the new content
 * is checked in a throwaway context ({@link RouteFileCheck}), then only that file's routes, and those using a
 * routeConfiguration it defines, are stopped gracefully and loaded again, imports paused as on SIGTERM, beans kept.
 * Camel's own reloader is not used: it loads a file once per route it holds ("duplicate route id detected") and
 * removes the running routes before it knows whether the new file loads.
 */
public final class RouteFileReloader extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReloader.class);

    private final CamelContext context;
    private final Path folder;
    private final String suffix;
    private final RouteReloads reloads;
    /** File name → the content its running routes were loaded from. */
    private final Map<String, byte[]> running = new HashMap<>();
    private final QuietSaves saves;

    public RouteFileReloader(CamelContext context, Path folder, String suffix, RouteReloads reloads) {
        this.context = context;
        this.folder = folder;
        this.suffix = suffix;
        this.reloads = reloads;
        this.saves = new QuietSaves(folder, suffix, this::saved);
    }

    @Override
    protected void doStart() throws Exception {
        try (var files = Files.list(folder)) {
            for (Path f : files.filter(this::isRouteFile).toList()) {
                running.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        saves.start("routes-reload");
        LOG.info("Reloading {}/*{} when a file is saved", folder, suffix);
    }

    @Override
    protected void doStop() throws Exception {
        saves.close();
    }

    private boolean isRouteFile(Path p) {
        return saves.watches(p.getFileName().toString()) && Files.isRegularFile(p);
    }

    private void saved(String name) {
        Path path = folder.resolve(name);
        String file = folder.resolve(name).toString();
        byte[] content;
        try {
            if (!isRouteFile(path)) {
                return;
            }
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            LOG.warn("Route file {} not reloaded: cannot read it ({})", file, e.getMessage());
            return;
        }
        if (Arrays.equals(content, running.get(name))) {
            return; // saved without a change, or the second event of one save
        }
        try {
            List<String> ids = reload(name, content);
            reloads.reloaded(file, ids);
            LOG.info("Routes reloaded from {}: {}", file, String.join(", ", ids));
        } catch (RouteFileProblem problem) {
            reloads.refused(file, problem.getMessage());
            LOG.warn("Route file not reloaded, the running routes go on unchanged: {}", problem.getMessage());
        } catch (RuntimeException e) {
            // a failure nobody foresaw must not end the watcher: later saves are still reloaded
            reloads.refused(file, e.toString());
            LOG.error("Route file {} not reloaded: {}", file, e.toString());
        }
    }

    /** Checks the new content, then swaps the routes of that file (and of files using its configurations). */
    synchronized List<String> reload(String name, byte[] content) throws RouteFileProblem {
        String file = folder.resolve(name).toString();
        Resource fresh = resource(name, content);
        RouteFileCheck.Defined defined = RouteFileCheck.check(file, fresh, context);

        Map<String, byte[]> load = new LinkedHashMap<>();
        Set<String> configurations = new LinkedHashSet<>(defined.routeConfigurations());
        if (running.containsKey(name)) {
            configurations.addAll(RouteFileCheck.check(file, resource(name, running.get(name)), context)
                    .routeConfigurations());
        }
        load.put(name, content);
        // routes take their routeConfiguration when they are created: those using it are created again, and the
        // configurations their own files define are swapped with them (until no file is added)
        boolean added = !configurations.isEmpty();
        while (added) {
            added = false;
            for (Route route : context.getRoutes()) {
                String other = fileOf(route);
                if (configurations.contains(route.getConfigurationId()) && other != null && !load.containsKey(other)
                        && running.containsKey(other)) {
                    load.put(other, running.get(other));
                    configurations.addAll(RouteFileCheck.check(folder.resolve(other).toString(),
                            resource(other, running.get(other)), context).routeConfigurations());
                    added = true;
                }
            }
        }
        List<Route> old = context.getRoutes().stream().filter(r -> load.containsKey(fileOf(r)))
                // consumers of files, timers and schedules first, then the in-memory routes they feed
                .sorted(Comparator.comparing(r -> isInMemory(r) ? 1 : 0)).toList();
        boolean importing = old.stream().anyMatch(r -> r.getRouteId().startsWith("import"));
        ConversationLanes lanes = context.getRegistry().findSingleByType(ConversationLanes.class);
        if (importing && lanes != null) {
            lanes.hold();
        }
        try {
            swap(old, configurations, load);
        } finally {
            if (importing && lanes != null) {
                lanes.release();
            }
        }
        running.putAll(load);
        List<String> ids = new ArrayList<>();
        context.getRoutes().stream().filter(r -> load.containsKey(fileOf(r))).forEach(r -> ids.add(r.getRouteId()));
        return ids;
    }

    private void swap(List<Route> old, Set<String> configurations, Map<String, byte[]> load) throws RouteFileProblem {
        String file = folder.resolve(load.keySet().iterator().next()).toString();
        long timeout = Math.max(1, context.getShutdownStrategy().getTimeout());
        TimeUnit unit = context.getShutdownStrategy().getTimeUnit();
        List<Route> stopped = new ArrayList<>();
        reloads.markSwapping(true);
        try {
            for (Route route : old) {
                // graceful, and never forced: an interrupted thread could lose the hour or the file in progress
                if (!context.getRouteController().stopRoute(route.getRouteId(), timeout, unit, true)) {
                    restart(stopped);
                    throw new RouteFileProblem(file + ": not reloaded, route " + route.getRouteId()
                            + " was still busy after " + timeout + " " + unit.name().toLowerCase()
                            + " (the work in progress goes on); save again to retry");
                }
                stopped.add(route);
            }
        } catch (RouteFileProblem problem) {
            throw problem;
        } catch (Exception e) {
            restart(stopped);
            throw new RouteFileProblem(RouteFileCheck.describe(file, e));
        } finally {
            reloads.markSwapping(false);
        }
        try {
            for (Route route : old) {
                context.removeRoute(route.getRouteId());
            }
            removeConfigurations(configurations);
            for (Map.Entry<String, byte[]> entry : load.entrySet()) {
                PluginHelper.getRoutesLoader(context).loadRoutes(resource(entry.getKey(), entry.getValue()));
            }
        } catch (Exception e) {
            String problem = RouteFileCheck.describe(file, e);
            rollBack(load.keySet(), configurations);
            throw new RouteFileProblem(problem);
        }
    }

    private void restart(List<Route> stopped) {
        for (Route route : stopped) {
            try {
                context.getRouteController().startRoute(route.getRouteId());
            } catch (Exception e) {
                LOG.error("Route {} could not be started again ({}): restart the bridge", route.getRouteId(),
                        e.getMessage());
            }
        }
    }

    /** The new content did not start: the routes that ran before are loaded again from their old content. */
    private void rollBack(Set<String> names, Set<String> configurations) {
        try {
            for (Route route : new ArrayList<>(context.getRoutes())) {
                if (names.contains(fileOf(route))) {
                    context.getRouteController().stopRoute(route.getRouteId());
                    context.removeRoute(route.getRouteId());
                }
            }
            removeConfigurations(configurations);
            for (String name : names) {
                if (running.containsKey(name)) {
                    PluginHelper.getRoutesLoader(context).loadRoutes(resource(name, running.get(name)));
                }
            }
        } catch (Exception e) {
            LOG.error("Routes of {} could not be restored after a failed reload ({}): restart the bridge", names,
                    RouteFileCheck.describe(names.toString(), e));
        }
    }

    private void removeConfigurations(Set<String> ids) throws Exception {
        ModelCamelContext model = (ModelCamelContext) context;
        for (RouteConfigurationDefinition c : new ArrayList<>(model.getRouteConfigurationDefinitions())) {
            if (ids.contains(c.getId())) {
                model.removeRouteConfiguration(c);
            }
        }
    }

    private static boolean isInMemory(Route route) {
        String uri = route.getEndpoint().getEndpointUri();
        return uri.startsWith("direct:") || uri.startsWith("seda:");
    }

    /** The file name a running route was loaded from, or null. */
    private String fileOf(Route route) {
        Resource resource = route.getSourceResource();
        if (resource == null || resource.getLocation() == null) {
            return null;
        }
        String location = resource.getLocation();
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf(':'));
        return location.substring(slash + 1);
    }

    private Resource resource(String name, byte[] content) {
        return ResourceHelper.fromBytes("file:" + folder.resolve(name), content);
    }
}
