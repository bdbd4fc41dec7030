package io.chathistorybridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.sandbox.AcceptedImport;
import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged bridge with bridge.routes-reload=true, in its own folder: route files edited while it runs, saved in
 * place or renamed over, take effect; a reload in the middle of a file loses and doubles nothing; a broken save is
 * refused in one line and the old routes go on.
 */
class RoutesReloadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The cmd filter of the README's worked example, as the first step after the mapper in import-message. */
    private static final String MAPPER = "            ref: importLineMapper\n";
    private static final String CMD_FILTER = MAPPER
            + "        # cmd messages (typing indicators and the like) are not imported\n"
            + "        - filter:\n"
            + "            simple:\n"
            + "              expression: \"${exchangeProperty.importMessage.type} == 'cmd'\"\n"
            + "            steps:\n"
            + "              - stop: {}\n";

    @TempDir
    Path dir;

    private Path home;
    private int managementPort;
    private EasemobSandbox sandbox;
    private SandboxApp target;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = EasemobSandbox.start(0);
        target = sandbox.addApp("rl-org", "rl-app", "rl-client", "rl-secret-value");
        sandbox.addApp("src-org", "src-app", "src-client", "src-secret-value");
        sandbox.faults().latency(Duration.ofMillis(20));
        home = Files.createDirectories(dir.resolve("home"));
        for (String folder : new String[] {"config", "routes"}) {
            Files.createDirectories(home.resolve(folder));
            try (var files = Files.list(Path.of(folder))) {
                for (Path f : files.toList()) {
                    Files.copy(f, home.resolve(folder).resolve(f.getFileName()));
                }
            }
        }
        managementPort = BridgeProcess.freePort();
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    private Map<String, String> env(boolean export) {
        Map<String, String> env = new HashMap<>();
        env.put("BRIDGE_ROUTES_RELOAD", "true");
        env.put("BRIDGE_TARGET_BASE_URL", sandbox.baseUrl());
        env.put("BRIDGE_TARGET_ORG", "rl-org");
        env.put("BRIDGE_TARGET_APP", "rl-app");
        env.put("BRIDGE_TARGET_CLIENT_ID", "rl-client");
        env.put("BRIDGE_TARGET_CLIENT_SECRET", "rl-secret-value");
        env.put("BRIDGE_SOURCE_BASE_URL", sandbox.baseUrl());
        env.put("BRIDGE_SOURCE_ORG", "src-org");
        env.put("BRIDGE_SOURCE_APP", "src-app");
        env.put("BRIDGE_SOURCE_CLIENT_ID", "src-client");
        env.put("BRIDGE_SOURCE_CLIENT_SECRET", "src-secret-value");
        env.put("BRIDGE_EXPORT_ENABLED", String.valueOf(export));
        env.put("BRIDGE_DATA_DIR", dir.resolve("data").toString());
        env.put("BRIDGE_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("BRIDGE_IMPORT_MAX_IN_FLIGHT", "8");
        env.put("BRIDGE_TOKEN_MIN_INTERVAL_SECONDS", "1");
        env.put("BRIDGE_SHUTDOWN_TIMEOUT_SECONDS", "20");
        return env;
    }

    private BridgeProcess start(String log, boolean export) throws Exception {
        BridgeProcess bridge = BridgeProcess.startIn(home, dir.resolve(log), env(export));
        await(() -> bridge.output().contains("Reloading routes/*.camel.yaml when a file is saved"),
                Duration.ofSeconds(60), "the start\n" + bridge.output());
        return bridge;
    }

    /** Saves a route file as an editor does: in place (truncate and write) or a temp file renamed over it. */
    private void save(String file, String content, boolean inPlace) throws Exception {
        Path path = home.resolve("routes").resolve(file);
        if (inPlace) {
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } else {
            Path tmp = home.resolve("routes").resolve("." + file + ".swp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private String route(String file) throws Exception {
        return Files.readString(home.resolve("routes").resolve(file), StandardCharsets.UTF_8);
    }

    /** Saves, then waits for the one reload line of that file (the n-th of the run). */
    private void reload(BridgeProcess bridge, String file, String content, boolean inPlace) throws Exception {
        String line = "Routes reloaded from routes/" + file + ":";
        int before = count(bridge.output(), line);
        save(file, content, inPlace);
        await(() -> count(bridge.output(), line) > before, Duration.ofSeconds(60),
                "the reload of " + file + "\n" + bridge.output());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** The last lines of each bridge log of the test, for a failure message. */
    private String logTails() throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        try (java.util.stream.Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                b.append("== ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        }
        return b.toString();
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + what);
    }

    /** Drops a message file into the inbox (written aside, then moved in); every {@code cmdEvery}-th is a cmd. */
    private void drop(String name, int messages, int cmdEvery, long base) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            boolean group = i % 3 == 0;
            String to = group ? "g" + (i % 5) : "v" + (i % 11);
            String body = cmdEvery > 0 && i % cmdEvery == 0
                    ? "{\"type\":\"cmd\",\"action\":\"typing\"}" : "{\"type\":\"txt\",\"msg\":\"" + name + i + "\"}";
            lines.add("{\"chat_type\":\"" + (group ? "groupchat" : "chat") + "\",\"msg_id\":\"" + name + i
                    + "\",\"timestamp\":" + (base + i * 3L) + ",\"from\":\"u" + (i % 13) + "\",\"to\":\"" + to
                    + "\",\"payload\":{\"bodies\":[" + body + "],\"ext\":{}}}");
        }
        Collections.shuffle(lines, new Random(7));
        Path inbox = Files.createDirectories(dir.resolve("data/inbox"));
        Path tmp = inbox.resolve("." + name + ".part");
        Files.write(tmp, lines);
        Files.move(tmp, inbox.resolve(name + ".ndjson"));
    }

    private JsonNode report(String name) throws Exception {
        Path report = dir.resolve("data/reports/" + name + ".json");
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(report)) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for the report of " + name + "\n" + logTails());
            }
            Thread.sleep(50);
        }
        Thread.sleep(200);
        return JSON.readTree(report.toFile());
    }

    /** The bodies the sandbox accepted, each with the request's type added as "type". */
    private List<JsonNode> accepted() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (AcceptedImport i : target.imports()) {
            com.fasterxml.jackson.databind.node.ObjectNode body =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(i.body());
            body.put("type", i.type());
            bodies.add(body);
        }
        return bodies;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** No stack trace and no duplicate route id anywhere in the bridge's output. */
    private static void clean(BridgeProcess bridge) {
        String out = bridge.output();
        assertFalse(out.contains("duplicate route id"), out);
        assertFalse(out.contains("\tat org.apache"), out);
        assertFalse(out.contains("FileWatcherResourceReloadStrategy"), out);
    }

    @Test
    void anEditOfEachRouteFileTakesEffectSavedInPlaceOrByRename() throws Exception {
        try (BridgeProcess bridge = start("edits.log", true)) {
            long base = System.currentTimeMillis() - 3_600_000L;
            drop("before", 30, 0, base);
            assertEquals(30, report("before").get("imported").asInt());
            int tokens = target.tokenRequests();

            // import.camel.yaml, in place: skip cmd messages, and log each message's line
            String imports = route("import.camel.yaml");
            assertTrue(imports.contains(MAPPER), "the mapper step is where the example puts the filter");
            String edited = imports.replace(MAPPER, CMD_FILTER + "        - log:\n"
                    + "            message: \"edited import: line ${exchangeProperty.importLine}\"\n");
            reload(bridge, "import.camel.yaml", edited, true);
            assertTrue(bridge.output().contains("Routes reloaded from routes/import.camel.yaml: import-files,"),
                    bridge.output());
            drop("filtered", 40, 4, base + 10_000);
            JsonNode report = report("filtered");
            assertEquals(10, report.get("skippedByRoute").asInt(), report.toString());
            assertEquals(30, report.get("imported").asInt(), report.toString());
            assertTrue(bridge.output().contains("edited import: line "), bridge.output());
            List<JsonNode> bodies = accepted();
            assertEquals(60, bodies.size(), "30 before, 30 of the 40 after (10 cmd skipped)");
            assertTrue(bodies.stream().noneMatch(b -> "cmd".equals(b.path("type").asText())), "no cmd imported");
            assertEquals(tokens, target.tokenRequests(), "the token cache was kept: no new token request");

            // status.camel.yaml, by rename: a header on /observe/bridge
            String status = route("status.camel.yaml");
            String statusStep = "                - process:\n                    ref: bridgeStatus\n";
            assertTrue(status.contains(statusStep), status);
            reload(bridge, "status.camel.yaml", status.replace(statusStep, statusStep
                    + "                - setHeader:\n                    name: X-Edited\n"
                    + "                    constant: \"yes\"\n"), false);
            HttpResponse<String> page = get("/observe/bridge");
            assertEquals("yes", page.headers().firstValue("X-Edited").orElse(null), page.toString());
            JsonNode last = JSON.readTree(page.body()).get("routesReload");
            assertEquals("reloaded", last.get("result").asText(), page.body());
            assertEquals("routes/status.camel.yaml", last.get("file").asText(), page.body());

            // export.camel.yaml, by rename: the re-export request's log line
            String export = route("export.camel.yaml");
            assertTrue(export.contains("message: \"Re-export requested by"));
            int runs = count(bridge.output(), "INFO export-run - Export run: ");
            reload(bridge, "export.camel.yaml",
                    export.replace("message: \"Re-export requested by", "message: \"Re-export (edited) requested by"),
                    false);
            // the run that was in progress ended after its hour; the reloaded start-up trigger starts a new one
            await(() -> count(bridge.output(), "INFO export-run - Export run: ") > runs, Duration.ofSeconds(30),
                    "a new export run after the reload\n" + bridge.output());
            Path requests = Files.createDirectories(dir.resolve("data/export/requests"));
            Files.writeString(requests.resolve(".r.tmp"), "2026010100\n");
            Files.move(requests.resolve(".r.tmp"), requests.resolve("r.txt"));
            await(() -> bridge.output().contains("Re-export (edited) requested by r.txt"), Duration.ofSeconds(60),
                    "the edited export log line\n" + bridge.output());

            // api-errors.camel.yaml, in place: retries logged; the routes using it are created again with it
            String errors = route("api-errors.camel.yaml");
            reload(bridge, "api-errors.camel.yaml", errors.replace("logRetryAttempted: false",
                    "logRetryAttempted: true\n            retryAttemptedLogLevel: WARN"), true);
            String line = bridge.output().substring(bridge.output().lastIndexOf("Routes reloaded from routes/api-errors"));
            assertTrue(line.contains("import-post"), line);
            sandbox.faults().rate503(0.3);
            drop("retried", 30, 0, base + 20_000);
            assertEquals(30, report("retried").get("imported").asInt());
            sandbox.faults().rate503(0);
            assertTrue(bridge.output().contains("On delivery attempt"), bridge.output());
            clean(bridge);
        }
    }

    @Test
    void aReloadInTheMiddleOfAFileLosesAndDoublesNothing() throws Exception {
        int messages = 3000;
        try (BridgeProcess bridge = start("middle.log", false)) {
            drop("big", messages, 0, System.currentTimeMillis() - 3_600_000L);
            await(() -> target.imports().size() >= 600, Duration.ofSeconds(120), "600 imports\n" + bridge.output());
            String imports = route("import.camel.yaml");
            reload(bridge, "import.camel.yaml", imports + "\n# edited once\n", true);
            int atFirst = target.imports().size();
            await(() -> target.imports().size() >= atFirst + 600, Duration.ofSeconds(120), "imports go on");
            reload(bridge, "import.camel.yaml", imports + "\n# edited twice\n", false);
            int atSecond = target.imports().size();
            JsonNode report = report("big");
            Map<String, Integer> counts = new HashMap<>();
            for (JsonNode b : accepted()) {
                counts.merge(b.path("msg").asText(), 1, Integer::sum);
            }
            int duplicates = counts.values().stream().mapToInt(n -> n - 1).sum();
            System.out.printf("reloads at %d and %d of %d imports: %d accepted, %d distinct, %d duplicates,"
                    + " %d order violations%n", atFirst, atSecond, messages, target.imports().size(), counts.size(),
                    duplicates, target.orderViolations());
            assertTrue(atSecond < messages, "the second reload was in the middle of the file");
            assertEquals(messages, counts.size(), "0 missing");
            assertEquals(0, duplicates, "0 duplicates");
            assertEquals(0, target.orderViolations(), "0 order violations");
            assertTrue(Files.notExists(dir.resolve("data/failed/big.ndjson")), "no dead letter");
            assertEquals(messages, report.get("lines").asInt());
            clean(bridge);
        }
    }

    @Test
    void aBrokenSaveIsRefusedInOneLineTheOldRoutesGoOnAndAFixedSaveReloads() throws Exception {
        try (BridgeProcess bridge = start("broken.log", false)) {
            String imports = route("import.camel.yaml");
            long base = System.currentTimeMillis() - 3_600_000L;
            String[][] broken = {
                {"an unknown step", imports.replace(MAPPER, MAPPER + "        - lgo:\n            message: x\n"),
                    "true"},
                {"a missing bean", imports.replace("ref: importLineMapper", "ref: importLineMaper"), "false"},
                {"bad YAML", imports.replace("      uri: direct:import-message", "      uri: \"direct:import-message"),
                    "true"},
            };
            int n = 0;
            for (String[] b : broken) {
                String refused = "Route file not reloaded, the running routes go on unchanged: routes/import.camel.yaml line ";
                int before = count(bridge.output(), refused);
                save("import.camel.yaml", b[1], Boolean.parseBoolean(b[2]));
                await(() -> count(bridge.output(), refused) > before, Duration.ofSeconds(60),
                        b[0] + " refused\n" + bridge.output());
                String out = bridge.output();
                String line = out.substring(out.lastIndexOf(refused)).lines().findFirst().orElseThrow();
                System.out.println(b[0] + " -> " + line);
                String after = out.substring(out.lastIndexOf(refused) + line.length()).strip();
                assertFalse(after.startsWith("at ") || after.startsWith("org."), "no stack trace:\n" + out);

                JsonNode page = JSON.readTree(get("/observe/bridge").body()).get("routesReload");
                assertEquals("failed", page.get("result").asText(), page.toString());
                assertTrue(page.get("problem").asText().startsWith("routes/import.camel.yaml line "), page.toString());
                HttpResponse<String> health = get("/observe/health");
                assertEquals(503, health.statusCode(), health.body());

                drop("old" + n, 20, 0, base + n * 10_000L);
                assertEquals(20, report("old" + n).get("imported").asInt(), "the old routes still import");
                n++;
            }
            reload(bridge, "import.camel.yaml", imports.replace(MAPPER, CMD_FILTER), true);
            JsonNode page = JSON.readTree(get("/observe/bridge").body()).get("routesReload");
            assertEquals("reloaded", page.get("result").asText(), page.toString());
            assertEquals(200, get("/observe/health").statusCode());
            drop("fixed", 20, 2, base + 100_000L);
            assertEquals(10, report("fixed").get("skippedByRoute").asInt(), "the fixed routes run");
            clean(bridge);
        }
    }
}
