package io.chathistorybridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.chathistorybridge.sandbox.SandboxDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started from the repo root as the README says. */
class BridgeJarIT {

    @TempDir
    Path dir;

    private Map<String, String> sandboxEnv() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("BRIDGE_SANDBOX_ENABLED", "true");
        env.put("BRIDGE_SANDBOX_PORT", String.valueOf(BridgeProcess.freePort()));
        env.put("BRIDGE_MANAGEMENT_PORT", String.valueOf(BridgeProcess.freePort()));
        env.put("BRIDGE_DATA_DIR", dir.resolve("data").toString());
        return env;
    }

    @Test
    void startsFromTheRepoRootLoadsRoutesHonoursEnvironmentAndStopsOnSigterm() throws Exception {
        Map<String, String> env = sandboxEnv();
        env.put("BRIDGE_IMPORT_RATE_PER_SECOND", "37"); // an environment variable overrides the file's 100
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve("bridge.log"), env)) {
            assertTrue(bridge.awaitOutput("Apache Camel 4.18.0 (chat-history-bridge) started", Duration.ofSeconds(60)),
                    bridge::output);
            // the start-up summary follows the "started" line
            assertTrue(bridge.awaitOutput("37/s per endpoint", Duration.ofSeconds(20)), bridge::output);
            String out = bridge.output();
            assertTrue(out.contains("Properties location: file:config/application.properties"), out);
            assertTrue(out.contains("Sandbox mode: Easemob simulator at http://127.0.0.1:"), out);

            // ready once every file consumer has polled (about a second after start)
            HttpResponse<String> health = null;
            for (int i = 0; i < 50 && (health == null || health.statusCode() != 200); i++) {
                Thread.sleep(200);
                health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + env.get("BRIDGE_MANAGEMENT_PORT") + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("UP"), health.body());

            int exit = bridge.terminate(Duration.ofSeconds(40));
            assertTrue(exit == 0 || exit == 143, "exit code " + exit + "\n" + bridge.output());
            out = bridge.output();
            assertTrue(out.contains("Apache Camel 4.18.0 (chat-history-bridge) shutdown"), out);
            assertFalse(out.contains(SandboxDefaults.SOURCE_CLIENT_SECRET), "source secret in the log");
            assertFalse(out.contains(SandboxDefaults.TARGET_CLIENT_SECRET), "target secret in the log");
            assertFalse(out.contains("YWMt"), "a token in the log");
        }
    }

    @Test
    void badSettingStopsWithOneClearLineAndExitCode2() throws Exception {
        Map<String, String> env = sandboxEnv();
        env.put("BRIDGE_EXPORT_TIME_ZONE", "Mars/Olympus");
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve("bad.log"), env)) {
            int exit = bridge.waitForExit(Duration.ofSeconds(60));
            String out = bridge.output();
            assertEquals(2, exit, out);
            assertTrue(out.contains("chat-history-bridge: setting bridge.export.time-zone: 'Mars/Olympus' is not a time zone"), out);
            assertFalse(out.contains("\tat "), "a stack trace:\n" + out);
        }
    }

    /** A settings file of one's own lacks a key: read by a bean (keep-raw) or by the start-up check (time-zone). */
    @ParameterizedTest
    @ValueSource(strings = {"bridge.export.keep-raw", "bridge.export.time-zone"})
    void aKeyMissingFromTheSettingsFileStopsWithOneLineNamingIt(String key) throws Exception {
        Path config = dir.resolve("own.properties");
        Files.write(config, Files.readAllLines(Path.of("config/application.properties")).stream()
                .filter(line -> !line.startsWith(key + " ")).toList());
        Map<String, String> env = sandboxEnv();
        env.put("BRIDGE_CONFIG", config.toString());
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve("missing.log"), env)) {
            int exit = bridge.waitForExit(Duration.ofSeconds(60));
            String out = bridge.output();
            assertEquals(2, exit, out);
            assertTrue(out.contains("chat-history-bridge: setting " + key + ": is not set"), out);
            assertFalse(out.contains("\tat "), "a stack trace:\n" + out);
        }
    }
}
