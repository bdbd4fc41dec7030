package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.imports.ImportRequestBuilder.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The history record's fields as documented (payload.from / payload.to are the sender and recipient) and as
 * real exports carry them, each rule on its own.
 */
class DocumentedFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TS = 1_718_000_000_000L;
    private final ImportRequestBuilder requests = new ImportRequestBuilder(JSON, new IdMaps(Map.of(), Map.of()), false, null);

    private static String record(String chatType, String topFrom, String topTo, String payloadFrom, String payloadTo,
                                 String bodies) {
        return "{\"chat_type\":\"" + chatType + "\",\"msg_id\":\"1280000000000000001\",\"timestamp\":" + TS
                + ",\"direction\":\"outgoing\"" + (topFrom == null ? "" : ",\"from\":\"" + topFrom + "\"")
                + (topTo == null ? "" : ",\"to\":\"" + topTo + "\"") + ",\"payload\":{\"bodies\":[" + bodies + "]"
                + (payloadFrom == null ? "" : ",\"from\":\"" + payloadFrom + "\"")
                + (payloadTo == null ? "" : ",\"to\":\"" + payloadTo + "\"") + "}}";
    }

    private static final String TXT = "{\"type\":\"txt\",\"msg\":\"hi\"}";

    private Outcome map(String line) {
        return requests.map(line, TS);
    }

    @Test
    void theSenderAndRecipientAreThePayloads() throws Exception {
        Outcome o = map(record("chat", "admin@easemob.com", "admin", "alice", "bob", TXT));
        assertEquals("alice", o.request().get("from").asText());
        assertEquals("bob", o.request().get("target").asText());
        Outcome group = map(record("groupchat", "admin", "bob", "carol", "group1", TXT));
        assertEquals("carol", group.request().get("from").asText());
        assertEquals("group1", group.request().get("target").asText());
        assertEquals("chatgroups", group.endpoint());
        // the conversation key (ordering lanes) follows the same fields
        assertEquals(Conversations.key(JSON.readTree(record("chat", "admin", "x", "alice", "bob", TXT))),
                Conversations.key(JSON.readTree(record("chat", "bob", "alice", "bob", "alice", TXT))));
    }

    @Test
    void theTopLevelPairIsUsedOnlyWhenThePayloadLacksIt() {
        Outcome o = map(record("chat", "alice", "bob", null, null, TXT));
        assertEquals("alice", o.request().get("from").asText());
        assertEquals("bob", o.request().get("target").asText());
        Outcome half = map(record("chat", "admin", "bob", "alice", "", TXT));
        assertEquals("alice", half.request().get("from").asText());
        assertEquals("bob", half.request().get("target").asText());
        assertEquals("no payload.from", map(record("chat", null, "bob", null, "bob", TXT)).reason());
    }

    @Test
    void unknownTopLevelKeysStringTimestampsAndPayloadTypeAreTaken() throws Exception {
        String line = "{\"uuid\":\"6c1a\",\"type\":\"chatmessage\",\"created\":1,\"modified\":2,\"callId\":\"c\","
                + "\"eventType\":\"chat\",\"security\":\"s\",\"host\":\"h\",\"appkey\":\"o#a\",\"chat_type\":\"chat\","
                + "\"msg_id\":\"1234567890123456789\",\"timestamp\":\"" + TS + "\",\"payload\":{\"type\":\"chat\","
                + "\"bodies\":[" + TXT + "],\"from\":\"alice\",\"to\":\"bob\"}}";
        assertEquals(TS, Conversations.timestamp(JSON.readTree(line)), "a numeric string is a timestamp");
        Outcome o = map(line);
        assertEquals(Outcome.Kind.IMPORT, o.kind(), o.reason());
        assertEquals("1234567890123456789", o.msgId());
        assertFalse(o.request().has("uuid"));
        assertEquals("14characterid1", map(record("chat", "a", "b", "a", "b", TXT).replace("1280000000000000001",
                "14characterid1")).msgId());
        assertEquals("1234567890123456789", map(line.replace("\"1234567890123456789\"", "1234567890123456789")).msgId(),
                "a msg_id written as a number is read as its digits");
    }

    @Test
    void extMissingEmptyOrNestedWithNullsIsKeptAsItIs() throws Exception {
        assertFalse(map(record("chat", "a", "b", "a", "b", TXT)).request().has("ext"));
        String nested = "{\"em_apns_ext\":{\"t\":null,\"x\":{\"a\":[1,null,{\"b\":null}]}},\"e\":{}}";
        for (String ext : new String[] {"{}", nested}) {
            String line = record("chat", "a", "b", "a", "b", TXT).replace("\"bodies\"", "\"ext\":" + ext + ",\"bodies\"");
            assertEquals(JSON.readTree(ext), map(line).request().get("ext"));
        }
    }

    @Test
    void aSecretAbsentOrEmptyIsKeptAsItIs() {
        for (String secret : new String[] {"", null}) {
            String body = "{\"type\":\"img\",\"url\":\"https://h/o/a/chatfiles/1\",\"filename\":\"p.jpg\""
                    + (secret == null ? "" : ",\"secret\":\"" + secret + "\"") + "}";
            JsonNode b = map(record("chat", "a", "b", "a", "b", body)).request().get("body");
            assertEquals(secret != null, b.has("secret"));
            assertEquals("https://h/o/a/chatfiles/1", b.get("url").asText());
        }
    }

    @Test
    void combinedMessagesAreTxtWithEveryBodyFieldKept() throws Exception {
        String combined = "{\"type\":\"txt\",\"subType\":\"sub_combine\",\"msg\":\"[Chat History]\","
                + "\"url\":\"https://h/o/a/chatfiles/2\",\"secret\":\"s\",\"title\":\"Chat History\","
                + "\"summary\":\"a: hi\",\"combineLevel\":1}";
        Outcome o = map(record("chat", "a", "b", "a", "b", combined));
        assertEquals("txt", o.request().get("type").asText());
        JsonNode expected = JSON.readTree(combined);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("type");
        assertEquals(expected, o.request().get("body"));
        // the documented body shows no type and no msg: still txt, its title as the text the app shows
        String bare = "{\"subType\":\"sub_combine\",\"url\":\"https://h/o/a/chatfiles/2\",\"title\":\"Chat History\","
                + "\"summary\":\"a: hi\",\"combineLevel\":1,\"secret\":\"\"}";
        Outcome b = map(record("chat", "a", "b", "a", "b", bare));
        assertEquals("txt", b.request().get("type").asText(), b.reason());
        assertEquals("Chat History", b.request().at("/body/msg").asText());
        assertEquals(1, b.request().at("/body/combineLevel").asInt());
        assertEquals("a: hi", b.request().at("/body/summary").asText());
    }

    @Test
    void recordsThatAreNotMessagesAreUnsupportedWithTheReason() {
        for (String chatType : new String[] {"recall", "edit", "notify", "readack", "chatroom"}) {
            Outcome o = map(record(chatType, "a", "b", "a", "b", TXT));
            assertEquals(Outcome.Kind.UNSUPPORTED, o.kind(), chatType);
            assertTrue(o.reason().contains(chatType.equals("chatroom") ? "chat rooms" : "'" + chatType + "'"), o.reason());
        }
        Outcome empty = map(record("chat", "a", "b", "a", "b", ""));
        assertEquals(Outcome.Kind.UNSUPPORTED, empty.kind());
        assertEquals("payload.bodies is empty: no message to import", empty.reason());
    }

    @Test
    void aRecordWithTwoBodiesIsInvalidNeverCutToOne() {
        Outcome o = map(record("chat", "a", "b", "a", "b", TXT + "," + TXT));
        assertEquals(Outcome.Kind.INVALID, o.kind());
        assertTrue(o.reason().startsWith("2 bodies in payload.bodies"), o.reason());
    }

    @Test
    void aDeadLetterOfBytesThatAreNotUtf8ComesBackOnceTheyAre() {
        String fixed = record("chat", "a", "b", "a", "b", TXT);
        String entry = "{\"raw_line_base64\":\"" + java.util.Base64.getEncoder().encodeToString(fixed.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)) + "\",\"bridge_error\":{\"status\":0}}";
        assertEquals(Outcome.Kind.IMPORT, map(entry).kind(), map(entry).reason());
        String still = "{\"raw_line_base64\":\"" + java.util.Base64.getEncoder().encodeToString(new byte[] {'{', (byte) 0xe9})
                + "\"}";
        assertEquals("raw_line_base64 is still not valid UTF-8 (byte 1 of the line)", map(still).reason());
    }
}
