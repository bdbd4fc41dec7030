package io.chathistorybridge;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * The bridge as it runs (Application, config/application.properties, routes/*.camel.yaml) with a test's
 * own settings on top: each route test says its settings, typically pointing at a sandbox on 127.0.0.1.
 */
public abstract class BridgeRouteTestSupport extends CamelMainTestSupport {

    /** Handed to Camel in configureContext (before the test's fields exist), filled when the context is created. */
    private Properties overrides;

    /** The test's settings, applied over config/application.properties. */
    protected abstract Properties settings();

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        overrides = new Properties();
        configuration.withUseOverridePropertiesWithPropertiesComponent(overrides);
        configuration.withShutdownTimeout(5);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        overrides.putAll(settings());
        return super.createCamelContext();
    }


    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:config/application.properties";
    }
}
