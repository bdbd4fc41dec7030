package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminAndMainTest extends SandboxTestSupport {

    private void importSome(String t) throws Exception {
        assertEquals(200, postJson(usersImport(), txt("a", "b", 2000).put("need_download", false).toString(), t).statusCode());
        assertEquals(400, postJson(usersImport(), txt("a", "b", 1500).toString(), t).statusCode());
        assertEquals(200, postJson(groupsImport(), txt("a", "g", 2000).toString(), t).statusCode());
    }

    @Test
    void statsReportCountsPerAppAndEndpoint() throws Exception {
        importSome(token());
        JsonNode s = json(get("/_sandbox/stats", null));
        JsonNode a = s.get("apps").get(ORG + "#" + APP);
        assertEquals(1, a.get("tokenRequests").asInt());
        assertEquals(0, a.get("downloads").asInt());
        JsonNode users = a.get("endpoints").get("users");
        assertEquals(2, users.get("requests").asInt());
        assertEquals(1, users.get("accepted").asInt());
        assertEquals(1, users.get("rejected400").asInt());
        assertEquals(0, users.get("rejected429").asInt());
        assertEquals(1, users.get("orderViolations").asInt());
        assertEquals(2, users.get("maxInWindow").asInt());
        assertEquals(1, users.get("maxAcceptedInWindow").asInt());
        assertEquals(1, a.get("endpoints").get("chatgroups").get("accepted").asInt());
        assertTrue(s.get("faults").has("counters"));
    }

    @Test
    void importsAreStreamedAsNdjson() throws Exception {
        importSome(token());
        HttpResponse<String> r = get("/_sandbox/imports?app=" + ORG + "%23" + APP, null);
        assertEquals(200, r.statusCode());
        String[] lines = r.body().split("\n");
        assertEquals(2, lines.length);
        JsonNode first = M.readTree(lines[0]);
        assertEquals("users", first.get("endpoint").asText());
        assertEquals("hello", first.get("body").get("msg").asText(), "body is embedded as JSON, not as a string");
        assertEquals(2000, first.get("msg_timestamp").asLong());
        assertEquals(app.imports().get(0).msgId(), first.get("msg_id").asText());
        assertEquals("chatgroups", M.readTree(lines[1]).get("endpoint").asText());
        assertEquals(404, get("/_sandbox/imports?app=x%23y", null).statusCode());
    }

    @Test
    void faultsCanBeSetOverHttp() throws Exception {
        HttpResponse<String> r = postJson("/_sandbox/faults",
                "{\"latencyMs\":5,\"rate503\":0.25,\"dropRate\":0.1,\"faultsOnHistory\":true,\"importRatePerSecond\":42}", null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Duration.ofMillis(5), sb.faults().latency());
        assertEquals(0.25, sb.faults().rate503());
        assertEquals(0.1, sb.faults().dropRate());
        assertTrue(sb.faults().faultsOnHistory());
        assertEquals(42, app.importRatePerSecond());
        assertEquals(0.25, json(r).get("rate503").asDouble());
        assertError(postJson("/_sandbox/faults", "{\"rate5O3\":1}", null), 400, "illegal_argument", "rate5O3");
    }

    @Test
    void resetForgetsObservationsAndFaults() throws Exception {
        importSome(token());
        sb.faults().rate429(1.0);
        assertEquals(200, postJson("/_sandbox/reset", "{}", null).statusCode());
        assertTrue(app.imports().isEmpty());
        assertEquals(0, app.endpoint(SandboxApp.USERS_IMPORT).requests());
        assertEquals(0, app.orderViolations());
        assertEquals(0.0, sb.faults().rate429());
        assertEquals(0, app.tokenRequests());
    }

    @Test
    void revokeTokensOverHttp() throws Exception {
        String t = token();
        assertEquals(200, postJson("/_sandbox/revoke-tokens", "", null).statusCode());
        assertError(postJson(usersImport(), txt("a", "b", 2000).toString(), t), 401, "unauthorized", null);
    }

    @Test
    void mainLaunchesDefaultsAppsAndSeedsDemo() throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (EasemobSandbox s = SandboxMain.launch(new String[] {"--port", "0", "--seed-demo", "--import-rate", "7",
                "--latency-ms", "3"}, new PrintStream(bo, true, StandardCharsets.UTF_8))) {
            assertEquals("sandbox listening on " + s.baseUrl(), bo.toString(StandardCharsets.UTF_8).trim());
            SandboxApp src = s.app(SandboxDefaults.SOURCE_ORG, SandboxDefaults.SOURCE_APP);
            SandboxApp tgt = s.app(SandboxDefaults.TARGET_ORG, SandboxDefaults.TARGET_APP);
            assertEquals(SandboxDefaults.SOURCE_CLIENT_SECRET, src.clientSecret());
            assertEquals(SandboxDefaults.TARGET_CLIENT_ID, tgt.clientId());
            assertEquals(7, tgt.importRatePerSecond());
            assertEquals(Duration.ofMillis(3), s.faults().latency());
            assertFalse(s.tempDir().toFile().list().length == 0, "demo history was generated");
        }
    }

    @Test
    void mainRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> SandboxMain.launch(new String[] {"--source", "only/three/parts"}, System.out));
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.launch(new String[] {"--bogus"}, System.out));
    }
}
