package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.Application;
import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxApp;
import io.chathistorybridge.BridgeRouteTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Camel Main wiring (config/application.properties, routes/*.camel.yaml) with the import route on and
 * the export off, against an embedded sandbox target app on 127.0.0.1 and a temporary data dir.
 */
abstract class ImportRouteTestSupport extends BridgeRouteTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long BASE = System.currentTimeMillis() - 3_600_000L;

    final EasemobSandbox sandbox = EasemobSandbox.start(0);
    final SandboxApp target = sandbox.addApp("imp-org", "imp-app", "imp-client", "imp-secret-value");

    @TempDir
    Path dataDir;


    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("bridge.data-dir", dataDir.toString());
        p.setProperty("bridge.target.base-url", sandbox.baseUrl());
        p.setProperty("bridge.target.org", "imp-org");
        p.setProperty("bridge.target.app", "imp-app");
        p.setProperty("bridge.target.client-id", "imp-client");
        p.setProperty("bridge.target.client-secret", "imp-secret-value");
        p.setProperty("bridge.token.min-interval-seconds", "1");
        p.setProperty("bridge.export.enabled", "false");
        p.setProperty("bridge.import.max-attempts", "10");
        p.setProperty("bridge.api.retry-delay-ms", "20");
        p.setProperty("bridge.api.max-retry-delay-ms", "200");
        p.setProperty("bridge.management.port", "0");
        p.setProperty("bridge.shutdown-timeout-seconds", "5");
        return p;
    }

    @AfterEach
    void closeSandbox() {
        sandbox.close();
    }

    static String history(String chatType, String from, String to, long ts, String msgId, String body) {
        return "{\"chat_type\":\"" + chatType + "\",\"msg_id\":\"" + msgId + "\",\"timestamp\":" + ts
                + ",\"direction\":\"outgoing\",\"from\":\"" + from + "\",\"to\":\"" + to
                + "\",\"payload\":{\"bodies\":[" + body + "],\"ext\":{\"src\":\"" + msgId + "\"},\"from\":\"" + from
                + "\",\"to\":\"" + to + "\"}}";
    }

    static String text(String chatType, String from, String to, long ts, String msgId) {
        return history(chatType, from, to, ts, msgId, "{\"type\":\"txt\",\"msg\":\"" + msgId + "\"}");
    }

    /** Drops a file the way a user or the export does: written under a hidden name, then renamed. */
    Path drop(String name, List<String> lines) throws IOException {
        Path inbox = dataDir.resolve("inbox");
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + name + ".part");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        return Files.move(tmp, inbox.resolve(name));
    }

    Path report(String base) {
        return dataDir.resolve("reports").resolve(base + ".json");
    }

    JsonNode awaitReport(String base, Duration timeout) throws Exception {
        Path report = report(base);
        await(() -> Files.exists(report) && size(report) > 0, timeout, () -> "no report " + report);
        Thread.sleep(200); // the file is moved to archive/ right after
        JsonNode r = JSON.readTree(report.toFile());
        assertAccounted(r);
        return r;
    }

    /** Every report: each line counted in exactly one outcome, {@code lines} = the sum of the outcomes. */
    static void assertAccounted(JsonNode report) {
        long sum = 0;
        for (String outcome : ImportRuns.OUTCOMES) {
            sum += report.path(outcome).asLong(0);
        }
        assertEquals(report.get("lines").asLong(), sum, "lines = imported + importedWithoutAnswer + skippedDuplicates"
                + " + failed + unsupported + invalid + blank (+ validated): " + report);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    List<JsonNode> deadLetters(String base) throws IOException {
        Path file = dataDir.resolve("failed").resolve(base + ".ndjson");
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static void await(BooleanSupplier condition, Duration timeout, Supplier<String> message) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail(message.get());
    }
}
