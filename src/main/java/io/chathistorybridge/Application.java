package io.chathistorybridge;

import java.nio.file.Files;
import java.nio.file.Path;

import io.chathistorybridge.config.SettingsException;
import io.chathistorybridge.config.StartupSettings;
import io.chathistorybridge.config.StartupSummary;
import io.chathistorybridge.reload.RoutesReloadListener;
import org.apache.camel.main.Main;

/** Starts the bridge: settings from config/application.properties, routes from routes/*.camel.yaml. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(System.getProperty("bridge.config",
                System.getenv().getOrDefault("BRIDGE_CONFIG", "config/application.properties")));
        if (!Files.isReadable(config)) {
            System.err.println("chat-history-bridge: cannot read settings file " + config.toAbsolutePath()
                    + " (start it in the folder that holds config/ and routes/, or set BRIDGE_CONFIG)");
            System.exit(2);
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + config);
        main.addMainListener(new StartupSettings());
        main.addMainListener(new StartupSummary());
        main.addMainListener(new RoutesReloadListener());
        try {
            main.run(args);
        } catch (Exception e) {
            SettingsException settings = SettingsException.in(e);
            if (settings == null) {
                throw e;
            }
            settings.problems().forEach(p -> System.err.println("chat-history-bridge: setting " + p));
            System.exit(2);
        }
    }
}
