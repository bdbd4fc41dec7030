package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportValidationTest extends SandboxTestSupport {
    String t;

    @BeforeEach
    void token0() throws Exception {
        t = token();
    }

    private HttpResponse<String> importUsers(String json) throws Exception {
        return postJson(usersImport(), json, t);
    }

    @Test
    void acceptedUserImportAnswersDocumentedEnvelopeAndIsRecorded() throws Exception {
        ObjectNode req = txt("alice", "bob", 1_700_000_000_000L);
        req.putObject("ext").put("key1", "value1");
        req.put("need_download", true).put("is_ack_read", true);
        HttpResponse<String> r = importUsers(req.toString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode n = json(r);
        assertEquals("/messages/users/import", n.get("path").asText());
        assertEquals(sb.baseUrl() + usersImport(), n.get("uri").asText());
        assertEquals("post", n.get("action").asText());
        assertEquals(ORG, n.get("organization").asText());
        assertEquals(APP, n.get("applicationName").asText());
        assertEquals(app.applicationUuid(), n.get("application").asText());
        assertTrue(n.get("entities").isArray() && n.get("entities").isEmpty());
        String msgId = n.get("data").get("msg_id").asText();
        assertTrue(msgId.matches("\\d{10,19}"), msgId);

        List<AcceptedImport> imports = app.imports();
        assertEquals(1, imports.size());
        AcceptedImport a = imports.get(0);
        assertEquals(SandboxApp.USERS_IMPORT, a.endpoint());
        assertEquals("alice", a.from());
        assertEquals("bob", a.target());
        assertEquals("txt", a.type());
        assertEquals("{\"msg\":\"hello\"}", a.body());
        assertEquals("{\"key1\":\"value1\"}", a.ext());
        assertEquals(1_700_000_000_000L, a.msgTimestamp());
        assertEquals(msgId, a.msgId());
        assertTrue(a.needDownload());
        assertTrue(a.arrivalNanos() != 0);
    }

    @Test
    void groupImportUsesItsOwnPathAndUniqueIds() throws Exception {
        HttpResponse<String> r1 = postJson(groupsImport(), txt("alice", "1123376564212", 2000).toString(), t);
        HttpResponse<String> r2 = postJson(groupsImport(), txt("bob", "1123376564212", 3000).toString(), t);
        assertEquals("/messages/chatgroups/import", json(r1).get("path").asText());
        assertNotEquals(json(r1).get("data").get("msg_id"), json(r2).get("data").get("msg_id"));
        assertEquals(2, app.imports(SandboxApp.GROUPS_IMPORT).size());
        assertEquals(0, app.imports(SandboxApp.USERS_IMPORT).size());
    }

    @Test
    void omittedMsgTimestampDefaultsToNowAndExtToNull() throws Exception {
        long before = System.currentTimeMillis();
        assertEquals(200, importUsers(txt("a", "b", 0).toString()).statusCode());
        AcceptedImport a = app.imports().get(0);
        assertTrue(a.msgTimestamp() >= before && a.msgTimestamp() <= System.currentTimeMillis());
        assertNull(a.ext());
        assertFalse(a.needDownload());
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url(usersImport())))
                .header("Authorization", "Bearer " + t)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(txt("a", "b", 2000).toString())).build());
        assertError(r, 415, "web_application", "Unsupported Media Type");
    }

    @Test
    void bodyOver5KbIs413() throws Exception {
        ObjectNode req = txt("a", "b", 2000);
        ((ObjectNode) req.get("body")).put("msg", "x".repeat(5200));
        assertError(importUsers(req.toString()), 413, "request_entity_too_large", "Request Entity Too Large");
        assertTrue(app.imports().isEmpty());
    }

    @Test
    void notJsonIsInvalidRequestBody() throws Exception {
        assertError(importUsers("{not json"), 400, "invalid_request_body",
                "Request body is invalid. Please check body is correct.");
    }

    @Test
    void jsonArrayIsInvalidRequestBody() throws Exception {
        assertError(importUsers("[" + txt("a", "b", 2000) + "]"), 400, "invalid_request_body", null);
    }

    @Test
    void missingTypeIsTypeNotAllowEmpty() throws Exception {
        ObjectNode req = txt("a", "b", 2000);
        req.remove("type");
        assertError(importUsers(req.toString()), 400, "illegal_argument", "type not allow empty");
    }

    @Test
    void emptyTypeIsTypeNotAllowEmpty() throws Exception {
        assertError(importUsers(txt("a", "b", 2000).put("type", "").toString()), 400, "illegal_argument",
                "type not allow empty");
    }

    @Test
    void missingBodyIsMessageBodyNotAllowEmpty() throws Exception {
        ObjectNode req = txt("a", "b", 2000);
        req.remove("body");
        assertError(importUsers(req.toString()), 400, "illegal_argument", "message body not allow empty");
    }

    @Test
    void emptyBodyIsMessageBodyNotAllowEmpty() throws Exception {
        ObjectNode req = txt("a", "b", 2000);
        req.putObject("body");
        assertError(importUsers(req.toString()), 400, "illegal_argument", "message body not allow empty");
    }

    @Test
    void missingFromIsNamed() throws Exception {
        ObjectNode req = txt("a", "b", 2000);
        req.remove("from");
        assertError(importUsers(req.toString()), 400, "illegal_argument", "from not allow empty");
    }

    @Test
    void missingTargetIsNamed() throws Exception {
        ObjectNode req = txt("a", "b", 2000);
        req.remove("target");
        assertError(importUsers(req.toString()), 400, "illegal_argument", "target not allow empty");
    }

    @Test
    void unknownTypeIsRejected() throws Exception {
        assertError(importUsers(txt("a", "b", 2000).put("type", "text").toString()), 400, "illegal_argument",
                "type text is not supported");
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
            "txt,    msg,         '{\"msg\":\"hi\",\"lang\":\"en\"}'",
            "img,    url,         '{\"url\":\"https://x/y.jpg\",\"filename\":\"y.jpg\"}'",
            "audio,  url,         '{\"url\":\"https://x/y.amr\",\"length\":3}'",
            "video,  url,         '{\"url\":\"https://x/y.mp4\",\"thumb\":\"https://x/t\"}'",
            "file,   url,         '{\"url\":\"https://x/y.pdf\",\"filename\":\"y.pdf\"}'",
            "loc,    lat,         '{\"lat\":\"39.9\",\"lng\":116.3,\"addr\":\"Beijing\"}'",
            "loc,    lng,         '{\"lat\":39.9,\"lng\":\"116.3\",\"addr\":\"Beijing\"}'",
            "loc,    addr,        '{\"lat\":39.9,\"lng\":116.3,\"addr\":\"Beijing\"}'",
            "cmd,    action,      '{\"action\":\"refresh\",\"param\":1}'",
            "custom, customEvent, '{\"customEvent\":\"gift\",\"customExts\":{\"k\":\"v\"}}'"
    })
    void eachTypeNeedsItsBodyFields(String type, String field, String body) throws Exception {
        ObjectNode req = txt("a", "b", 0).put("type", type);
        req.set("body", M.readTree(body));
        assertEquals(200, importUsers(req.toString()).statusCode(), "complete " + type + " body is accepted");
        ((ObjectNode) req.get("body")).remove(field);
        req.put("target", "c"); // a fresh conversation, so only the body matters
        assertError(importUsers(req.toString()), 400, "illegal_argument", "body." + field);
    }

    @Test
    void customExtsAsLegacyArrayIsRejected() throws Exception {
        ObjectNode req = txt("a", "b", 2000).put("type", "custom");
        req.set("body", M.readTree("{\"customEvent\":\"gift\",\"customExts\":[{\"k\":\"v\"}]}"));
        assertError(importUsers(req.toString()), 400, "illegal_argument", "body.customExts");
    }

    @Test
    void msgTimestampBelow1000IsRejected() throws Exception {
        assertError(importUsers(txt("a", "b", 999).toString()), 400, "illegal_argument", "msg_timestamp");
    }

    @Test
    void msgTimestampInTheFutureIsRejected() throws Exception {
        long future = System.currentTimeMillis() + 120_000;
        assertError(importUsers(txt("a", "b", future).toString()), 400, "illegal_argument", "msg_timestamp");
        assertEquals(200, importUsers(txt("a", "b", System.currentTimeMillis() + 30_000).toString()).statusCode());
    }

    @Test
    void nonNumericMsgTimestampIsInvalidRequestBody() throws Exception {
        assertError(importUsers(txt("a", "b", 0).put("msg_timestamp", "yesterday").toString()), 400,
                "invalid_request_body", null);
    }

    @Test
    void missingTokenOnImportIs401() throws Exception {
        assertError(postJson(usersImport(), txt("a", "b", 2000).toString(), null), 401, "unauthorized", null);
        assertEquals(1, app.endpoint(SandboxApp.USERS_IMPORT).responses(401));
    }

    @Test
    void importToUnknownAppIs404() throws Exception {
        assertError(postJson("/" + ORG + "/nope/messages/users/import", txt("a", "b", 2000).toString(), t), 404,
                "organization_application_not_found", null);
    }
}
