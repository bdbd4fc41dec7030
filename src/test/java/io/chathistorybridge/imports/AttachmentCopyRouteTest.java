package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.LogCapture;
import io.chathistorybridge.sandbox.AcceptedImport;
import io.chathistorybridge.sandbox.SandboxChatfiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bridge.import.attachments=copy against the sandbox: the source app's files are downloaded and uploaded into the
 * target app, once each, and the imported bodies point at the copies.
 */
class AttachmentCopyRouteTest extends AttachmentRouteTestSupport {

    final SandboxChatfiles sourceFiles = source.chatfiles();
    final SandboxChatfiles targetFiles = target.chatfiles();
    private final List<String> secrets = new ArrayList<>();
    private LogCapture log;

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("bridge.attachments.archive-dir", dataDir.resolve("kept").toString());
        return p;
    }

    /** Every log line of the test, to look for share-secrets. */
    @BeforeEach
    void captureLog() {
        log = LogCapture.start();
    }

    @AfterEach
    void restoreLog() {
        if (log != null) {
            log.close();
        }
    }

    SandboxChatfiles.StoredFile put(int size, String filename, boolean restricted, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        SandboxChatfiles.StoredFile f = sourceFiles.put(b, filename, restricted);
        if (f.secret() != null) {
            secrets.add(f.secret());
        }
        return f;
    }

    /** The body as a history record has it: a1.easemob.com, as real records do; only the path counts. */
    static String onRealHost(SandboxChatfiles.StoredFile f) {
        return "https://a1.easemob.com/src-org/src-app/chatfiles/" + f.uuid();
    }

    static String secretOf(SandboxChatfiles.StoredFile f) {
        return f.secret() == null ? "" : f.secret();
    }

    String media(String id, long ts, String body) {
        return history("chat", "alice", "bob", ts, id, body);
    }

    Map<String, JsonNode> importedBodies() throws Exception {
        Map<String, JsonNode> bodies = new HashMap<>();
        for (AcceptedImport i : target.imports()) {
            bodies.put(JSON.readTree(i.ext()).path("src").asText(), JSON.readTree(i.body()));
        }
        return bodies;
    }

    /** The copy a body's field points at holds the source's bytes, and its secret opens it. */
    void assertCopied(JsonNode body, String urlField, String secretField, SandboxChatfiles.StoredFile original,
                      String query) {
        String url = body.path(urlField).asText();
        String prefix = targetFiles.url("");
        assertTrue(url.startsWith(prefix), urlField + " points at the target: " + url);
        String uuid = url.substring(prefix.length(), url.length() - query.length());
        assertEquals(query, url.substring(url.length() - query.length()));
        SandboxChatfiles.StoredFile copy = targetFiles.file(uuid);
        assertNotNull(copy, "the target holds " + uuid);
        assertArrayEquals(original.read(), copy.read(), "the copy's bytes are the source's");
        if (original.secret() == null) {
            assertNull(copy.secret(), "no secret at the source: uploaded without restrict-access");
        } else {
            assertEquals(copy.secret(), body.path(secretField).asText(), "the body carries the copy's secret");
            secrets.add(copy.secret());
        }
    }

    void assertNoSecretLeaked() throws Exception {
        List<Path> reports = new ArrayList<>();
        try (var s = Files.walk(dataDir.resolve("reports"))) {
            s.filter(Files::isRegularFile).forEach(reports::add);
        }
        String text = log.text();
        for (Path r : reports) {
            text += Files.readString(r);
        }
        for (String secret : secrets) {
            assertFalse(text.contains(secret), "a share-secret in the log or a report");
        }
    }

    @Test
    void everyMediaTypeThumbAndCombinedMessageIsCopiedOnceWithItsBytes() throws Exception {
        SandboxChatfiles.StoredFile img = put(20_000, "p.jpg", false, 1);
        SandboxChatfiles.StoredFile audio = put(3_000, "v.amr", true, 2);
        SandboxChatfiles.StoredFile video = put(900_000, "m.mp4", true, 3);
        SandboxChatfiles.StoredFile thumb = put(5_000, "t.jpg", true, 4);
        SandboxChatfiles.StoredFile file = put(40_000, "a.pdf", true, 5);
        SandboxChatfiles.StoredFile combined = put(700, "combine", true, 6);
        SandboxChatfiles.StoredFile framed = put(50_000, "f.mp4", false, 7);
        SandboxChatfiles.StoredFile otherApp = target.chatfiles().put(new byte[10], "x.jpg", false);
        long t = BASE;
        List<String> lines = List.of(
                media("m-img", t++, "{\"type\":\"img\",\"url\":\"" + onRealHost(img) + "\",\"filename\":\"p.jpg\","
                        + "\"secret\":\"\",\"size\":{\"width\":10,\"height\":20},\"file_length\":20000}"),
                media("m-audio", t++, "{\"type\":\"audio\",\"url\":\"" + onRealHost(audio).replace("a1.", "a1-hsb.")
                        + "\",\"filename\":\"v.amr\",\"secret\":\"" + secretOf(audio) + "\",\"length\":3,\"file_length\":3000}"),
                media("m-video", t++, "{\"type\":\"video\",\"url\":\"" + onRealHost(video) + "\",\"filename\":\"m.mp4\","
                        + "\"secret\":\"" + secretOf(video) + "\",\"thumb\":\"" + onRealHost(thumb) + "\",\"thumb_secret\":\""
                        + secretOf(thumb) + "\",\"length\":9,\"file_length\":900000,\"size\":{\"width\":1,\"height\":1}}"),
                media("m-file", t++, "{\"type\":\"file\",\"url\":\"" + onRealHost(file) + "\",\"filename\":\"a.pdf\","
                        + "\"secret\":\"" + secretOf(file) + "\",\"file_length\":40000}"),
                media("m-combined", t++, "{\"type\":\"txt\",\"subType\":\"sub_combine\",\"msg\":\"[Chat History]\","
                        + "\"url\":\"" + onRealHost(combined) + "\",\"secret\":\"" + secretOf(combined) + "\","
                        + "\"title\":\"Chat History\",\"summary\":\"a: hi\",\"combineLevel\":1,\"filename\":\"combine\"}"),
                media("m-vframe", t++, "{\"type\":\"video\",\"url\":\"" + onRealHost(framed) + "\",\"filename\":\"f.mp4\","
                        + "\"thumb\":\"" + onRealHost(framed) + "?vframe=true\",\"length\":1}"),
                // the same file in a second message: not uploaded again
                media("m-img-again", t++, "{\"type\":\"img\",\"url\":\"" + onRealHost(img) + "\",\"filename\":\"p.jpg\"}"),
                media("m-external", t++, "{\"type\":\"img\",\"url\":\"https://cdn.example.com/src-org/pic.jpg\","
                        + "\"filename\":\"pic.jpg\"}"),
                media("m-other-app", t++, "{\"type\":\"img\",\"url\":\"" + otherApp.path().toString().isEmpty() + "\"}")
                        .replace("\"false\"", "\"" + target.chatfiles().url(otherApp.uuid()) + "\""),
                text("chat", "alice", "bob", t++, "m-text"));
        drop("media.ndjson", lines);
        JsonNode report = awaitReport("media", Duration.ofSeconds(60));
        assertEquals(10, report.get("imported").asInt(), report.toString());
        assertEquals(7, report.get("attachmentsCopied").asInt(), report.toString());
        assertEquals(2, report.get("attachmentsReused").asInt(), "the second img and the vframe thumb: " + report);
        assertEquals(0, report.get("attachmentsMissing").asInt(), report.toString());

        Map<String, JsonNode> bodies = importedBodies();
        assertCopied(bodies.get("m-img"), "url", "secret", img, "");
        assertEquals("", bodies.get("m-img").path("secret").asText(), "an empty secret stays empty");
        assertEquals(20, bodies.get("m-img").path("size").path("height").asInt(), "other fields unchanged");
        assertCopied(bodies.get("m-audio"), "url", "secret", audio, "");
        assertEquals(3, bodies.get("m-audio").path("length").asInt());
        assertCopied(bodies.get("m-video"), "url", "secret", video, "");
        assertCopied(bodies.get("m-video"), "thumb", "thumb_secret", thumb, "");
        assertCopied(bodies.get("m-file"), "url", "secret", file, "");
        assertEquals("a.pdf", bodies.get("m-file").path("filename").asText());
        assertCopied(bodies.get("m-combined"), "url", "secret", combined, "");
        assertEquals("sub_combine", bodies.get("m-combined").path("subType").asText());
        assertEquals("a: hi", bodies.get("m-combined").path("summary").asText());
        assertCopied(bodies.get("m-vframe"), "url", "secret", framed, "");
        assertCopied(bodies.get("m-vframe"), "thumb", "thumb_secret", framed, "?vframe=true");
        assertEquals(bodies.get("m-img").path("url"), bodies.get("m-img-again").path("url"), "one copy for both");
        assertEquals("https://cdn.example.com/src-org/pic.jpg", bodies.get("m-external").path("url").asText());
        assertEquals(target.chatfiles().url(otherApp.uuid()), bodies.get("m-other-app").path("url").asText());
        assertEquals(0, targetFiles.downloads(otherApp.uuid()), "another app's file is never fetched");

        assertEquals(1, targetFiles.uploads("p.jpg"), "a shared uuid is uploaded once");
        assertEquals(7, targetFiles.uploads(), "each distinct source file once");
        assertEquals(1, target.tokenRequests(), "the uploads and the imports share the target app's one token");
        assertEquals(1, source.tokenRequests(), "the downloads share the source app's one token");
        assertEquals(1, sourceFiles.downloads(img.uuid()));
        assertEquals(1, sourceFiles.downloads(framed.uuid()), "the vframe thumb is the video's own file");
        assertFalse(target.imports().stream().anyMatch(AcceptedImport::needDownload), "copy sends need_download=false");
        // bridge.attachments.archive-dir: each downloaded file kept once, its manifest line with its sha256
        Path kept = dataDir.resolve("kept").resolve("src-org#src-app");
        List<String> manifest = Files.readAllLines(kept.resolve("manifest.csv"));
        assertEquals("uuid,filename,bytes,sha256,first_msg_id", manifest.get(0));
        assertEquals(8, manifest.size(), "one line per distinct file: " + manifest);
        for (SandboxChatfiles.StoredFile f : List.of(img, audio, video, thumb, file, combined, framed)) {
            assertArrayEquals(f.read(), Files.readAllBytes(kept.resolve(f.uuid())), "the archive keeps " + f.filename());
            String sha = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(f.read()));
            assertTrue(manifest.stream().anyMatch(l -> l.startsWith(f.uuid() + ",") && l.contains("," + f.bytes()
                    + "," + sha + ",")), "the manifest line of " + f.filename() + ": " + manifest);
        }
        assertTrue(manifest.stream().anyMatch(l -> l.startsWith(img.uuid() + ",p.jpg,") && l.endsWith(",m-img")),
                "the first message that had it: " + manifest);
        io.micrometer.core.instrument.MeterRegistry meters = context.getRegistry()
                .findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
        assertEquals(7.0, meters.find("bridge_attachments").tag("outcome", "copied").functionCounter().count());
        assertEquals(2.0, meters.find("bridge_attachments").tag("outcome", "reused").functionCounter().count());
        assertEquals(report.get("attachmentBytesCopied").asDouble(),
                meters.find("bridge_attachment_bytes_copied").functionCounter().count());
        assertEquals(7.0, meters.find("bridge_paced_calls").tag("pacer", "chatfiles-upload").functionCounter().count(),
                "upload calls");
        try (var left = Files.list(dataDir.resolve("tmp-attachments"))) {
            assertEquals(0, left.count(), "every temp file deleted");
        }

        // a later file with new messages and the same files: the store knows the copies
        drop("later.ndjson", List.of(
                media("n-img", BASE + 100, "{\"type\":\"img\",\"url\":\"" + onRealHost(img) + "\",\"filename\":\"p.jpg\"}"),
                media("n-video", BASE + 101, "{\"type\":\"video\",\"url\":\"" + onRealHost(video) + "\",\"secret\":\""
                        + secretOf(video) + "\",\"thumb\":\"" + onRealHost(thumb) + "\",\"thumb_secret\":\""
                        + secretOf(thumb) + "\"}")));
        JsonNode later = awaitReport("later", Duration.ofSeconds(30));
        assertEquals(2, later.get("imported").asInt(), later.toString());
        assertEquals(3, later.get("attachmentsReused").asInt(), later.toString());
        assertEquals(7, targetFiles.uploads(), "nothing uploaded again");
        assertEquals(1, sourceFiles.downloads(video.uuid()), "nor downloaded again");
        assertEquals(bodies.get("m-video").path("thumb"), importedBodies().get("n-video").path("thumb"));
        assertNoSecretLeaked();
    }

    @Test
    void aFileGoneOrTooBigKeepsItsUrlAndIsListed() throws Exception {
        SandboxChatfiles.StoredFile expired = put(100, "old.jpg", true, 11);
        sourceFiles.expire(expired.uuid());
        SandboxChatfiles.StoredFile big = put((int) SandboxChatfiles.MAX_BYTES + 10, "big.mp4", false, 12);
        String unknown = "https://a1.easemob.com/src-org/src-app/chatfiles/no-such-file";
        drop("gone.ndjson", List.of(
                media("g-expired", BASE, "{\"type\":\"img\",\"url\":\"" + onRealHost(expired) + "\",\"secret\":\""
                        + secretOf(expired) + "\",\"filename\":\"old.jpg\"}"),
                media("g-big", BASE + 1, "{\"type\":\"file\",\"url\":\"" + onRealHost(big) + "\",\"filename\":\"big.mp4\"}"),
                media("g-unknown", BASE + 2, "{\"type\":\"audio\",\"url\":\"" + unknown + "\",\"length\":1}")));
        JsonNode report = awaitReport("gone", Duration.ofSeconds(60));
        assertEquals(3, report.get("imported").asInt(), "the messages are not lost: " + report);
        assertEquals(3, report.get("attachmentsMissing").asInt(), report.toString());
        assertEquals(0, report.get("attachmentsCopied").asInt(), report.toString());
        Map<String, JsonNode> bodies = importedBodies();
        assertEquals(onRealHost(expired), bodies.get("g-expired").path("url").asText(), "the original url");
        assertEquals(secretOf(expired), bodies.get("g-expired").path("secret").asText(), "and secret");
        assertEquals(onRealHost(big), bodies.get("g-big").path("url").asText());
        assertEquals(1, sourceFiles.downloads(expired.uuid()), "a 404 is not retried");
        assertEquals(1, sourceFiles.downloads(big.uuid()), "a 413 is not retried");

        List<String> csv = Files.readAllLines(dataDir.resolve("reports").resolve("gone.attachments-missing.csv"));
        assertEquals("msg_id,url,reason", csv.get(0));
        assertEquals(4, csv.size(), csv.toString());
        assertTrue(csv.contains("g-expired," + onRealHost(expired) + ",download 404 file_expired: file "
                + expired.uuid() + " is expired"), csv.toString());
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("g-big," + onRealHost(big) + ",upload 413")), csv.toString());
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("g-unknown," + unknown + ",download 404 entity_not_found")),
                csv.toString());
        assertNoSecretLeaked();
    }

    @Test
    void filesAreCopiedAheadWhileTheirConversationsEarlierMessagesArePosted() throws Exception {
        List<SandboxChatfiles.StoredFile> files = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        lines.add(text("chat", "alice", "bob", BASE, "a-text"));
        for (int i = 0; i < 6; i++) {
            SandboxChatfiles.StoredFile f = put(2_000 + i, "p" + i + ".jpg", i % 2 == 0, 40 + i);
            files.add(f);
            lines.add(media("a-img" + i, BASE + 1 + i, "{\"type\":\"img\",\"url\":\"" + onRealHost(f)
                    + "\",\"secret\":\"" + secretOf(f) + "\",\"filename\":\"p" + i + ".jpg\"}"));
        }
        // every call takes 300 ms: copying each file when its message's turn comes would put a download and an
        // upload between every two imports of the conversation
        sandbox.faults().latency(Duration.ofMillis(300));
        drop("ahead.ndjson", lines);
        await(() -> target.imports().stream().anyMatch(i -> i.type().equals("img")), Duration.ofSeconds(30),
                () -> "the first image imported");
        for (SandboxChatfiles.StoredFile f : files) {
            assertEquals(1, sourceFiles.downloads(f.uuid()),
                    "when the conversation's first image is imported, the last one's file is on its way too");
        }
        JsonNode report = awaitReport("ahead", Duration.ofSeconds(60));
        sandbox.faults().latency(Duration.ZERO);
        assertEquals(7, report.get("imported").asInt(), report.toString());
        assertEquals(6, report.get("attachmentsCopied").asInt(), report.toString());
        assertEquals(6, targetFiles.uploads(), "each file uploaded once");
        Map<String, JsonNode> bodies = importedBodies();
        for (int i = 0; i < 6; i++) {
            assertCopied(bodies.get("a-img" + i), "url", "secret", files.get(i), "");
        }
        List<Long> order = target.imports().stream().map(AcceptedImport::msgTimestamp).toList();
        assertEquals(order.stream().sorted().toList(), order, "the conversation's messages in their order");
        assertNoSecretLeaked();
    }

    @Test
    void downloadsThatKeepFailingPauseTheFileUntilTheyWork() throws Exception {
        SandboxChatfiles.StoredFile img = put(1000, "p.jpg", true, 21);
        sourceFiles.ratePerSecond(0); // every download answers 429
        drop("busy.ndjson", List.of(
                text("chat", "carol", "dave", BASE, "b-text"),
                media("b-img", BASE + 1, "{\"type\":\"img\",\"url\":\"" + onRealHost(img) + "\",\"secret\":\""
                        + secretOf(img) + "\"}")));
        await(() -> sourceFiles.downloads(img.uuid()) >= 10, Duration.ofSeconds(30), () -> "retried 10 times");
        Thread.sleep(500);
        assertFalse(Files.exists(report("busy")), "paused: no report yet");
        assertTrue(target.imports().stream().noneMatch(i -> i.type().equals("img")), "the message waits");
        sourceFiles.ratePerSecond(100);
        JsonNode report = awaitReport("busy", Duration.ofSeconds(60));
        assertEquals(1, report.get("attachmentsCopied").asInt(), report.toString());
        assertCopied(importedBodies().get("b-img"), "url", "secret", img, "");
        assertEquals(2, target.imports().size(), "each message imported once");
        assertNoSecretLeaked();
    }
}
