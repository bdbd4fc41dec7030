package io.chathistorybridge.export;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

import io.chathistorybridge.Application;
import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxApp;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import io.chathistorybridge.BridgeRouteTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real Camel Main wiring (config/application.properties, routes/*.camel.yaml, BridgeConfiguration)
 * against an embedded sandbox on 127.0.0.1 with a temporary data dir. The export triggers are off
 * ({@code bridge.export.enabled=false}); a test prepares the sandbox, then starts the routes it needs.
 */
abstract class ExportRouteTestSupport extends BridgeRouteTestSupport {

    static final String ORG = "exp-org";
    static final String APP = "exp-app";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    final EasemobSandbox sandbox = EasemobSandbox.start(0);
    final SandboxApp app = sandbox.addApp(ORG, APP, "exp-client", "exp-secret-value")
            .historyCallsPerMinute(historyLimitPerMinute());
    final Hours hours = new Hours(zone());

    @TempDir
    Path dataDir;

    /** The sandbox's history limit: high, so that only the pace test meets it. */
    int historyLimitPerMinute() {
        return 10_000;
    }

    ZoneId zone() {
        return ZONE;
    }

    /** Settings of the test; subclasses add or change some. */
    @Override
    protected Properties settings() {
        Properties p = new Properties();
        p.setProperty("bridge.data-dir", dataDir.toString());
        p.setProperty("bridge.source.base-url", sandbox.baseUrl());
        p.setProperty("bridge.source.org", ORG);
        p.setProperty("bridge.source.app", APP);
        p.setProperty("bridge.source.client-id", "exp-client");
        p.setProperty("bridge.source.client-secret", "exp-secret-value");
        p.setProperty("bridge.token.min-interval-seconds", "0");
        p.setProperty("bridge.export.enabled", "false");
        p.setProperty("bridge.import.enabled", "false");
        p.setProperty("bridge.export.output-dir", dataDir.resolve("out").toString());
        p.setProperty("bridge.export.time-zone", zone().getId());
        p.setProperty("bridge.export.cron", "0 0 0 1 1 ? 2099");
        p.setProperty("bridge.export.settle-minutes", "0");
        p.setProperty("bridge.export.backfill-hours", "4");
        p.setProperty("bridge.export.give-up-hours", "2");
        p.setProperty("bridge.export.requests-per-minute", "600");
        p.setProperty("bridge.export.max-attempts", "3");
        p.setProperty("bridge.export.url-renewals", "2");
        p.setProperty("bridge.shutdown-timeout-seconds", "5");
        return p;
    }


    @AfterEach
    void closeSandbox() {
        sandbox.close();
    }

    /** The n most recent due hours (settle 0), oldest first: n=4 gives last-3 .. last. */
    List<String> lastHours(int n) {
        String last = hours.hourOf(Instant.now().minus(Duration.ofHours(1)));
        List<String> list = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            list.add(hours.hourOf(hours.start(last).minus(Duration.ofHours(i))));
        }
        return list;
    }

    /** The last due hour, with the three before it in the window already done: a run asks for this one only. */
    String onlyHour() {
        List<String> h = lastHours(4);
        for (String other : h.subList(0, 3)) {
            states().markEmpty(other);
        }
        return h.get(3);
    }

    HourStates states() {
        return context.getRegistry().lookupByNameAndType("hourStates", HourStates.class);
    }

    void startExport() throws Exception {
        context.getRouteController().startRoute("export-run");
        context.getRouteController().startRoute("export-startup");
        context.getRouteController().startRoute("export-retry");
    }

    /** Waits until every hour has the expected state (after at least one attempt). */
    void awaitStates(Map<String, String> expected, Duration timeout) throws InterruptedException {
        await(() -> expected.entrySet().stream().allMatch(e -> states().get(e.getKey())
                .map(s -> s.state().equals(e.getValue()) && s.attempts() > 0).orElse(false)), timeout,
                () -> "hour states " + expected + " not reached; have "
                        + expected.keySet().stream().map(h -> states().get(h).map(Object::toString).orElse(h + "=none")).toList());
    }

    static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> message)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail(message.get());
    }

    Path output(String hour) {
        return dataDir.resolve("out").resolve(hour + ".ndjson");
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static String record(String msgId, long timestamp) {
        return "{\"chat_type\":\"chat\",\"msg_id\":\"" + msgId + "\",\"timestamp\":" + timestamp
                + ",\"direction\":\"outgoing\",\"from\":\"u1\",\"to\":\"u2\",\"payload\":{\"bodies\":[{\"type\":\"txt\","
                + "\"msg\":\"hi " + msgId + "\"}],\"ext\":{},\"from\":\"u1\",\"to\":\"u2\"}}";
    }

    void assertNoPartFiles() throws IOException {
        try (var files = Files.walk(dataDir)) {
            List<Path> parts = files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
            assertTrue(parts.isEmpty(), "temporary files left: " + parts);
        }
    }
}
