package io.chathistorybridge.reload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.model.language.RefExpression;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * Reads a changed route file into a throwaway Camel context that is never started, so nothing of the running
 * bridge is touched: bad YAML and unknown steps fail here, and every bean a step names must be in the running
 * bridge's registry. What the file defines (route and routeConfiguration ids) comes back for the swap.
 */
public final class RouteFileCheck {

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    /** The ids a route file defines. */
    public record Defined(Set<String> routes, Set<String> routeConfigurations, Set<String> usedConfigurations) {
    }

    private RouteFileCheck() {
    }

    public static Defined check(String file, Resource resource, CamelContext running) throws RouteFileProblem {
        DefaultCamelContext scratch = new DefaultCamelContext();
        scratch.setSourceLocationEnabled(true);
        // never started, so it starts nothing and needs no stop (a stop would log a shutdown)
        return read(file, resource, running, scratch);
    }

    private static Defined read(String file, Resource resource, CamelContext running, DefaultCamelContext scratch)
            throws RouteFileProblem {
        try {
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(scratch).findRoutesBuilders(resource)) {
                scratch.addRoutes(builder);
            }
        } catch (Exception e) {
            throw new RouteFileProblem(describe(file, e));
        }
        ModelCamelContext model = scratch;
        Set<String> routes = new LinkedHashSet<>();
        Set<String> used = new LinkedHashSet<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (route.getRouteId() == null) {
                throw new RouteFileProblem(file + " line " + route.getLineNumber()
                        + ": a route without an id (every route needs an id to be reloaded in place)");
            }
            routes.add(route.getRouteId());
            if (route.getRouteConfigurationId() != null) {
                used.add(route.getRouteConfigurationId());
            }
            checkBeans(file, route.getOutputs(), running);
        }
        Set<String> configurations = new LinkedHashSet<>();
        for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
            configurations.add(configuration.getId());
            List<ProcessorDefinition<?>> outputs = new ArrayList<>();
            configuration.getOnExceptions().forEach(o -> outputs.addAll(o.getOutputs()));
            checkBeans(file, outputs, running);
        }
        return new Defined(routes, configurations, used);
    }

    /** Every {@code ref} of a process, bean, or ref/method expression names a bean of the running bridge. */
    private static void checkBeans(String file, List<ProcessorDefinition<?>> outputs, CamelContext running)
            throws RouteFileProblem {
        for (ProcessDefinition p : ProcessorDefinitionHelper.filterTypeInOutputs(outputs, ProcessDefinition.class)) {
            need(file, p, p.getRef(), running);
        }
        for (BeanDefinition b : ProcessorDefinitionHelper.filterTypeInOutputs(outputs, BeanDefinition.class)) {
            need(file, b, b.getRef(), running);
        }
        for (ProcessorDefinition<?> node
                : ProcessorDefinitionHelper.filterTypeInOutputs(outputs, ProcessorDefinition.class)) {
            if (node instanceof ExpressionNode e && e.getExpression() != null) {
                if (e.getExpression() instanceof RefExpression ref) {
                    need(file, node, ref.getExpression(), running);
                } else if (e.getExpression() instanceof MethodCallExpression call) {
                    need(file, node, call.getRef(), running);
                }
            }
        }
    }

    private static void need(String file, ProcessorDefinition<?> step, String ref, CamelContext running)
            throws RouteFileProblem {
        if (ref != null && !ref.isBlank() && !ref.contains("{{") && running.getRegistry().lookupByName(ref) == null) {
            String line = step.getLineNumber() > 0 ? " line " + step.getLineNumber() : "";
            throw new RouteFileProblem(file + line + ": no bean named '" + ref + "' (step " + step.getShortName() + ")");
        }
    }

    /**
     * One line: the file, the line the deepest cause points at (a YAML error names its context first and the
     * problem last: the last line number is the problem's), and that cause's own words without its snippet.
     */
    static String describe(String file, Throwable e) {
        String line = null;
        String problem = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message == null || message.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(message);
            while (m.find()) {
                line = m.group(1);
            }
            problem = String.join("; ", message.lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("in "))
                    .map(String::strip).toList());
        }
        if (problem == null || problem.isBlank()) {
            problem = e.getClass().getSimpleName();
        }
        return file + (line != null ? " line " + line : "") + ": " + problem;
    }
}
