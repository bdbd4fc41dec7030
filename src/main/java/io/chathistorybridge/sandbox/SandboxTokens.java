package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The token issuer of one {@link SandboxApp}: answers POST /{org}/{app}/token with client credentials and checks
 * the bearer token of every app API call. Revoking bumps a generation, so every token issued before stops working.
 */
final class SandboxTokens {
    private static final String OAUTH_EX = "org.apache.amber.oauth2.common.exception.OAuthProblemException";
    private static final SecureRandom TOKEN_RANDOM = new SecureRandom();

    private record TokenInfo(long issuedNanos, long expiresNanos, int generation) {}

    private final EasemobSandbox sandbox;
    private final SandboxApp app;
    private final Map<String, TokenInfo> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    SandboxTokens(EasemobSandbox sandbox, SandboxApp app) {
        this.sandbox = sandbox;
        this.app = app;
    }

    /** Token requests received (any outcome). */
    int requests() {
        return requests.get();
    }

    void resetRequests() {
        requests.set(0);
    }

    void revoke() {
        generation.incrementAndGet();
    }

    Resp token(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        if (!"POST".equals(ex.getRequestMethod())) {
            return Errors.methodNotAllowed();
        }
        byte[] raw = RequestBody.read(ex, 64 * 1024);
        if (raw == null) {
            return Errors.tooLarge();
        }
        JsonNode n = Json.parse(raw);
        if (n == null || !n.isObject()) {
            return Resp.error(400, "json_parse", "com.fasterxml.jackson.core.JsonParseException",
                    "Unable to parse request body, a JSON object is expected");
        }
        String grant = Json.text(n, "grant_type");
        if (!"client_credentials".equals(grant)) {
            return Resp.error(400, "unsupported_grant_type", OAUTH_EX, "unsupported grant_type: " + grant);
        }
        if (!app.clientId().equals(Json.text(n, "client_id"))) {
            return Resp.error(400, "invalid_grant", OAUTH_EX, "client_id does not match");
        }
        if (!app.clientSecret().equals(Json.text(n, "client_secret"))) {
            return Resp.error(400, "invalid_grant", OAUTH_EX, "client_secret does not match");
        }
        long ttl = app.tokenTtlSeconds();
        JsonNode t = n.get("ttl");
        if (t != null && !t.isNull()) {
            Long v = Json.longValue(t);
            if (v == null || v < 0) {
                return Errors.illegalArgument("ttl must be a non-negative number of seconds: " + t);
            }
            ttl = v;
        }
        byte[] rnd = new byte[48];
        TOKEN_RANDOM.nextBytes(rnd);
        String token = "YWMt" + Base64.getUrlEncoder().withoutPadding().encodeToString(rnd);
        long now = System.nanoTime();
        long expires = ttl == 0 || ttl > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE : now + ttl * 1_000_000_000L;
        tokens.put(token, new TokenInfo(now, expires, generation.get()));
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("access_token", token);
        o.put("expires_in", ttl);
        o.put("application", app.applicationUuid());
        return Resp.json(200, o);
    }

    /** null when the request carries a token that is valid now, otherwise the 401 to answer. */
    Resp authenticate(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || h.length() <= 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Errors.expiredToken();
        }
        String token = h.substring(7).trim();
        if (token.isEmpty()) {
            return Errors.expiredToken();
        }
        TokenInfo info = tokens.get(token);
        if (info == null) {
            return Errors.badToken();
        }
        long now = System.nanoTime();
        boolean expired = info.expiresNanos() != Long.MAX_VALUE && now - info.expiresNanos() >= 0;
        if (expired || info.generation() < generation.get()) {
            return Errors.expiredToken();
        }
        if (sandbox.faults().tokenKilled(info.issuedNanos(), now)) {
            return Errors.expiredToken();
        }
        return null;
    }
}
