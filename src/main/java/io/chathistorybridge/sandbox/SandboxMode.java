package io.chathistorybridge.sandbox;

import io.chathistorybridge.config.Settings;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Properties;

import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bridge.sandbox.enabled=true}: starts the simulator with a few hours of generated history in the
 * source app and points the bridge's source and target settings at it. The routes only see base URLs.
 */
public final class SandboxMode {

    /** Hours of generated history in the source app. */
    static final int SEEDED_HOURS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(SandboxMode.class);

    private SandboxMode() {
    }

    /** Starts the sandbox and returns the settings that point the bridge at it. */
    public static Started start(PropertiesComponent settings) {
        int port = Integer.parseInt(Settings.required(settings, "bridge.sandbox.port").trim());
        ZoneId zone = zone(Settings.required(settings, "bridge.export.time-zone"));
        EasemobSandbox sandbox = EasemobSandbox.start(port);
        SandboxApp source = sandbox.addApp(SandboxDefaults.SOURCE_ORG, SandboxDefaults.SOURCE_APP,
                SandboxDefaults.SOURCE_CLIENT_ID, SandboxDefaults.SOURCE_CLIENT_SECRET);
        sandbox.addApp(SandboxDefaults.TARGET_ORG, SandboxDefaults.TARGET_APP,
                SandboxDefaults.TARGET_CLIENT_ID, SandboxDefaults.TARGET_CLIENT_SECRET);
        SandboxSeeder.seedDemo(sandbox, source, zone, Instant.now(), SEEDED_HOURS);
        LOG.info("Sandbox mode: Easemob simulator at {} with {} hours of generated history in {}#{}",
                sandbox.baseUrl(), SEEDED_HOURS, SandboxDefaults.SOURCE_ORG, SandboxDefaults.SOURCE_APP);

        Properties p = new Properties();
        p.setProperty("bridge.source.base-url", sandbox.baseUrl());
        p.setProperty("bridge.source.org", SandboxDefaults.SOURCE_ORG);
        p.setProperty("bridge.source.app", SandboxDefaults.SOURCE_APP);
        p.setProperty("bridge.source.client-id", SandboxDefaults.SOURCE_CLIENT_ID);
        p.setProperty("bridge.source.client-secret", SandboxDefaults.SOURCE_CLIENT_SECRET);
        p.setProperty("bridge.target.base-url", sandbox.baseUrl());
        p.setProperty("bridge.target.org", SandboxDefaults.TARGET_ORG);
        p.setProperty("bridge.target.app", SandboxDefaults.TARGET_APP);
        p.setProperty("bridge.target.client-id", SandboxDefaults.TARGET_CLIENT_ID);
        p.setProperty("bridge.target.client-secret", SandboxDefaults.TARGET_CLIENT_SECRET);
        // the demo looks back only over the generated hours, at the API's full history pace, so it shows
        // a whole migration in well under a minute instead of walking 72 empty hours
        p.setProperty("bridge.export.backfill-hours", String.valueOf(SEEDED_HOURS + 1));
        p.setProperty("bridge.export.requests-per-minute", "10");
        return new Started(sandbox, p);
    }

    /** A bad zone is reported by the settings check right after; the sandbox must not fail first. */
    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    /** The running sandbox and the settings that point at it. */
    public record Started(EasemobSandbox sandbox, Properties settings) {
    }
}
