package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTest extends SandboxTestSupport {
    static final String HOUR = "2024031508";

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bo.toByteArray();
    }

    private HttpResponse<String> history(String time, String token) throws Exception {
        return get("/" + ORG + "/" + APP + "/chatmessages/" + time, token);
    }

    private String downloadUrl(String token) throws Exception {
        HttpResponse<String> r = history(HOUR, token);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("data").get(0).get("url").asText();
    }

    private HttpResponse<byte[]> download(String u) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(u)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void hourWithFileAnswersDocumentedEnvelopeWithSignedUrl() throws Exception {
        app.putHistory(HOUR, gzip("{\"chat_type\":\"chat\"}\n"));
        long before = System.currentTimeMillis() / 1000;
        JsonNode n = json(history(HOUR, token()));
        assertEquals("get", n.get("action").asText());
        assertEquals(app.applicationUuid(), n.get("application").asText());
        assertEquals(sb.baseUrl() + "/" + ORG + "/" + APP + "/chatmessages/" + HOUR, n.get("uri").asText());
        assertEquals(ORG, n.get("organization").asText());
        assertEquals(APP, n.get("applicationName").asText());
        assertEquals(0, n.get("duration").asInt());
        assertEquals(1, n.get("data").size());
        String u = n.get("data").get(0).get("url").asText();
        assertTrue(u.startsWith(sb.baseUrl() + "/history/3D/" + ORG + "/" + APP + "/" + HOUR + ".gz?Expires="), u);
        assertTrue(u.contains("&OSSAccessKeyId=sandbox&Signature="), u);
        long expires = Long.parseLong(u.replaceAll(".*Expires=(\\d+).*", "$1"));
        assertTrue(expires >= before + 1800 && expires <= before + 1802, "Expires " + expires);
    }

    @Test
    void downloadServesTheFileByteForByteWithoutAuthChunked() throws Exception {
        byte[] gz = gzip("{\"a\":1}\n{\"a\":2}\n");
        app.putHistory(HOUR, gz);
        HttpResponse<byte[]> r = download(downloadUrl(token()));
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
        assertFalse(r.headers().firstValue("Content-Length").isPresent(), "streamed with chunked encoding");
        assertArrayEquals(gz, r.body());
        assertEquals(1, app.downloadCount());
    }

    @Test
    void putHistoryPathIsServedAsIsEvenIfNotGzip() throws Exception {
        Path bad = Files.createTempFile(sb.tempDir(), "bad", ".gz");
        byte[] junk = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3};
        Files.write(bad, junk);
        app.putHistory(HOUR, bad);
        assertArrayEquals(junk, download(downloadUrl(token())).body());
    }

    @Test
    void unstoredHourIs400ExpiredOrUnstored() throws Exception {
        app.markUnstored(HOUR);
        assertError(history(HOUR, token()), 400, "illegal_argument",
                "illegal arguments: appkey: test-org#test-app, time: " + HOUR
                        + ", maybe chat message history is expired or unstored");
    }

    @Test
    void unknownHourIs404StorageObjectNotFound() throws Exception {
        assertError(history(HOUR, token()), 404, "storage_object_not_found",
                "Failed to find chat message history download url for appkey: test-org#test-app, time: " + HOUR);
    }

    @Test
    void markEmptyRemovesTheFile() throws Exception {
        app.putHistory(HOUR, gzip("x"));
        app.markEmpty(HOUR);
        assertError(history(HOUR, token()), 404, "storage_object_not_found", null);
    }

    @Test
    void badTimeFormatIs400IllegalArgument() throws Exception {
        String t = token();
        assertError(history("2024-03-15", t), 400, "illegal_argument",
                "illegal arguments: appkey: test-org#test-app, time: 2024-03-15");
        assertError(history("2024131508", t), 400, "illegal_argument", "time: 2024131508"); // month 13
    }

    @Test
    void eleventhCallWithinAMinuteIs429AndAllCallsAreRecorded() throws Exception {
        String t = token();
        for (int i = 0; i < 10; i++) {
            assertEquals(404, history(HOUR, t).statusCode());
        }
        assertError(history(HOUR, t), 429, "reach_limit", "This request has reached api limit");
        assertEquals(11, app.historyCallTimes().size());
        assertEquals(1, app.history429());
    }

    @Test
    void expiredUrlIs403OssAccessDenied() throws Exception {
        app.putHistory(HOUR, gzip("x"));
        app.urlTtl(Duration.ZERO);
        String u = downloadUrl(token());
        Thread.sleep(1100);
        HttpResponse<byte[]> r = download(u);
        assertEquals(403, r.statusCode());
        String xml = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<Code>AccessDenied</Code>") && xml.contains("<Message>Request has expired.</Message>"), xml);
        assertEquals(0, app.downloadCount());
    }

    @Test
    void tamperedSignatureIs403() throws Exception {
        app.putHistory(HOUR, gzip("x"));
        String u = downloadUrl(token());
        long expires = Long.parseLong(u.replaceAll(".*Expires=(\\d+).*", "$1"));
        HttpResponse<byte[]> r = download(u.replace("Expires=" + expires, "Expires=" + (expires + 3600)));
        assertEquals(403, r.statusCode());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("SignatureDoesNotMatch"));
    }
}
