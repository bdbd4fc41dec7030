package io.chathistorybridge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.sandbox.AcceptedImport;
import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxApp;
import io.chathistorybridge.sandbox.SandboxChatfiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged bridge copying attachments (bridge.import.attachments=copy), killed with kill -9 in the middle of a
 * file, then started again: every message imported once (beyond those in flight), each pointing at a copy with the
 * source's bytes, and each source file uploaded once, beyond the copies that were running at the kill.
 */
class AttachmentRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES = 600;
    private static final int FILES = 200;
    private static final int IN_FLIGHT = 8;
    private static final int COPIES_AHEAD = 16;
    /** Messages a kill can leave unremembered: per endpoint max-in-flight posted plus as many waiting for the commit. */
    private static final int MESSAGES_IN_FLIGHT = 2 * 2 * IN_FLIGHT;
    /** Copies that can be running at the kill: the pool ahead plus one per lane. */
    private static final int COPIES_IN_FLIGHT = COPIES_AHEAD + 2 * IN_FLIGHT;

    @TempDir
    Path dir;

    private EasemobSandbox sandbox;
    private SandboxApp source;
    private SandboxApp target;
    private final List<SandboxChatfiles.StoredFile> files = new ArrayList<>();

    @BeforeEach
    void sandbox() {
        sandbox = EasemobSandbox.start(0);
        source = sandbox.addApp("as-org", "as-src", "as-src-client", "as-src-secret-value");
        target = sandbox.addApp("as-org", "as-tgt", "as-tgt-client", "as-tgt-secret-value");
        Random rnd = new Random(9);
        for (int i = 0; i < FILES; i++) {
            byte[] b = new byte[1_000 + rnd.nextInt(50_000)];
            rnd.nextBytes(b);
            files.add(source.chatfiles().put(b, "f" + i + ".jpg", i % 2 == 0));
        }
        sandbox.faults().latency(Duration.ofMillis(20));
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    private Map<String, String> env() throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String[] side : new String[][] {{"SOURCE", "as-src"}, {"TARGET", "as-tgt"}}) {
            env.put("BRIDGE_" + side[0] + "_BASE_URL", sandbox.baseUrl());
            env.put("BRIDGE_" + side[0] + "_ORG", "as-org");
            env.put("BRIDGE_" + side[0] + "_APP", side[1]);
            env.put("BRIDGE_" + side[0] + "_CLIENT_ID", side[1] + "-client");
            env.put("BRIDGE_" + side[0] + "_CLIENT_SECRET", side[1] + "-secret-value");
        }
        env.put("BRIDGE_EXPORT_ENABLED", "false");
        env.put("BRIDGE_IMPORT_ATTACHMENTS", "copy");
        env.put("BRIDGE_DATA_DIR", dir.resolve("data").toString());
        env.put("BRIDGE_MANAGEMENT_PORT", String.valueOf(BridgeProcess.freePort()));
        env.put("BRIDGE_IMPORT_MAX_IN_FLIGHT", String.valueOf(IN_FLIGHT));
        env.put("BRIDGE_ATTACHMENTS_MAX_IN_FLIGHT", String.valueOf(COPIES_AHEAD));
        env.put("BRIDGE_TOKEN_MIN_INTERVAL_SECONDS", "1");
        return env;
    }

    /** MESSAGES images over 1:1 and group conversations, each file used by three messages. */
    private void dropFile() throws Exception {
        List<String> lines = new ArrayList<>();
        long base = System.currentTimeMillis() - 3_600_000L;
        for (int i = 0; i < MESSAGES; i++) {
            boolean group = i % 3 == 0;
            SandboxChatfiles.StoredFile f = files.get(i % FILES);
            String body = "{\"type\":\"img\",\"url\":\"https://a1.easemob.com/as-org/as-src/chatfiles/" + f.uuid()
                    + "\",\"secret\":\"" + (f.secret() == null ? "" : f.secret()) + "\",\"filename\":\""
                    + f.filename() + "\",\"file_length\":" + f.bytes() + "}";
            lines.add("{\"chat_type\":\"" + (group ? "groupchat" : "chat") + "\",\"msg_id\":\"a" + i
                    + "\",\"timestamp\":" + (base + i * 3L) + ",\"from\":\"u" + (i % 13) + "\",\"to\":\""
                    + (group ? "g" + (i % 5) : "v" + (i % 11)) + "\",\"payload\":{\"bodies\":[" + body
                    + "],\"ext\":{\"src\":\"a" + i + "\"}}}");
        }
        Collections.shuffle(lines, new Random(5));
        Path inbox = Files.createDirectories(dir.resolve("data/inbox"));
        Path tmp = inbox.resolve(".media.part");
        Files.write(tmp, lines);
        Files.move(tmp, inbox.resolve("media.ndjson"));
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        fail("timed out waiting for " + what);
    }

    @Test
    void killedWhileCopyingThenRestartedUploadsEachFileOnceAndImportsEveryMessage() throws Exception {
        dropFile();
        int uploadsAtKill;
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve("first.log"), env())) {
            await(() -> target.chatfiles().uploads() >= 60, Duration.ofSeconds(90), "60 uploads\n" + bridge.output());
            bridge.kill(); // kill -9: no shutdown hook, nothing flushed
            uploadsAtKill = target.chatfiles().uploads();
        }
        assertTrue(uploadsAtKill < FILES, "the copies were not finished before the kill: " + uploadsAtKill);
        assertTrue(Files.exists(dir.resolve("data/inbox/media.ndjson")), "the unfinished file stays in the inbox");

        Path report = dir.resolve("data/reports/media.json");
        try (BridgeProcess bridge = BridgeProcess.start(dir.resolve("second.log"), env())) {
            await(() -> Files.exists(report), Duration.ofSeconds(120), "the report after the restart\n" + bridge.output());
            bridge.terminate(Duration.ofSeconds(30));
        }

        Map<String, Integer> accepted = new HashMap<>();
        for (AcceptedImport i : target.imports()) {
            String src = JSON.readTree(i.ext()).path("src").asText();
            accepted.merge(src, 1, Integer::sum);
            JsonNode body = JSON.readTree(i.body());
            SandboxChatfiles.StoredFile original = files.get(Integer.parseInt(src.substring(1)) % FILES);
            String prefix = target.chatfiles().url("");
            String url = body.path("url").asText();
            assertTrue(url.startsWith(prefix), src + " points at a copy in the target app: " + url);
            SandboxChatfiles.StoredFile copy = target.chatfiles().file(url.substring(prefix.length()));
            assertNotNull(copy, "the target holds the copy of " + src);
            assertArrayEquals(original.read(), copy.read(), "the copy of " + src + " has the source's bytes");
        }
        assertEquals(MESSAGES, accepted.size(), "every message imported");
        int duplicates = accepted.values().stream().mapToInt(n -> n - 1).sum();
        assertTrue(duplicates <= MESSAGES_IN_FLIGHT, "duplicates " + duplicates + " > messages in flight");
        int extraUploads = 0;
        for (SandboxChatfiles.StoredFile f : files) {
            int n = target.chatfiles().uploads(f.filename());
            assertTrue(n >= 1, f.filename() + " uploaded");
            extraUploads += n - 1;
        }
        assertTrue(extraUploads <= COPIES_IN_FLIGHT, "uploaded again: " + extraUploads + " > copies in flight");
        try (var left = Files.list(dir.resolve("data/tmp-attachments"))) {
            assertEquals(0, left.count(), "no temp file left");
        }
        System.out.printf("kill -9 after %d of %d uploads; after restart: %d uploads (%d again), %d imports,"
                + " %d duplicates%n", uploadsAtKill, FILES, target.chatfiles().uploads(), extraUploads,
                target.imports().size(), duplicates);
    }
}
