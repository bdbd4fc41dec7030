package io.chathistorybridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.export.Hours;
import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxApp;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, metrics and the status endpoint over real HTTP on the management port, after an export ran. */
class ObservabilityTest extends CamelMainTestSupport {

    private static final ZoneId ZONE = ZoneId.of("UTC");
    private static final String SECRET = "obs-secret-value";
    private static EasemobSandbox sandbox;
    private static SandboxApp source;
    private static int port;
    private static String hour;

    @TempDir
    static Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startSandbox() throws IOException {
        sandbox = EasemobSandbox.start(0);
        source = sandbox.addApp("obs-org", "obs-app", "obs-client", SECRET).historyCallsPerMinute(10_000);
        hour = new Hours(ZONE).hourOf(Instant.now().minus(Duration.ofHours(2)));
        source.generateHistory(hour, ZONE, 100, 5);
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }


    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:config/application.properties";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.setProperty("bridge.data-dir", dataDir.toString());
        p.setProperty("bridge.management.port", String.valueOf(port));
        p.setProperty("bridge.source.base-url", sandbox.baseUrl());
        p.setProperty("bridge.source.org", "obs-org");
        p.setProperty("bridge.source.app", "obs-app");
        p.setProperty("bridge.source.client-id", "obs-client");
        p.setProperty("bridge.source.client-secret", SECRET);
        p.setProperty("bridge.import.enabled", "false");
        p.setProperty("bridge.export.time-zone", ZONE.getId());
        p.setProperty("bridge.export.backfill-hours", "2");
        p.setProperty("bridge.export.settle-minutes", "0");
        p.setProperty("bridge.export.requests-per-minute", "10");
        p.setProperty("bridge.export.output-dir", dataDir.resolve("out").toString());
        p.setProperty("bridge.export.cron", "0 0 0 1 1 ? 2099");
        return p;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("condition not met in " + timeout);
    }

    @Test
    void healthMetricsAndStatusOverHttp() throws Exception {
        await(() -> source.downloadCount() >= 1 && java.nio.file.Files.exists(dataDir.resolve("out/" + hour + ".ndjson")),
                Duration.ofSeconds(30));
        Thread.sleep(500); // the hour state is stored right after the file is renamed

        HttpResponse<String> health = get("/observe/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"UP\""), health.body());
        assertEquals(200, get("/observe/health/live").statusCode());
        assertEquals(200, get("/observe/health/ready").statusCode());

        String metrics = get("/observe/metrics").body();
        assertTrue(metrics.contains("bridge_token_requests_total{app=\"obs-org#obs-app\",bean=\"sourceToken\"} 1.0"),
                metrics.lines().filter(l -> l.startsWith("bridge_token")).toList().toString());
        assertTrue(metrics.contains("bridge_export_hour_states{state=\"done\"} 1.0"),
                metrics.lines().filter(l -> l.startsWith("bridge_export")).toList().toString());
        assertTrue(metrics.contains("bridge_rate_configured{pacer=\"history\"}")
                || metrics.contains("bridge_rate_configured{pacer="), "pacer rates");
        assertTrue(metrics.contains("camel_exchanges_total{") && metrics.contains("routeId=\"export-hour\""),
                "Camel's own metrics beside the bridge's");
        assertFalse(metrics.contains("routeId=\"import-message\""), "a per-message route has no Camel route metrics");

        HttpResponse<String> status = get("/observe/bridge");
        assertEquals(200, status.statusCode());
        assertTrue(status.headers().firstValue("Content-Type").orElse("").contains("json"));
        JsonNode json = new ObjectMapper().readTree(status.body());
        assertEquals(1, json.at("/export/hoursByState/done").asInt(), status.body());
        assertEquals(hour, json.at("/export/latestHours/0/hour").asText(), status.body());
        assertEquals(1, json.at("/tokenRequests/obs-org#obs-app/requests").asInt(), status.body());
        assertFalse(status.body().contains(SECRET));
        assertFalse(status.body().contains("YWMt"), "no token in the status");
    }
}
