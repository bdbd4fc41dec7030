package io.chathistorybridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.sandbox.AcceptedImport;
import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged bridge stopped in the middle of a file, by kill -9 or by SIGTERM, then started again:
 * every message ends up imported, in order, and nothing twice beyond what a crash can hide.
 */
class ImportRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES = 1500;
    private static final int IN_FLIGHT = 8;
    /**
     * What a kill can leave unremembered: per endpoint (1:1 and groups each have their lanes) up to max-in-flight
     * messages being posted plus accepted ones waiting for the store's commit, 2 x max-in-flight in all.
     */
    private static final int MAX_IN_FLIGHT_IN_ALL = 2 * 2 * IN_FLIGHT;

    @TempDir
    Path dir;

    private EasemobSandbox sandbox;
    private SandboxApp target;

    @BeforeEach
    void sandbox() {
        sandbox = EasemobSandbox.start(0);
        target = sandbox.addApp("rs-org", "rs-app", "rs-client", "rs-secret-value");
        sandbox.faults().latency(Duration.ofMillis(20));
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    private Map<String, String> env() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("BRIDGE_TARGET_BASE_URL", sandbox.baseUrl());
        env.put("BRIDGE_TARGET_ORG", "rs-org");
        env.put("BRIDGE_TARGET_APP", "rs-app");
        env.put("BRIDGE_TARGET_CLIENT_ID", "rs-client");
        env.put("BRIDGE_TARGET_CLIENT_SECRET", "rs-secret-value");
        env.put("BRIDGE_EXPORT_ENABLED", "false");
        env.put("BRIDGE_IMPORT_ATTACHMENTS", "link"); // no source app: its files are not copied
        env.put("BRIDGE_DATA_DIR", dir.resolve("data").toString());
        env.put("BRIDGE_MANAGEMENT_PORT", String.valueOf(BridgeProcess.freePort()));
        env.put("BRIDGE_IMPORT_MAX_IN_FLIGHT", String.valueOf(IN_FLIGHT));
        env.put("BRIDGE_TOKEN_MIN_INTERVAL_SECONDS", "1");
        env.put("BRIDGE_SHUTDOWN_TIMEOUT_SECONDS", "20");
        return env;
    }

    private Path dropFile() throws Exception {
        List<String> lines = new ArrayList<>();
        long base = System.currentTimeMillis() - 3_600_000L;
        for (int i = 0; i < MESSAGES; i++) {
            boolean group = i % 3 == 0;
            String from = "u" + (i % 13);
            String to = group ? "g" + (i % 5) : "v" + (i % 11);
            lines.add("{\"chat_type\":\"" + (group ? "groupchat" : "chat") + "\",\"msg_id\":\"r" + i + "\",\"timestamp\":"
                    + (base + i * 3L) + ",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"payload\":{\"bodies\":"
                    + "[{\"type\":\"txt\",\"msg\":\"r" + i + "\"}],\"ext\":{}}}");
        }
        Collections.shuffle(lines, new Random(5));
        Path inbox = Files.createDirectories(dir.resolve("data/inbox"));
        Path tmp = inbox.resolve(".restart.part");
        Files.write(tmp, lines);
        return Files.move(tmp, inbox.resolve("restart.ndjson"));
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

    /** Runs the bridge until the file's report exists, then stops it. */
    private void finish(String log) throws Exception {
        Path report = dir.resolve("data/reports/restart.json");
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve(log), env())) {
            await(() -> Files.exists(report), Duration.ofSeconds(120), "the report after the restart\n" + bridge.output());
            bridge.terminate(Duration.ofSeconds(30));
        }
    }

    /** Source msg_id → times the sandbox accepted it. */
    private Map<String, Integer> acceptedCounts() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (AcceptedImport i : target.imports()) {
            counts.merge(JSON.readTree(i.body()).get("msg").asText(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void killedMidFileThenRestartedImportsEverything() throws Exception {
        dropFile();
        int atKill;
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve("first.log"), env())) {
            await(() -> target.imports().size() >= 400, Duration.ofSeconds(90), "400 imports\n" + bridge.output());
            bridge.kill(); // kill -9: no shutdown hook, nothing flushed
            atKill = target.imports().size();
        }
        assertTrue(atKill < MESSAGES, "the file was not finished before the kill");
        assertTrue(Files.exists(dir.resolve("data/inbox/restart.ndjson")), "the unfinished file stays in the inbox");

        finish("second.log");
        Map<String, Integer> counts = acceptedCounts();
        assertEquals(MESSAGES, counts.size(), "every message imported");
        int duplicates = counts.values().stream().mapToInt(n -> n - 1).sum();
        assertTrue(duplicates <= MAX_IN_FLIGHT_IN_ALL, "duplicates " + duplicates + " > messages in flight");
        // a message accepted just before the kill but not yet recorded is refused on its second post (same
        // timestamp as the conversation's last): it is already in the target app, and it is in the dead letter
        List<String> dead = Files.exists(dir.resolve("data/failed/restart.ndjson"))
                ? Files.readAllLines(dir.resolve("data/failed/restart.ndjson")) : List.of();
        assertTrue(dead.size() <= MAX_IN_FLIGHT_IN_ALL, "dead letters " + dead.size() + " > messages in flight");
        for (String line : dead) {
            String msg = JSON.readTree(line).at("/payload/bodies/0/msg").asText();
            assertEquals(1, counts.getOrDefault(msg, 0), "a dead-lettered message is in the target app: " + msg);
        }
        System.out.printf("kill -9 after %d of %d imports; after restart: %d accepted, %d duplicates, %d dead letters"
                + " (already imported)%n", atKill, MESSAGES, target.imports().size(), duplicates, dead.size());
    }

    @Test
    void sigtermLetsInFlightMessagesFinishAndTheRestartContinues() throws Exception {
        dropFile();
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve("first.log"), env())) {
            await(() -> target.imports().size() >= 400, Duration.ofSeconds(90), "400 imports\n" + bridge.output());
            int exit = bridge.terminate(Duration.ofSeconds(40));
            assertTrue(exit == 0 || exit == 143, "exit " + exit + "\n" + bridge.output());
            assertTrue(bridge.output().contains("stays in the inbox"), bridge.output());
        }
        int atStop = target.imports().size();
        assertTrue(atStop < MESSAGES, "stopped before the end of the file");
        assertTrue(Files.exists(dir.resolve("data/inbox/restart.ndjson")), "the unfinished file stays in the inbox");

        finish("second.log");
        Map<String, Integer> counts = acceptedCounts();
        assertEquals(MESSAGES, counts.size(), "every message imported");
        assertEquals(MESSAGES, target.imports().size(), "a clean stop leaves no duplicate");
        assertEquals(0, target.orderViolations());
        assertTrue(Files.notExists(dir.resolve("data/failed/restart.ndjson")), "no dead letter");
        String report = Files.readString(dir.resolve("data/reports/restart.json"));
        assertEquals(atStop, JSON.readTree(report).get("skippedDuplicates").asInt(), report);
        long outcomes = 0;
        for (String outcome : io.chathistorybridge.imports.ImportRuns.OUTCOMES) {
            outcomes += JSON.readTree(report).path(outcome).asLong(0);
        }
        assertEquals(JSON.readTree(report).get("lines").asLong(), outcomes, "lines = the sum of the outcomes: " + report);
    }

    /**
     * A backlog of three hour files as the API names them ({@code yyyyMMddHH.gz}), dropped at once: the same
     * conversations go on from one hour into the next.
     */
    private List<String> dropBacklog(int perFile) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("data/inbox"));
        long base = System.currentTimeMillis() - 4 * 3_600_000L;
        List<String> hours = List.of("2026120100", "2026120101", "2026120102");
        for (int f = 0; f < hours.size(); f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < perFile; i++) {
                int n = f * perFile + i;
                boolean group = n % 3 == 0;
                String to = group ? "g" + (n % 5) : "v" + (n % 11);
                lines.add("{\"chat_type\":\"" + (group ? "groupchat" : "chat") + "\",\"msg_id\":\"b" + n
                        + "\",\"timestamp\":" + (base + f * 3_600_000L + i * 3L) + ",\"from\":\"u" + (n % 13)
                        + "\",\"to\":\"" + to + "\",\"payload\":{\"bodies\":[{\"type\":\"txt\",\"msg\":\"b" + n
                        + "\"}],\"ext\":{}}}");
            }
            Collections.shuffle(lines, new Random(f));
            Path tmp = inbox.resolve("." + hours.get(f) + ".part");
            try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
                out.write((String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            Files.move(tmp, inbox.resolve(hours.get(f) + ".gz"));
        }
        return hours;
    }

    @Test
    void killedInTheMiddleOfABacklogThenRestartedImportsEveryFileOnceInOrder() throws Exception {
        int perFile = 600;
        List<String> hours = dropBacklog(perFile);
        Path firstReport = dir.resolve("data/reports/" + hours.get(0) + ".json");
        int atKill;
        List<String> finishedBeforeKill = new java.util.ArrayList<>();
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve("first.log"), env())) {
            await(() -> Files.exists(firstReport) && target.imports().size() >= perFile + perFile / 2,
                    Duration.ofSeconds(90), "the first hour and half the second\n" + bridge.output());
            bridge.kill();
            atKill = target.imports().size();
        }
        // the hours overlap (look-ahead): an hour not finished stays in the inbox, a finished one is archived
        for (String hour : hours) {
            if (!Files.exists(dir.resolve("data/inbox/" + hour + ".gz"))) {
                finishedBeforeKill.add(hour);
            }
        }
        assertTrue(atKill < 3 * perFile && finishedBeforeKill.size() < 3, "killed before the backlog was finished: "
                + atKill + ", finished " + finishedBeforeKill);

        Path lastReport = dir.resolve("data/reports/" + hours.get(2) + ".json");
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve("second.log"), env())) {
            await(() -> Files.exists(lastReport), Duration.ofSeconds(120), "the last hour\n" + bridge.output());
            bridge.terminate(Duration.ofSeconds(30));
        }
        Map<String, Integer> counts = acceptedCounts();
        assertEquals(3 * perFile, counts.size(), "every message of every hour imported");
        int duplicates = counts.values().stream().mapToInt(n -> n - 1).sum();
        assertTrue(duplicates <= MAX_IN_FLIGHT_IN_ALL, "duplicates " + duplicates + " > messages in flight");
        // what the first process imported of the unfinished hours is skipped after the restart, not posted again (a
        // re-post would be refused as not later and dead-lettered)
        int importedOfUnfinishedBeforeKill = atKill - perFile * finishedBeforeKill.size();
        int skipped = 0;
        for (String hour : hours) {
            if (!finishedBeforeKill.contains(hour)) {
                skipped += JSON.readTree(dir.resolve("data/reports/" + hour + ".json").toFile())
                        .path("skippedDuplicates").asInt();
            }
        }
        assertTrue(skipped >= importedOfUnfinishedBeforeKill - MAX_IN_FLIGHT_IN_ALL, "skipped " + skipped
                + " of the " + importedOfUnfinishedBeforeKill + " imported before the kill");
        for (String hour : hours) {
            Path dead = dir.resolve("data/failed/" + hour + ".ndjson");
            long deadLetters = Files.exists(dead) ? Files.readAllLines(dead).size() : 0;
            assertTrue(deadLetters <= MAX_IN_FLIGHT_IN_ALL, hour + ": " + deadLetters + " dead letters > in flight");
        }
        // the sandbox accepts a conversation's messages only in time order: had a later hour's message gone before
        // an earlier one, the earlier one would have been refused and be missing above
        for (String hour : hours) {
            try (var archived = Files.list(dir.resolve("data/archive"))) {
                assertEquals(1, archived.filter(f -> f.getFileName().toString().endsWith("-" + hour + ".gz")).count(),
                        hour + " archived once");
            }
        }
        System.out.printf("backlog: kill -9 after %d of %d imports; after restart %d accepted, %d duplicates%n",
                atKill, 3 * perFile, target.imports().size(), duplicates);
    }
}
