package io.chathistorybridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class UntimedRoutesTest {

    @Test
    void theListedRoutesHaveNoRouteMetricsAndTheOthersKeepTheirs() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (CamelContext context = new DefaultCamelContext()) {
            MicrometerRoutePolicyFactory metrics = new MicrometerRoutePolicyFactory();
            metrics.setMeterRegistry(registry);
            context.addRoutePolicyFactory(metrics);
            UntimedRoutes.leaveOut(context, "per-message, other-*");
            // a lambda, not a RouteBuilder class: the tests that run the bridge would pick up a class as routes
            RouteBuilder.addRoutes(context, routes -> {
                routes.from("direct:file").routeId("per-file").to("direct:message");
                routes.from("direct:message").routeId("per-message").log("message");
                routes.from("direct:other").routeId("other-message").log("other");
            });
            context.start();
            for (int i = 0; i < 3; i++) {
                context.createProducerTemplate().sendBody("direct:file", "x");
                context.createProducerTemplate().sendBody("direct:other", "y");
            }
            Set<String> timed = registry.getMeters().stream().map(m -> m.getId().getTag("routeId"))
                    .filter(id -> id != null).collect(Collectors.toSet());
            assertTrue(timed.contains("per-file"), timed.toString());
            assertFalse(timed.contains("per-message"), timed.toString());
            assertFalse(timed.contains("other-message"), "a pattern: " + timed);
            assertEquals(3.0, registry.get("camel.exchanges.total").tag("routeId", "per-file").counter().count());
        }
        assertEquals(null, MicrometerRoutePolicyConfiguration.DEFAULT.getExcludePattern(),
                "the configuration every context shares is left as it was");
    }

    @Test
    void noRoutesListedLeavesEveryRouteTimed() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            MicrometerRoutePolicyFactory metrics = new MicrometerRoutePolicyFactory();
            MicrometerRoutePolicyConfiguration before = metrics.getPolicyConfiguration();
            context.addRoutePolicyFactory(metrics);
            UntimedRoutes.leaveOut(context, " ");
            assertEquals(before, metrics.getPolicyConfiguration());
        }
    }
}
