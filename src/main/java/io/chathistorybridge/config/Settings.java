package io.chathistorybridge.config;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** A setting read outside a bean method's parameters: its default is in config/application.properties, never here. */
public final class Settings {

    private Settings() {
    }

    /** The value of {@code key}; a key missing from the file stops the start with one line naming it. */
    public static String required(CamelContext camelContext, String key) {
        return required(camelContext.getPropertiesComponent(), key);
    }

    /** As {@link #required(CamelContext, String)}, for the steps that run before the context is built. */
    public static String required(PropertiesComponent settings, String key) {
        return settings.resolveProperty(key)
                .orElseThrow(() -> new SettingsException(List.of(SettingsCheck.notSet(key))));
    }
}
