package io.chathistorybridge.pace;

import io.chathistorybridge.config.Settings;
import org.apache.camel.CamelContext;

/** The per-second pacers of the import and attachment calls, built from the settings. */
public final class PacerSettings {

    private PacerSettings() {
    }

    /** A per-second pacer with the import's margin and one-way time (bridge.import.*), its rate from {@code rateKey}. */
    public static Pacer perSecond(CamelContext camelContext, String name, String rateKey) {
        return Pacer.perSecond(name, Double.parseDouble(Settings.required(camelContext, rateKey).trim()),
                Long.parseLong(Settings.required(camelContext, "bridge.import.pace-margin-ms").trim()),
                Long.parseLong(Settings.required(camelContext, "bridge.import.one-way-ms").trim()));
    }
}
