package io.chathistorybridge.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HourFileWriter, one rule a test, then all of them in one history file shaped as the API delivers it. */
class HourFileWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOUR = "2024061001";
    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    /** A record as real exports carry it: unknown top-level keys, a numeric-string timestamp, nested ext with nulls. */
    static final String GROUP_TEXT = "{\"uuid\":\"5f1e3c2a-26c4-11ef-9a1b-0242ac110002\",\"type\":\"chatmessage\","
            + "\"created\":1718002800123,\"modified\":1718002800123,\"timestamp\":\"1718002800123\","
            + "\"msg_id\":\"1265489165230360452\",\"direction\":\"outgoing\",\"to\":\"219870213488641\","
            + "\"from\":\"admin\",\"chat_type\":\"groupchat\",\"payload\":{\"ext\":{\"em_ext\":{\"level\":{\"a\":null,"
            + "\"b\":[null,{\"c\":null}]}},\"msg_id\":\"nested-not-top-level\"},\"bodies\":[{\"msg\":\"你好，世界 👋🏽\","
            + "\"type\":\"txt\"}],\"from\":\"alice\",\"to\":\"219870213488641\",\"type\":\"groupchat\"},"
            + "\"callId\":\"org#app_1265489165230360452\",\"eventType\":\"chat\",\"security\":\"e2a1\","
            + "\"host\":\"msync@ebs-ali-beijing-msync44\",\"appkey\":\"org#app\"}";
    /** Spacing, escapes and number forms a re-serialisation would change. */
    static final String ODD_SPACING = "{ \"chat_type\" : \"chat\",\"msg_id\" : \"5I02W-16-8278a\" ,"
            + "\"timestamp\":1.718002800123E12,\"payload\":{\"bodies\":[{\"msg\":\"\\u4f60\\/\\ud83d\\ude00\","
            + "\"type\":\"txt\"}],\"ext\":{}},\"secret\":\"\"}   ";

    @TempDir
    Path dir;

    private HourFileWriter writer() {
        return new HourFileWriter(dir.resolve("out"), dir.resolve("rejects"), true, JSON);
    }

    private static byte[] gzip(byte[]... parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (byte[] p : parts) {
                gz.write(p);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path history(String name, byte[]... parts) throws IOException {
        return Files.write(dir.resolve(name), gzip(parts));
    }

    private HourFileWriter.Result write(Path... raw) throws IOException {
        HourFileWriter.Result r = writer().write(HOUR, List.of(raw));
        assertEquals(r.lines(), r.records() + r.duplicates() + r.rejects() + r.blank(), "every line is accounted for");
        return r;
    }

    private byte[] output() throws IOException {
        return Files.readAllBytes(dir.resolve("out/" + HOUR + ".ndjson"));
    }

    private List<JsonNode> rejects() throws IOException {
        Path file = dir.resolve("rejects/" + HOUR + ".rejects.ndjson");
        List<JsonNode> all = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                all.add(JSON.readTree(line));
            }
        }
        return all;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    @Test
    void recordsAreWrittenByteForByte() throws IOException {
        HourFileWriter.Result r = write(history("a.gz", utf8(GROUP_TEXT + "\n" + ODD_SPACING + "\n")));
        assertArrayEquals(utf8(GROUP_TEXT + "\n" + ODD_SPACING + "\n"), output());
        assertEquals(2, r.records());
    }

    @Test
    void aBomAtTheStartIsSkippedAndNotWritten() throws IOException {
        HourFileWriter.Result r = write(history("a.gz", BOM, utf8(GROUP_TEXT + "\n")));
        assertArrayEquals(utf8(GROUP_TEXT + "\n"), output());
        assertEquals(1, r.records());
        assertEquals(0, r.rejects());
    }

    @Test
    void crlfLineEndsBecomeLfAndTheRecordKeepsItsBytes() throws IOException {
        HourFileWriter.Result r = write(history("a.gz", utf8(GROUP_TEXT + "\r\n" + ODD_SPACING + "\r\n")));
        assertArrayEquals(utf8(GROUP_TEXT + "\n" + ODD_SPACING + "\n"), output());
        assertEquals(2, r.records());
    }

    @Test
    void blankLinesAreCountedNotWritten() throws IOException {
        HourFileWriter.Result r = write(history("a.gz", utf8("\n" + GROUP_TEXT + "\n  \t\n\r\n\n")));
        assertArrayEquals(utf8(GROUP_TEXT + "\n"), output());
        assertEquals(4, r.blank());
        assertEquals(5, r.lines());
    }

    @Test
    void aLastLineWithoutLineEndIsARecord() throws IOException {
        HourFileWriter.Result r = write(history("a.gz", utf8(ODD_SPACING + "\n" + GROUP_TEXT)));
        assertArrayEquals(utf8(ODD_SPACING + "\n" + GROUP_TEXT + "\n"), output());
        assertEquals(2, r.lines());
    }

    @Test
    void invalidUtf8IsSetAsideWithItsOffsetAndItsBytes() throws IOException {
        byte[] bad = concat(utf8("{\"msg_id\":\"1265489165230360999\",\"payload\":{\"bodies\":[{\"msg\":\"caf"),
                new byte[] {(byte) 0xe9}, utf8("\",\"type\":\"txt\"}]}}"));
        HourFileWriter.Result r = write(history("a.gz", utf8(GROUP_TEXT + "\n"), bad, utf8("\n")));
        assertArrayEquals(utf8(GROUP_TEXT + "\n"), output(), "no replacement character, no bad line in the output");
        assertEquals(1, r.rejects());
        JsonNode reject = rejects().get(0);
        assertEquals(2, reject.get("line").asInt());
        assertEquals(GROUP_TEXT.getBytes(StandardCharsets.UTF_8).length + 1, reject.get("offset").asLong());
        int at = utf8("{\"msg_id\":\"1265489165230360999\",\"payload\":{\"bodies\":[{\"msg\":\"caf").length;
        assertEquals((byte) 0xe9, bad[at]);
        assertTrue(reject.get("error").asText().contains("not valid UTF-8 at byte " + at + " "), reject.toString());
        assertArrayEquals(bad, Base64.getDecoder().decode(reject.get("raw_line_base64").asText()));
        assertNull(reject.get("text"), "no decoded text for a line that is not UTF-8");
    }

    @Test
    void linesThatAreNotJsonObjectsAreSetAsideWithLineNumberAndReason() throws IOException {
        String truncated = GROUP_TEXT.substring(0, 120);
        HourFileWriter.Result r = write(history("a.gz",
                utf8("[1,2]\n" + truncated + "\n" + GROUP_TEXT + " {}\n" + "hello\n" + ODD_SPACING + "\n")));
        assertArrayEquals(utf8(ODD_SPACING + "\n"), output());
        assertEquals(4, r.rejects());
        List<JsonNode> rejects = rejects();
        assertEquals(List.of(1, 2, 3, 4), rejects.stream().map(j -> j.get("line").asInt()).toList());
        assertEquals("not a JSON object", rejects.get(0).get("error").asText());
        assertEquals("text after the JSON object", rejects.get(2).get("error").asText());
        assertEquals(truncated, rejects.get(1).get("text").asText());
        assertEquals(truncated, new String(Base64.getDecoder().decode(rejects.get(1).get("raw_line_base64").asText()),
                StandardCharsets.UTF_8));
    }

    @Test
    void aRepeatedMsgIdIsDroppedAndCountedTheFirstIsKept() throws IOException {
        String again = GROUP_TEXT.replace("\"direction\":\"outgoing\",", "");
        HourFileWriter.Result r = write(history("a.gz", utf8(GROUP_TEXT + "\n" + GROUP_TEXT + "\n" + again + "\n")));
        assertArrayEquals(utf8(GROUP_TEXT + "\n"), output());
        assertEquals(2, r.duplicates());
        assertEquals(1, r.records());
    }

    @Test
    void onlyTheTopLevelMsgIdCounts() throws IOException {
        // GROUP_TEXT carries payload.ext.msg_id "nested-not-top-level"; a record whose top-level id is that string
        // is no duplicate, and two records without a top-level id are both kept.
        String other = "{\"msg_id\":\"nested-not-top-level\",\"payload\":{\"msg_id\":\"1265489165230360452\"}}";
        String noId = "{\"payload\":{\"msg_id\":\"1\"}}";
        HourFileWriter.Result r = write(history("a.gz", utf8(GROUP_TEXT + "\n" + other + "\n" + noId + "\n" + noId)));
        assertEquals(4, r.records());
        assertEquals(0, r.duplicates());
    }

    @Test
    void idsAreComparedExactlyWhateverTheirShape() throws IOException {
        String[] ids = {"9999999999999999999", "9223372036854775807", "9223372036854775808", "18446744073709551615",
            "18446744073709551616", "0", "00", "1", "01", "5I02W-16-8278a", "5I02W-16-8278b", "10212123848595"};
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            text.append("{\"msg_id\":\"").append(id).append("\"}\n");
        }
        for (String id : ids) {
            text.append("{\"msg_id\":\"").append(id).append("\",\"again\":true}\n");
        }
        HourFileWriter.Result r = write(history("a.gz", utf8(text.toString())));
        assertEquals(ids.length, r.records());
        assertEquals(ids.length, r.duplicates());
    }

    @Test
    void duplicatesAreFoundAcrossTheHoursFilesAndGzipMembers() throws IOException {
        byte[] twoMembers = concat(gzip(utf8(GROUP_TEXT + "\n")), gzip(utf8(ODD_SPACING + "\n" + GROUP_TEXT + "\n")));
        Path first = Files.write(dir.resolve("1.gz"), twoMembers);
        Path second = history("2.gz", utf8(ODD_SPACING + "\n"));
        HourFileWriter.Result r = write(first, second);
        assertArrayEquals(utf8(GROUP_TEXT + "\n" + ODD_SPACING + "\n"), output());
        assertEquals(2, r.duplicates());
    }

    @Test
    void longLinesAndLinesAcrossBufferEdgesAreKeptWhole() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append("{\"msg_id\":\"").append(1_000_000 + i).append("\",\"payload\":{\"bodies\":[{\"msg\":\"")
                    .append("你好".repeat(i % 37)).append("\"}]}}\n");
        }
        text.append("{\"msg_id\":\"long\",\"msg\":\"").append("🙂".repeat(100_000)).append("\"}\n");
        HourFileWriter.Result r = write(history("a.gz", utf8(text.toString())));
        assertArrayEquals(utf8(text.toString()), output());
        assertEquals(3001, r.records());
    }

    /** Every rule in one history file shaped as the API delivers it. */
    @Test
    void aMixedHistoryFileIsAccountedForLineByLine() throws IOException {
        byte[] badUtf8 = concat(utf8("{\"msg_id\":\"1265489165230361000\",\"payload\":{\"bodies\":[{\"msg\":\""),
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, utf8("\"}]}}")); // a UTF-8-encoded surrogate
        String custom = "{\"msg_id\":\"1265489165230361001\",\"timestamp\":1718002800999,\"chat_type\":\"chat\","
                + "\"payload\":{\"bodies\":[{\"type\":\"custom\",\"customEvent\":\"gift\",\"customExts\":[{\"k\":\"v\"}],"
                + "\"v2:customExts\":{\"k\":\"✓\"}}],\"ext\":null,\"from\":\"bob\",\"to\":\"carol\"}}";
        Path raw = history("2024061001.gz", BOM, utf8(GROUP_TEXT + "\r\n"), utf8("\r\n"), badUtf8, utf8("\r\n"),
                utf8(ODD_SPACING + "\r\n" + GROUP_TEXT + "\r\n" + "not json\r\n" + custom));
        HourFileWriter.Result r = write(raw);
        assertArrayEquals(utf8(GROUP_TEXT + "\n" + ODD_SPACING + "\n" + custom + "\n"), output());
        assertEquals(7, r.lines());
        assertEquals(3, r.records());
        assertEquals(1, r.duplicates());
        assertEquals(2, r.rejects());
        assertEquals(1, r.blank());
        List<JsonNode> rejects = rejects();
        assertEquals(3, rejects.get(0).get("line").asInt());
        assertArrayEquals(badUtf8, Base64.getDecoder().decode(rejects.get(0).get("raw_line_base64").asText()));
        assertEquals(6, rejects.get(1).get("line").asInt());
        assertFalse(new String(output(), StandardCharsets.UTF_8).contains("\uFFFD"));
    }
}
