package io.chathistorybridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.sandbox.SandboxDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: the packaged jar in sandbox mode migrates the generated history from the source
 * app to the target app, here with faults on every import call, and no client secret and no token string ends
 * up in the log, the reports, the dead letters or the dropped files.
 */
class SandboxMigrationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private HttpResponse<String> call(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        b = body == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wholeMigrationWithFaultsAndNoSecretAnywhere() throws Exception {
        Path data = dir.resolve("data");
        int sandboxPort = BridgeProcess.freePort();
        int managementPort = BridgeProcess.freePort();
        Map<String, String> env = Map.of(
                "BRIDGE_SANDBOX_ENABLED", "true",
                "BRIDGE_SANDBOX_PORT", String.valueOf(sandboxPort),
                "BRIDGE_MANAGEMENT_PORT", String.valueOf(managementPort),
                "BRIDGE_DATA_DIR", data.toString(),
                "BRIDGE_TOKEN_MIN_INTERVAL_SECONDS", "1",
                "BRIDGE_API_RETRY_DELAY_MS", "50");
        String sandbox = "http://127.0.0.1:" + sandboxPort;
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve("bridge.log"), env)) {
            assertTrue(bridge.awaitOutput("Sandbox mode: Easemob simulator", Duration.ofSeconds(60)), bridge::output);
            // faults on every import call, tokens revoked every 2 s
            HttpResponse<String> faults = call("POST", sandbox + "/_sandbox/faults",
                    "{\"rate503\":0.1,\"rate429\":0.05,\"dropRate\":0.01,\"dropAfterRecordRate\":0.01,"
                            + "\"revokeTokensEveryMs\":2000,\"seed\":11}");
            assertEquals(200, faults.statusCode(), faults.body());

            // the 3 generated hours are exported, then imported: 3 reports
            long end = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (list(data.resolve("reports"), ".json").stream().filter(p -> !p.endsWith("summary.json")).count() < 3) {
                if (System.nanoTime() > end || !bridge.isAlive()) {
                    fail("not all hours imported\n" + bridge.output());
                }
                Thread.sleep(500);
            }
            long imported = 0;
            long copied = 0;
            long missing = 0;
            for (Path report : list(data.resolve("reports"), ".json")) {
                if (report.endsWith("summary.json")) {
                    continue; // the backlog's summary, not a file's report
                }
                JsonNode r = JSON.readTree(report.toFile());
                assertEquals(0, r.get("failed").asInt(), r.toString());
                assertEquals(0, r.get("invalid").asInt(), r.toString());
                assertTrue(r.get("unsupported").asInt() > 0, "chat-room records are set aside");
                long outcomes = 0;
                for (String outcome : io.chathistorybridge.imports.ImportRuns.OUTCOMES) {
                    outcomes += r.path(outcome).asLong(0);
                }
                assertEquals(r.get("lines").asLong(), outcomes, "lines = the sum of the outcomes: " + r);
                imported += r.get("imported").asLong();
                copied += r.path("attachmentsCopied").asLong() + r.path("attachmentsReused").asLong();
                missing += r.path("attachmentsMissing").asLong();
            }
            // the demo's media files are copied into the target app; the few expired ones keep their url
            assertTrue(copied > 0 && missing > 0 && copied > missing, "attachments copied " + copied + ", missing " + missing);
            JsonNode stats = JSON.readTree(call("GET", sandbox + "/_sandbox/stats", null).body());
            assertTrue(imported > 50, "imported " + imported);
            assertTrue(stats.toString().contains("\"orderViolations\":0"), stats.toString());

            String metrics = call("GET", "http://127.0.0.1:" + managementPort + "/observe/metrics", null).body();
            assertTrue(metrics.contains("bridge_messages_imported_total{endpoint=\"users\""), "import metrics");
            assertTrue(metrics.contains("bridge_export_hour_states{state=\"done\"} 3.0"), "hour metrics");
            String status = call("GET", "http://127.0.0.1:" + managementPort + "/observe/bridge", null).body();
            assertTrue(status.contains("\"filesDone\":3"), status);
            String page = call("GET", "http://127.0.0.1:" + managementPort + "/", null).body();

            int exit = bridge.terminate(Duration.ofSeconds(40));
            assertTrue(exit == 0 || exit == 143, "exit " + exit);

            // no secret and no token anywhere a user or an operator looks
            List<String> secrets = List.of(SandboxDefaults.SOURCE_CLIENT_SECRET, SandboxDefaults.TARGET_CLIENT_SECRET, "YWMt");
            for (String secret : secrets) {
                assertFalse(status.contains(secret), secret + " in /observe/bridge");
                assertFalse(metrics.contains(secret), secret + " in /observe/metrics");
                assertFalse(page.contains(secret), secret + " in the status page");
            }
            String log = bridge.output();
            assertTrue(log.contains("App token for demo-org#target-app obtained"), "tokens were used");
            for (String secret : secrets) {
                assertFalse(log.contains(secret), secret + " in the log");
            }
            try (Stream<Path> files = Files.walk(data)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (f.toString().endsWith(".gz") || f.toString().endsWith(".db")) {
                        continue; // binary: the raw history as received, and the store
                    }
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    for (String secret : secrets) {
                        assertFalse(text.contains(secret), secret + " in " + f);
                    }
                }
            }
        }
    }

    private static long count(Path dir, String suffix) throws IOException {
        return list(dir, suffix).size();
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }
}
