package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorAndSeederTest extends SandboxTestSupport {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static List<String> lines(Path gz) throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz), 1 << 16), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                out.add(l);
            }
        }
        return out;
    }

    static String kind(JsonNode rec) {
        JsonNode b = rec.get("payload").get("bodies").get(0);
        String type = b.get("type").asText();
        if (type.equals("custom")) {
            return b.has("v2:customExts") ? "custom-v2" : "custom-legacy";
        }
        return type;
    }

    @Test
    void generatesTwoHundredThousandParseableRecordsQuickly() throws Exception {
        long t0 = System.nanoTime();
        Path f = app.generateHistory("2024031508", ZoneId.of("UTC"), 200_000, 42);
        long genMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(genMs < 15_000, "generation took " + genMs + " ms");
        long start = LocalDateTime.of(2024, 3, 15, 8, 0).atZone(ZoneId.of("UTC")).toInstant().toEpochMilli();
        int count = 0;
        int outOfOrder = 0;
        long prev = 0;
        Set<String> ids = new HashSet<>();
        int dups = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(f), 1 << 16), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                assertTrue(l.startsWith("{\"chat_type\":"), l);
                JsonNode n = M.readTree(l);
                long ts = n.get("timestamp").asLong();
                assertTrue(ts >= start && ts < start + 3_600_000, "timestamp outside the hour: " + l);
                assertEquals("outgoing", n.get("direction").asText());
                assertEquals(n.get("to").asText(), n.get("payload").get("to").asText());
                if (!ids.add(n.get("msg_id").asText())) {
                    dups++;
                }
                outOfOrder += ts < prev ? 1 : 0;
                prev = ts;
                count++;
            }
        }
        assertEquals(200_000, count);
        assertEquals(200, dups, "one duplicate per 1000 lines");
        assertTrue(outOfOrder > 0, "file order is not guaranteed chronological");
    }

    @Test
    void generatorIsDeterministicPerSeed() throws Exception {
        byte[] a = Files.readAllBytes(app.generateHistory("2024031508", SHANGHAI, 500, 1));
        byte[] b = Files.readAllBytes(app.generateHistory("2024031508", SHANGHAI, 500, 1));
        assertArrayEquals(a, b);
    }

    @Test
    void seedDemoStoresTheFilesItsMediaRecordsNameWithTheirSecretsSomeExpired() throws Exception {
        Instant now = LocalDateTime.of(2024, 3, 15, 10, 30).atZone(SHANGHAI).toInstant();
        List<String> hours = SandboxSeeder.seedDemo(sb, app, SHANGHAI, now, 3);
        int named = 0;
        int expired = 0;
        for (String hour : hours) {
            for (String l : lines(app.historyFile(hour))) {
                JsonNode b = M.readTree(l).get("payload").get("bodies").get(0);
                String url = b.path("url").asText("");
                if (!url.contains("/chatfiles/")) {
                    continue;
                }
                named++;
                String uuid = url.substring(url.lastIndexOf('/') + 1);
                SandboxChatfiles.StoredFile f = app.chatfiles().file(uuid);
                assertTrue(f != null, "stored: " + url);
                assertEquals(b.path("secret").asText(""), f.secret() == null ? "" : f.secret(), "its share-secret");
                assertTrue(f.bytes() >= 1024 && f.bytes() <= 32 * 1024, "a small real file: " + f.bytes());
                if (Math.floorMod(uuid.hashCode(), 10) == 0) {
                    expired++;
                }
            }
        }
        assertTrue(named >= 20, "media in the demo: " + named);
        assertTrue(app.chatfiles().files().size() >= named, "thumbs too");
        System.out.println("demo media: " + named + " files named, " + expired + " expired");
    }

    @Test
    void seedDemoFillsDueHoursWithEveryShape() throws Exception {
        Instant now = LocalDateTime.of(2024, 3, 15, 10, 30).atZone(SHANGHAI).toInstant();
        List<String> hours = SandboxSeeder.seedDemo(sb, app, SHANGHAI, now, 3);
        assertEquals(List.of("2024031506", "2024031507", "2024031508"), hours);
        for (String hour : hours) {
            Path f = app.historyFile(hour);
            long start = LocalDateTime.parse(hour + "00", java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmm"))
                    .atZone(SHANGHAI).toInstant().toEpochMilli();
            List<String> lines = lines(f);
            assertTrue(lines.size() >= 24 && lines.size() <= 60, "a few dozen records: " + lines.size());
            Set<String> kinds = new HashSet<>();
            Set<String> chatTypes = new HashSet<>();
            Set<String> ids = new HashSet<>();
            Set<String> distinctLines = new HashSet<>(lines);
            boolean extWithData = false;
            boolean numericLoc = true;
            for (String l : lines) {
                JsonNode n = M.readTree(l);
                kinds.add(kind(n));
                chatTypes.add(n.get("chat_type").asText());
                ids.add(n.get("msg_id").asText());
                long ts = n.get("timestamp").asLong();
                assertTrue(ts >= start && ts < start + 3_600_000, hour + ": " + l);
                JsonNode ext = n.get("payload").get("ext");
                extWithData |= ext != null && !ext.isEmpty();
                JsonNode b = n.get("payload").get("bodies").get(0);
                if (b.get("type").asText().equals("loc")) {
                    numericLoc &= b.get("lat").isNumber() && b.get("lng").isNumber();
                }
                if (kind(n).equals("custom-legacy")) {
                    assertTrue(b.get("customExts").isArray());
                }
                if (kind(n).equals("custom-v2")) {
                    assertTrue(b.get("v2:customExts").isObject());
                }
            }
            assertEquals(Set.of("txt", "img", "audio", "video", "file", "loc", "cmd", "custom-legacy", "custom-v2"), kinds);
            assertEquals(Set.of("chat", "groupchat", "chatroom"), chatTypes);
            assertEquals(lines.size() - 1, ids.size(), "exactly one duplicated record");
            assertEquals(lines.size() - 1, distinctLines.size(), "the duplicate is byte-identical");
            assertTrue(extWithData);
            assertTrue(numericLoc);
        }
        String t = token();
        // 09:00 finished at 10:00 but is not settled an hour yet, 10:00 is running: both not generated yet
        assertError(get("/" + ORG + "/" + APP + "/chatmessages/2024031509", t), 400, "illegal_argument", "unstored");
        assertError(get("/" + ORG + "/" + APP + "/chatmessages/2024031510", t), 400, "illegal_argument", "unstored");
        assertEquals(404, get("/" + ORG + "/" + APP + "/chatmessages/2024031505", t).statusCode());
        assertFalse(hours.contains("2024031509"));
    }
}
