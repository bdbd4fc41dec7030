package io.chathistorybridge.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxMode;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Settles the settings before routes and beans are built: starts the sandbox in sandbox mode and points
 * the settings at it, makes {@code bridge.data-dir} absolute (file
 * endpoints resolve relative move targets against their own folder, not the working directory), then
 * checks every setting and stops start-up with one line per problem.
 */
public final class StartupSettings extends MainListenerSupport {

    private EasemobSandbox sandbox;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        Properties overrides = new Properties();
        if (Boolean.parseBoolean(Settings.required(properties, "bridge.sandbox.enabled"))) {
            SandboxMode.Started started = SandboxMode.start(properties);
            sandbox = started.sandbox();
            overrides.putAll(started.settings());
        }
        properties.resolveProperty("bridge.data-dir").ifPresent(dataDir ->
                overrides.setProperty("bridge.data-dir", Path.of(dataDir).toAbsolutePath().normalize().toString()));
        override(properties, overrides);
        List<String> problems = SettingsCheck.problems(key -> properties.resolveProperty(key).orElse(null));
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Adds to the override properties, keeping those already set (tests set some too). */
    static void override(PropertiesComponent properties, Properties more) {
        Properties merged = new Properties();
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent pc
                && pc.getOverrideProperties() != null) {
            merged.putAll(pc.getOverrideProperties());
        }
        merged.putAll(more);
        properties.setOverrideProperties(merged);
    }
}
