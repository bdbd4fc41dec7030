package io.chathistorybridge.config;

import java.util.List;

import org.apache.camel.CamelContext;

/** A setting read by a shared bean factory (one that serves several keys): its default is in config/application.properties. */
public final class Settings {

    private Settings() {
    }

    /** The value of {@code key}; a key missing from the file stops the start with one line naming it. */
    public static String required(CamelContext camelContext, String key) {
        return camelContext.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new SettingsException(List.of(SettingsCheck.notSet(key))));
    }
}
