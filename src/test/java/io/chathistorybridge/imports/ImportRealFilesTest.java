package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.ops.BridgeMetrics;
import io.chathistorybridge.sandbox.AcceptedImport;
import org.junit.jupiter.api.Test;

/**
 * Files shaped as the API and users deliver them (src/test/resources/import-fixtures, built from the documented
 * record shapes): recognised by content whatever their name, every line accounted for.
 */
class ImportRealFilesTest extends ImportRouteTestSupport {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ImportRealFilesTest.class.getResourceAsStream("/import-fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    /** Written under an in-progress name, then renamed: the way a download or a copy lands. */
    private Path dropBytes(String name, byte[] content) throws IOException {
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        Path tmp = Files.write(inbox.resolve(name + ".part"), content);
        return Files.move(tmp, inbox.resolve(name));
    }

    private List<String> inbox() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("inbox"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".camelLock")).sorted().toList();
        }
    }

    private ImportRuns runs() {
        return context.getRegistry().findSingleByType(ImportRuns.class);
    }

    @Test
    void aDropOfEveryNameTheApiAndUsersGiveImportsAllSixAndLeavesFilesBeingWrittenAlone() throws Exception {
        List<String> shapes = new String(fixture("six-shapes.ndjson"), StandardCharsets.UTF_8).lines().toList();
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        List<String> inProgress = List.of(".2024061009.ndjson", "2024061009.ndjson.part", "2024061009.gz.crdownload",
                "2024061009.tmp", "2024061009.ndjson~", "2024061009.partial", "2024061009.filepart", "h.PART");
        for (String name : inProgress) {
            Files.writeString(inbox.resolve(name), shapes.get(0) + "\n");
        }
        String[] names = {"2024061000.gz", "2024061001.ndjson.gz", "2024061002.ndjson", "2024061003.json",
                "2024061004.jsonl", "notes.txt"};
        for (int i = 0; i < names.length; i++) {
            byte[] text = (shapes.get(i) + "\n").getBytes(StandardCharsets.UTF_8);
            dropBytes(names[i], names[i].endsWith(".gz") ? gzip(text) : text);
        }
        for (String base : new String[] {"2024061000", "2024061001", "2024061002", "2024061003", "2024061004", "notes"}) {
            JsonNode report = awaitReport(base, Duration.ofSeconds(60));
            assertEquals(1, report.get("lines").asInt(), report.toString());
            assertEquals(1, report.get("imported").asInt(), report.toString());
        }
        assertEquals(6, target.imports().size());
        assertEquals(inProgress.stream().sorted().toList(), inbox(), "files still being written are left alone");

        Map<String, AcceptedImport> byMsg = new HashMap<>();
        target.imports().forEach(i -> byMsg.put(i.type() + ":" + i.from() + ":" + i.target(), i));
        // the combined message: a txt with every body field kept
        AcceptedImport combined = byMsg.get("txt:alice:group1");
        JsonNode body = JSON.readTree(combined.body());
        for (String field : new String[] {"subType", "msg", "url", "secret", "title", "summary", "combineLevel",
                "file_length", "filename"}) {
            assertTrue(body.has(field), field + " kept: " + body);
        }
        assertEquals("sub_combine", body.get("subType").asText());
        // a secret that is "" is kept as it is; the string timestamp was used
        assertEquals("", JSON.readTree(byMsg.get("img:alice:bob").body()).get("secret").asText());
        assertEquals(1718000000101L, byMsg.get("img:alice:bob").msgTimestamp());
        assertEquals(JSON.readTree("{\"a\":null,\"b\":{\"c\":[null]}}"), JSON.readTree(byMsg.get("file:alice:bob").ext()));
    }

    @Test
    void hourFilesImportInTimeOrderWhateverTheirExtension() throws Exception {
        context.getRouteController().stopRoute("import-files");
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        long hour = 3_600_000L;
        long t0 = 1_718_000_000_000L;
        Files.writeString(inbox.resolve("2024061002.ndjson"), text("chat", "a", "b", t0 + 2 * hour, "h2") + "\n");
        Files.write(inbox.resolve("2024061001.gz"), gzip((text("chat", "a", "b", t0 + hour, "h1") + "\n").getBytes()));
        Files.writeString(inbox.resolve("2024061000.ndjson"), text("chat", "a", "b", t0, "h0") + "\n");
        context.getRouteController().startRoute("import-files");
        for (String base : new String[] {"2024061000", "2024061001", "2024061002"}) {
            assertEquals(1, awaitReport(base, Duration.ofSeconds(60)).get("imported").asInt(), base);
        }
        // one conversation: an hour taken out of order would be refused as "not later" by the API
        assertEquals(List.of("h0", "h1", "h2"), target.imports().stream()
                .map(i -> msg(i)).toList());
        assertEquals(0, target.orderViolations());
    }

    @Test
    void aPhotoAndAFileNamedGzThatIsNotGzipAreSetAsideWithAReasonAndTheNextFilesGoOn() throws Exception {
        context.getRouteController().stopRoute("import-files");
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1};
        Files.write(inbox.resolve("2024061000.gz"), (text("chat", "a", "b", BASE + 1, "plain") + "\n").getBytes());
        Files.writeString(inbox.resolve("2024061001.ndjson"), text("chat", "a", "b", BASE + 2, "next1") + "\n");
        Files.write(inbox.resolve("photo.jpg"), jpeg);
        Files.writeString(inbox.resolve("zz.ndjson"), text("chat", "a", "b", BASE + 3, "next2") + "\n");
        context.getRouteController().startRoute("import-files");
        awaitReport("2024061001", Duration.ofSeconds(60));
        awaitReport("zz", Duration.ofSeconds(60));
        await(() -> Files.exists(dataDir.resolve("failed/photo.jpg")), Duration.ofSeconds(10), () -> "photo.jpg");

        String gz = Files.readString(dataDir.resolve("failed/2024061000.gz.reason.txt"));
        assertTrue(gz.contains("named .gz but not gzip"), gz);
        String photo = Files.readString(dataDir.resolve("failed/photo.jpg.reason.txt"));
        assertTrue(photo.startsWith("photo.jpg: not a text file (a JPEG image)"), photo);
        assertTrue(photo.contains("accepted: gzip (recognised by content, any name) or plain text"), photo);
        assertArrayEquals(jpeg, Files.readAllBytes(dataDir.resolve("failed/photo.jpg")), "moved as it was");
        assertTrue(Files.exists(dataDir.resolve("failed/2024061000.gz")));
        assertEquals(List.of(), inbox(), "nothing stays in the inbox unexplained");
        assertEquals(2, target.imports().size());

        assertEquals(2L, runs().status().get("filesSetAside"));
        assertEquals(2.0, metric("bridge_import_files_set_aside", null));
        assertFalse(runs().status().containsKey("inProgress"), "a file set aside is not shown as in progress");
    }

    private double metric(String name, String outcome) {
        var search = context.getRegistry().findSingleByType(BridgeMetrics.class).registry().find(name);
        if (outcome != null) {
            search = search.tag("outcome", outcome);
        }
        return search.functionCounter().count();
    }

    /** Lines of the mixed fixture, without their line ends (CRLF or LF). */
    private static List<byte[]> fixtureLines(byte[] all) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                int end = i > start && all[i - 1] == '\r' ? i - 1 : i;
                if (i < all.length || end > start) {
                    lines.add(Arrays.copyOfRange(all, start, end));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    @Test
    void aMixedFileImportsTheGoodLinesUnderThePayloadsSenderAndAccountsForEveryOtherLine() throws Exception {
        byte[] mixed = fixture("mixed.ndjson");
        List<byte[]> lines = fixtureLines(mixed);
        assertEquals(13, lines.size());
        dropBytes("mixed.ndjson", mixed);
        JsonNode report = awaitReport("mixed", Duration.ofSeconds(60));

        assertEquals(13, report.get("lines").asInt(), report.toString());
        assertEquals(4, report.get("imported").asInt() + report.get("importedWithoutAnswer").asInt(), report.toString());
        assertEquals(3, report.get("invalid").asInt(), report.toString());
        assertEquals(4, report.get("unsupported").asInt(), report.toString());
        assertEquals(2, report.get("blank").asInt(), report.toString());
        assertEquals(0, report.get("failed").asInt(), report.toString());

        // what the target app received: the payload's sender and recipient, the text unchanged
        Map<String, AcceptedImport> byText = new HashMap<>();
        target.imports().forEach(i -> byText.put(msg(i), i));
        assertEquals(4, byText.size(), byText.keySet().toString());
        assertSent(byText.get("sent by alice"), "users", "alice", "bob");
        assertSent(byText.get("to the group"), "chatgroups", "carol", "group1");
        assertSent(byText.get("nested ext"), "users", "bob", "alice");
        assertSent(byText.get("你好 ✓"), "users", "bob", "alice");
        assertEquals(JSON.readTree("{\"em_apns_ext\":{\"em_push_title\":null,\"extern\":{\"a\":[1,null,{\"b\":null}]}},"
                + "\"empty\":{}}"), JSON.readTree(byText.get("nested ext").ext()));
        assertEquals(1718000000009L, byText.get("nested ext").msgTimestamp(), "a timestamp given as a string");
        target.imports().forEach(i -> assertFalse(i.body().contains("\uFFFD"), "no replacement character: " + i.body()));

        // not UTF-8 and two bodies: dead letters, the bytes restorable
        Map<Integer, JsonNode> dead = new HashMap<>();
        deadLetters("mixed").forEach(d -> dead.put(d.at("/bridge_error/line").asInt(), d));
        assertEquals(List.of(3, 6, 13), dead.keySet().stream().sorted().toList());
        for (int line : new int[] {3, 13}) {
            assertArrayEquals(lines.get(line - 1), Base64.getDecoder().decode(dead.get(line).get("raw_line_base64").asText()),
                    "line " + line + ": its bytes as they were");
            assertTrue(dead.get(line).at("/bridge_error/error_description").asText().startsWith("not valid UTF-8 at byte "),
                    dead.get(line).toString());
        }
        int at = new String(lines.get(2), StandardCharsets.ISO_8859_1).indexOf('\u00e9');
        assertTrue(dead.get(3).at("/bridge_error/error_description").asText().startsWith("not valid UTF-8 at byte " + at
                + " of the line"), dead.get(3).toString());
        assertTrue(dead.get(6).at("/bridge_error/error_description").asText().startsWith("2 bodies"), dead.get(6).toString());
        assertEquals(2, dead.get(6).at("/payload/bodies").size(), "the record kept whole");

        // recall, edit, notify, no body: unsupported/, each as it was with the reason added
        List<String> unsupported = Files.readAllLines(dataDir.resolve("unsupported/mixed.ndjson"));
        assertEquals(4, unsupported.size());
        int[] unsupportedLines = {4, 5, 10, 11};
        for (int k = 0; k < 4; k++) {
            String original = new String(lines.get(unsupportedLines[k] - 1), StandardCharsets.UTF_8);
            String entry = unsupported.stream().filter(u -> u.startsWith(original.substring(0, original.length() - 1)))
                    .findFirst().orElseThrow(() -> new AssertionError("kept as it was: " + original));
            JsonNode note = JSON.readTree(entry).get("bridge_unsupported");
            assertEquals(unsupportedLines[k], note.get("line").asInt());
            assertFalse(note.get("reason").asText().isEmpty());
        }

        // status and metrics: lines per outcome, across finished files
        @SuppressWarnings("unchecked")
        Map<String, Object> byOutcome = (Map<String, Object>) runs().status().get("linesOfFinishedFiles");
        assertEquals(2L, byOutcome.get("blank"));
        assertEquals(4L, byOutcome.get("unsupported"));
        assertEquals(3L, byOutcome.get("invalid"));
        assertEquals(3.0, metric("bridge_import_lines", "invalid"));
        assertEquals(2.0, metric("bridge_import_lines", "blank"));
    }

    private static String msg(AcceptedImport i) {
        try {
            return JSON.readTree(i.body()).get("msg").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSent(AcceptedImport i, String endpoint, String from, String to) {
        assertEquals(endpoint, i.endpoint(), i.toString());
        assertEquals(from, i.from(), i.toString());
        assertEquals(to, i.target(), i.toString());
    }

    @Test
    void aLineThatIsNotUtf8ComesBackFromItsDeadLetterOnceFixedAndKeepsItsBytesUntilThen() throws Exception {
        byte[] bad = text("chat", "a", "b", BASE + 1, "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        dropBytes("enc.ndjson", concat(bad, "\n".getBytes()));
        awaitReport("enc", Duration.ofSeconds(60));
        JsonNode entry = deadLetters("enc").get(0);
        assertArrayEquals(bad, Base64.getDecoder().decode(entry.get("raw_line_base64").asText()));

        // dropped back unchanged: dead-lettered again, the same bytes kept
        byte[] failed = Files.readAllBytes(dataDir.resolve("failed/enc.ndjson"));
        Files.delete(dataDir.resolve("failed/enc.ndjson"));
        Files.delete(report("enc"));
        dropBytes("enc.ndjson", failed);
        JsonNode again = awaitReport("enc", Duration.ofSeconds(60));
        assertEquals(1, again.get("invalid").asInt(), again.toString());
        JsonNode entry2 = deadLetters("enc").get(0);
        assertEquals(entry.get("raw_line_base64"), entry2.get("raw_line_base64"));
        assertTrue(entry2.at("/bridge_error/error_description").asText().contains("still not valid UTF-8"), entry2.toString());

        // fixed (the bytes decoded, re-encoded as UTF-8, put back as base64): imported with the right text
        String fixedLine = new String(bad, StandardCharsets.ISO_8859_1);
        String fixed = "{\"raw_line_base64\":\"" + Base64.getEncoder().encodeToString(fixedLine.getBytes(StandardCharsets.UTF_8))
                + "\"}";
        Files.delete(dataDir.resolve("failed/enc.ndjson"));
        Files.delete(report("enc"));
        dropBytes("enc.ndjson", (fixed + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, awaitReport("enc", Duration.ofSeconds(60)).get("imported").asInt());
        assertEquals("caf\u00e9", JSON.readTree(target.imports().get(0).body()).get("msg").asText());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
