package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenAndAuthTest extends SandboxTestSupport {

    private static String tokenBody(String id, String secret, String extra) {
        return "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + id + "\",\"client_secret\":\"" + secret + "\""
                + extra + "}";
    }

    private String history(String token) throws Exception {
        return String.valueOf(get("/" + ORG + "/" + APP + "/chatmessages/2024010100", token).statusCode());
    }

    @Test
    void tokenIsIssuedWithDefaultSevenDayLifetimeAndCounted() throws Exception {
        HttpResponse<String> r = postJson("/" + ORG + "/" + APP + "/token", tokenBody(ID, SECRET, ""), null);
        assertEquals(200, r.statusCode());
        JsonNode n = json(r);
        assertTrue(n.get("access_token").asText().startsWith("YWMt"));
        assertEquals(7 * 24 * 3600, n.get("expires_in").asLong());
        assertEquals(app.applicationUuid(), n.get("application").asText());
        assertEquals(1, app.tokenRequests());
    }

    @Test
    void tokenTtlInRequestIsHonouredEvenAsString() throws Exception {
        HttpResponse<String> r = postJson("/" + ORG + "/" + APP + "/token", tokenBody(ID, SECRET, ",\"ttl\":\"1024000\""), null);
        assertEquals(1024000, json(r).get("expires_in").asLong());
        app.tokenTtlSeconds(60);
        r = postJson("/" + ORG + "/" + APP + "/token", tokenBody(ID, SECRET, ""), null);
        assertEquals(60, json(r).get("expires_in").asLong());
    }

    @Test
    void wrongSecretIsInvalidGrant() throws Exception {
        assertError(postJson("/" + ORG + "/" + APP + "/token", tokenBody(ID, "nope", ""), null),
                400, "invalid_grant", "client_secret does not match");
    }

    @Test
    void wrongClientIdIsInvalidGrant() throws Exception {
        assertError(postJson("/" + ORG + "/" + APP + "/token", tokenBody("nope", SECRET, ""), null),
                400, "invalid_grant", "client_id does not match");
    }

    @Test
    void unknownAppIs404() throws Exception {
        assertError(postJson("/" + ORG + "/other-app/token", tokenBody(ID, SECRET, ""), null),
                404, "organization_application_not_found", "Could not find application for test-org/other-app");
    }

    @Test
    void missingBearerIs401Unauthorized() throws Exception {
        assertError(get("/" + ORG + "/" + APP + "/chatmessages/2024010100", null),
                401, "unauthorized", "Unable to authenticate due to expired access token");
    }

    @Test
    void unknownTokenIs401BadAccessToken() throws Exception {
        assertError(get("/" + ORG + "/" + APP + "/chatmessages/2024010100", "YWMtforged"),
                401, "auth_bad_access_token", "Unable to authenticate due to corrupt access token");
    }

    @Test
    void tokenOfAnotherAppIsBadAccessToken() throws Exception {
        sb.addApp(ORG, "second", "id2", "secret2");
        String foreign = token(ORG, "second", "id2", "secret2");
        assertError(get("/" + ORG + "/" + APP + "/chatmessages/2024010100", foreign), 401, "auth_bad_access_token", null);
    }

    @Test
    void expiredTokenIs401Unauthorized() throws Exception {
        HttpResponse<String> r = postJson("/" + ORG + "/" + APP + "/token", tokenBody(ID, SECRET, ",\"ttl\":1"), null);
        String t = json(r).get("access_token").asText();
        assertEquals("404", history(t)); // valid now: the hour simply has no file
        Thread.sleep(1100);
        assertError(get("/" + ORG + "/" + APP + "/chatmessages/2024010100", t), 401, "unauthorized", "expired");
    }

    @Test
    void revokeTokensInvalidatesIssuedTokensOnly() throws Exception {
        String old = token();
        app.revokeTokens();
        assertError(get("/" + ORG + "/" + APP + "/chatmessages/2024010100", old), 401, "unauthorized", "expired");
        String fresh = token();
        assertNotEquals(old, fresh);
        assertEquals("404", history(fresh));
    }
}
