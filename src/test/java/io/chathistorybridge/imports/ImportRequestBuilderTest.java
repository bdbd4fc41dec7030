package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.imports.ImportRequestBuilder.Outcome;
import org.junit.jupiter.api.Test;

class ImportRequestBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TS = 1_763_000_000_123L;
    private final ImportRequestBuilder requests = new ImportRequestBuilder(JSON,
            new IdMaps(Map.of("alice", "alice2"), Map.of("g1", "g9")), false, null);

    private static String history(String chatType, String to, String body, String ext) {
        return "{\"chat_type\":\"" + chatType + "\",\"msg_id\":\"m1\",\"timestamp\":" + TS
                + ",\"direction\":\"outgoing\",\"from\":\"alice\",\"to\":\"" + to + "\",\"payload\":{\"bodies\":["
                + body + "]" + (ext == null ? "" : ",\"ext\":" + ext) + ",\"from\":\"alice\",\"to\":\"" + to + "\"}}";
    }

    private JsonNode request(String line) throws Exception {
        Outcome o = requests.map(line, TS);
        assertEquals(Outcome.Kind.IMPORT, o.kind(), o.reason());
        return JSON.readTree(o.request().toString());
    }

    private void assertBody(String historyBody, String expectedBody) throws Exception {
        JsonNode r = request(history("chat", "bob", historyBody, null));
        assertEquals(JSON.readTree(expectedBody), r.get("body"));
    }

    @Test
    void mapsTheEnvelopeFieldByField() throws Exception {
        JsonNode r = request(history("chat", "bob", "{\"type\":\"txt\",\"msg\":\"hi\"}", "{\"k\":\"v\",\"n\":1}"));
        assertEquals(JSON.readTree("{\"from\":\"alice2\",\"target\":\"bob\",\"type\":\"txt\",\"body\":{\"msg\":\"hi\"},"
                + "\"ext\":{\"k\":\"v\",\"n\":1},\"msg_timestamp\":" + TS + ",\"need_download\":false}"), r);
        Outcome o = requests.map(history("chat", "bob", "{\"type\":\"txt\",\"msg\":\"hi\"}", null), TS);
        assertEquals("users", o.endpoint());
        assertEquals("m1", o.msgId());
        assertEquals("txt", o.type());
    }

    @Test
    void groupMessagesGoToTheGroupEndpointWithMappedGroupIds() throws Exception {
        Outcome o = requests.map(history("groupchat", "g1", "{\"type\":\"txt\",\"msg\":\"hi\"}", null), TS);
        assertEquals("chatgroups", o.endpoint());
        assertEquals("g9", o.request().get("target").asText());
        assertEquals("alice2", o.request().get("from").asText());
        Outcome unmapped = requests.map(history("groupchat", "g2", "{\"type\":\"txt\",\"msg\":\"hi\"}", null), TS);
        assertEquals("g2", unmapped.request().get("target").asText(), "an id without a mapping is kept");
    }

    @Test
    void everyMediaTypeKeepsItsFields() throws Exception {
        assertBody("{\"type\":\"img\",\"url\":\"https://h/o/a/chatfiles/1\",\"filename\":\"a.jpg\",\"secret\":\"s\","
                        + "\"file_length\":10,\"size\":{\"width\":3,\"height\":4}}",
                "{\"url\":\"https://h/o/a/chatfiles/1\",\"filename\":\"a.jpg\",\"secret\":\"s\",\"file_length\":10,"
                        + "\"size\":{\"width\":3,\"height\":4}}");
        assertBody("{\"type\":\"audio\",\"url\":\"u\",\"filename\":\"a.amr\",\"length\":7,\"secret\":\"s\",\"file_length\":9}",
                "{\"url\":\"u\",\"filename\":\"a.amr\",\"length\":7,\"secret\":\"s\",\"file_length\":9}");
        assertBody("{\"type\":\"video\",\"url\":\"u\",\"filename\":\"v.mp4\",\"length\":3,\"secret\":\"s\",\"file_length\":5,"
                        + "\"thumb\":\"t\",\"thumb_secret\":\"ts\",\"size\":{\"width\":1,\"height\":2}}",
                "{\"url\":\"u\",\"filename\":\"v.mp4\",\"length\":3,\"secret\":\"s\",\"file_length\":5,\"thumb\":\"t\","
                        + "\"thumb_secret\":\"ts\",\"size\":{\"width\":1,\"height\":2}}");
        assertBody("{\"type\":\"file\",\"url\":\"u\",\"filename\":\"f.pdf\",\"secret\":\"s\",\"file_length\":5}",
                "{\"url\":\"u\",\"filename\":\"f.pdf\",\"secret\":\"s\",\"file_length\":5}");
        assertBody("{\"type\":\"cmd\",\"action\":\"typing\"}", "{\"action\":\"typing\"}");
    }

    @Test
    void locationNumbersBecomeStrings() throws Exception {
        assertBody("{\"type\":\"loc\",\"lat\":39.966,\"lng\":116.322,\"addr\":\"Beijing\"}",
                "{\"lat\":\"39.966\",\"lng\":\"116.322\",\"addr\":\"Beijing\"}");
    }

    @Test
    void customExtensionsBecomeOneMap() throws Exception {
        assertBody("{\"type\":\"custom\",\"customEvent\":\"gift\",\"customExts\":[{\"a\":\"1\"},{\"b\":\"2\"}]}",
                "{\"customEvent\":\"gift\",\"customExts\":{\"a\":\"1\",\"b\":\"2\"}}");
        assertBody("{\"type\":\"custom\",\"customEvent\":\"gift\",\"v2:customExts\":{\"a\":\"1\",\"c\":\"3\"}}",
                "{\"customEvent\":\"gift\",\"customExts\":{\"a\":\"1\",\"c\":\"3\"}}");
        assertBody("{\"type\":\"custom\",\"customEvent\":\"gift\",\"customExts\":[{\"a\":\"old\"}],\"v2:customExts\":{\"a\":\"new\"}}",
                "{\"customEvent\":\"gift\",\"customExts\":{\"a\":\"new\"}}");
        assertBody("{\"type\":\"custom\",\"customEvent\":\"ping\"}", "{\"customEvent\":\"ping\"}");
    }

    @Test
    void settingsAddNeedDownloadAndAckRead() throws Exception {
        ImportRequestBuilder withSettings = new ImportRequestBuilder(JSON, new IdMaps(Map.of(), Map.of()), true, Boolean.TRUE);
        Outcome o = withSettings.map(history("chat", "bob", "{\"type\":\"txt\",\"msg\":\"hi\"}", null), TS);
        assertTrue(o.request().get("need_download").asBoolean());
        assertTrue(o.request().get("is_ack_read").asBoolean());
        Outcome without = requests.map(history("chat", "bob", "{\"type\":\"txt\",\"msg\":\"hi\"}", null), TS);
        assertFalse(without.request().has("is_ack_read"), "is_ack_read only when configured");
    }

    @Test
    void theImportTimestampIsTheOneGiven() {
        Outcome o = requests.map(history("chat", "bob", "{\"type\":\"txt\",\"msg\":\"hi\"}", null), TS + 1);
        assertEquals(TS + 1, o.request().get("msg_timestamp").asLong(), "a shifted tie keeps its shift");
    }

    @Test
    void chatRoomsAreUnsupported() {
        Outcome o = requests.map(history("chatroom", "r1", "{\"type\":\"txt\",\"msg\":\"hi\"}", null), TS);
        assertEquals(Outcome.Kind.UNSUPPORTED, o.kind());
    }

    @Test
    void invalidLinesSayWhy() {
        assertEquals("not valid JSON", reason("{not json").substring(0, 14));
        assertEquals("no chat_type", reason("{\"from\":\"a\"}"));
        assertEquals("no payload.bodies", reason("{\"chat_type\":\"chat\",\"msg_id\":\"m\",\"from\":\"a\",\"to\":\"b\","
                + "\"timestamp\":" + TS + ",\"payload\":{}}"));
        assertEquals("unknown message type 'combine'", reason(history("chat", "b", "{\"type\":\"combine\"}", null)));
        assertEquals("txt message without msg", reason(history("chat", "b", "{\"type\":\"txt\"}", null)));
        assertEquals("img message without url", reason(history("chat", "b", "{\"type\":\"img\"}", null)));
        assertEquals("loc message without addr", reason(history("chat", "b", "{\"type\":\"loc\",\"lat\":1,\"lng\":2}", null)));
        assertEquals("custom message without customEvent", reason(history("chat", "b", "{\"type\":\"custom\"}", null)));
        assertEquals("no usable timestamp", requests.map(history("chat", "b", "{\"type\":\"txt\",\"msg\":\"x\"}", null),
                Long.MIN_VALUE).reason());
    }

    private String reason(String line) {
        Outcome o = requests.map(line, TS);
        assertEquals(Outcome.Kind.INVALID, o.kind());
        return o.reason();
    }

    @Test
    void importShapedLinesAreTakenAsTheyAre() throws Exception {
        String line = "{\"chat_type\":\"groupchat\",\"from\":\"alice\",\"target\":\"g1\",\"type\":\"txt\","
                + "\"body\":{\"msg\":\"hi\"},\"ext\":{\"a\":1},\"msg_timestamp\":" + TS + "}";
        Outcome o = requests.map(line, TS);
        assertEquals("chatgroups", o.endpoint());
        assertEquals(JSON.readTree("{\"from\":\"alice2\",\"target\":\"g9\",\"type\":\"txt\",\"body\":{\"msg\":\"hi\"},"
                + "\"ext\":{\"a\":1},\"msg_timestamp\":" + TS + ",\"need_download\":false}"), o.request());
        assertTrue(o.msgId().startsWith("content:"), "without msg_id, the content is the key");
        assertEquals(o.msgId(), requests.map(line, TS).msgId(), "the same line has the same key when dropped again");
    }

    @Test
    void deadLetterEntriesDroppedBackAreImported() {
        String fixed = "{\"raw_line\":" + JSON.valueToTree(history("chat", "bob", "{\"type\":\"txt\",\"msg\":\"hi\"}", null))
                + ",\"bridge_error\":{\"status\":0}}";
        assertEquals(Outcome.Kind.IMPORT, requests.map(fixed, TS).kind());
        String withError = history("chat", "bob", "{\"type\":\"txt\",\"msg\":\"hi\"}", null)
                .replaceFirst("\\{", "{\"bridge_error\":{\"status\":503},");
        Outcome o = requests.map(withError, TS);
        assertEquals(Outcome.Kind.IMPORT, o.kind());
        assertFalse(o.request().toString().contains("bridge_error"));
    }
}
