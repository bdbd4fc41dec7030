package io.chathistorybridge.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The chatfiles API of the sandbox: upload (multipart, restrict-access), download (token, share-secret), limits. */
class ChatfilesTest extends SandboxTestSupport {

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        // most of the delimiter inside the content: the reader must not cut there
        if (n > 40) {
            System.arraycopy("\r\n--b0undar\r\n--b0u".getBytes(StandardCharsets.ISO_8859_1), 0, b, 10, 16);
        }
        return b;
    }

    HttpResponse<String> upload(byte[] content, String filename, String token, boolean restrict) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--b0undary\r\nContent-Disposition: form-data; name=\"filename\"\r\n\r\n" + filename
                + "\r\n--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write("\r\n--b0undary--\r\n".getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/" + ORG + "/" + APP + "/chatfiles")))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "multipart/form-data; boundary=b0undary")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (restrict) {
            b.header("restrict-access", "true");
        }
        return send(b.build());
    }

    HttpResponse<byte[]> download(String uuid, String token, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/" + ORG + "/" + APP + "/chatfiles/" + uuid)))
                .timeout(Duration.ofSeconds(20)).header("Accept", "application/octet-stream")
                .header("Authorization", "Bearer " + token);
        if (secret != null) {
            b.header("share-secret", secret);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void uploadAnswersTheDocumentedShapeAndDownloadGivesTheSameBytes() throws Exception {
        String token = token();
        byte[] content = bytes(300_000, 1);
        HttpResponse<String> up = upload(content, "p.jpg", token, false);
        assertEquals(200, up.statusCode(), up.body());
        JsonNode answer = M.readTree(up.body());
        JsonNode entity = answer.path("entities").get(0);
        assertEquals("chatfile", entity.path("type").asText());
        assertEquals(sb.baseUrl() + "/" + ORG + "/" + APP + "/chatfiles", answer.path("uri").asText());
        String uuid = entity.path("uuid").asText();
        assertFalse(entity.path("share-secret").asText().isEmpty());
        assertNull(app.chatfiles().file(uuid).secret(), "no restrict-access: anyone may download");
        assertArrayEquals(content, app.chatfiles().file(uuid).read());
        assertEquals("p.jpg", app.chatfiles().file(uuid).filename());
        assertEquals(1, app.chatfiles().uploads("p.jpg"));

        HttpResponse<byte[]> down = download(uuid, token, null);
        assertEquals(200, down.statusCode());
        assertArrayEquals(content, down.body());
        assertEquals(1, app.chatfiles().downloads(uuid));
    }

    @Test
    void restrictedFileNeedsItsShareSecret() throws Exception {
        String token = token();
        HttpResponse<String> up = upload(bytes(1000, 2), "v.mp4", token, true);
        JsonNode entity = M.readTree(up.body()).path("entities").get(0);
        String uuid = entity.path("uuid").asText();
        String secret = entity.path("share-secret").asText();
        assertEquals(48, secret.length());
        assertEquals(403, download(uuid, token, null).statusCode());
        assertEquals(403, download(uuid, token, "wrong").statusCode());
        assertEquals(200, download(uuid, token, secret).statusCode());
        assertEquals(401, download(uuid, "not-a-token", secret).statusCode());
    }

    @Test
    void unknownExpiredTooBigAndMissingPart() throws Exception {
        String token = token();
        HttpResponse<byte[]> unknown = download("no-such-uuid", token, null);
        assertEquals(404, unknown.statusCode());
        assertTrue(new String(unknown.body(), StandardCharsets.UTF_8).contains("entity_not_found"));
        SandboxChatfiles.StoredFile f = app.chatfiles().put(bytes(10, 3), "a.amr", false);
        app.chatfiles().expire(f.uuid());
        HttpResponse<byte[]> gone = download(f.uuid(), token, null);
        assertEquals(404, gone.statusCode());
        assertTrue(new String(gone.body(), StandardCharsets.UTF_8).contains("file_expired"));

        HttpResponse<String> big = upload(new byte[(int) SandboxChatfiles.MAX_BYTES + 1], "big.bin", token, false);
        assertEquals(413, big.statusCode(), big.body());
        assertEquals(0, app.chatfiles().uploads());

        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(url("/" + ORG + "/" + APP + "/chatfiles")))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\n1\r\n--x--\r\n"))
                .build());
        assertEquals(400, none.statusCode());
        assertTrue(none.body().contains("file must be provided."), none.body());
    }

    @Test
    void downloadWithoutOctetStreamAcceptIsRefused() throws Exception {
        SandboxChatfiles.StoredFile f = app.chatfiles().put(bytes(10, 4), "f.txt", false);
        HttpResponse<String> r = get("/" + ORG + "/" + APP + "/chatfiles/" + f.uuid(), token());
        assertEquals(406, r.statusCode());
    }
}
