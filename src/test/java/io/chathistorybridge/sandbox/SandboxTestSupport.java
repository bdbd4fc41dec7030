package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fresh sandbox per test with two apps, and small helpers for real HTTP calls. */
abstract class SandboxTestSupport {
    static final ObjectMapper M = new ObjectMapper();
    static final String ORG = "test-org";
    static final String APP = "test-app";
    static final String ID = "cid";
    static final String SECRET = "csecret";

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    EasemobSandbox sb;
    SandboxApp app;

    @BeforeEach
    void startSandbox() {
        sb = EasemobSandbox.start(0);
        app = sb.addApp(ORG, APP, ID, SECRET);
    }

    @AfterEach
    void stopSandbox() {
        sb.close();
    }

    String url(String path) {
        return sb.baseUrl() + path;
    }

    static HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    HttpResponse<String> get(String pathOrUrl, String token) throws IOException, InterruptedException {
        String u = pathOrUrl.startsWith("http") ? pathOrUrl : url(pathOrUrl);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(u)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    String token() throws Exception {
        return token(ORG, APP, ID, SECRET);
    }

    String token(String org, String appName, String id, String secret) throws Exception {
        ObjectNode body = M.createObjectNode()
                .put("grant_type", "client_credentials").put("client_id", id).put("client_secret", secret);
        HttpResponse<String> r = postJson("/" + org + "/" + appName + "/token", body.toString(), null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("access_token").asText();
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return M.readTree(r.body());
    }

    /** Asserts status, the documented error shape, the error code and (a part of) the description. */
    static JsonNode assertError(HttpResponse<String> r, int status, String error, String descriptionPart)
            throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode n = json(r);
        assertEquals(error, n.path("error").asText(), r.body());
        assertTrue(n.has("exception") && n.has("timestamp") && n.has("duration") && n.has("error_description"),
                "error shape: " + r.body());
        if (descriptionPart != null) {
            assertTrue(n.get("error_description").asText().contains(descriptionPart),
                    "expected '" + descriptionPart + "' in " + r.body());
        }
        return n;
    }

    static ObjectNode txt(String from, String target, long ts) {
        ObjectNode o = M.createObjectNode().put("from", from).put("target", target).put("type", "txt");
        o.putObject("body").put("msg", "hello");
        if (ts > 0) {
            o.put("msg_timestamp", ts);
        }
        return o;
    }

    static String usersImport() {
        return "/" + ORG + "/" + APP + "/messages/users/import";
    }

    static String groupsImport() {
        return "/" + ORG + "/" + APP + "/messages/chatgroups/import";
    }
}
