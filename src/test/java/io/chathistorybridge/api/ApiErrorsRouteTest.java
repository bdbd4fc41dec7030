package io.chathistorybridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;

import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxApp;
import org.apache.camel.Exchange;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared api-errors routeConfiguration against the sandbox: refresh on 401, backoff, give up. */
class ApiErrorsRouteTest extends CamelMainTestSupport {

    private static EasemobSandbox sandbox;
    private static SandboxApp target;

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void startSandbox() {
        sandbox = EasemobSandbox.start(0);
        target = sandbox.addApp("org", "target", "tid", "tsecret");
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void resetFaults() {
        sandbox.faults().reset();
    }


    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:config/application.properties";
    }

    @Override
    protected java.util.Properties useOverridePropertiesWithPropertiesComponent() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("camel.main.routes-include-pattern",
                "file:routes/api-errors.camel.yaml,classpath:test-routes/api-call.camel.yaml");
        p.setProperty("bridge.target.base-url", sandbox.baseUrl());
        p.setProperty("bridge.target.org", "org");
        p.setProperty("bridge.target.app", "target");
        p.setProperty("bridge.target.client-id", "tid");
        p.setProperty("bridge.target.client-secret", "tsecret");
        p.setProperty("bridge.export.enabled", "false");
        p.setProperty("bridge.token.min-interval-seconds", "1");
        p.setProperty("bridge.data-dir", dataDir.toString());
        p.setProperty("bridge.management.port", "0");
        return p;
    }

    private Exchange post(String json, int maxAttempts) {
        return template.send("direct:test-api-call", ex -> {
            ex.getIn().setBody(json);
            ex.setProperty(ApiRetryPolicy.MAX_ATTEMPTS, maxAttempts);
        });
    }

    private static String message(long ts) {
        return "{\"from\":\"u1\",\"target\":\"u2\",\"type\":\"txt\",\"body\":{\"msg\":\"hi\"},\"msg_timestamp\":" + ts + "}";
    }

    @Test
    void revokedTokenIsRefreshedOnceAndTheCallSucceeds() {
        long ts = System.currentTimeMillis() - 60_000;
        assertNull(post(message(ts), 3).getProperty(ApiError.PROPERTY));
        int tokensBefore = target.tokenRequests();
        target.revokeTokens();
        Exchange second = post(message(ts + 1), 3);
        assertNull(second.getProperty(ApiError.PROPERTY), () -> second.getProperty(ApiError.PROPERTY).toString());
        assertEquals(tokensBefore + 1, target.tokenRequests());
        assertEquals(2, target.imports(SandboxApp.USERS_IMPORT).stream().filter(i -> i.msgTimestamp() >= ts).count());
    }

    @Test
    void serviceUnavailableIsRetriedUntilTheBudgetThenRecorded() {
        sandbox.faults().rate503(1.0);
        int before = target.endpoint(SandboxApp.USERS_IMPORT).requests();
        Exchange exchange = post(message(System.currentTimeMillis() - 30_000), 3);
        ApiError error = exchange.getProperty(ApiError.PROPERTY, ApiError.class);
        assertNotNull(error);
        assertEquals(503, error.status());
        assertEquals(ApiErrorKind.TRANSIENT, error.kind());
        assertEquals(3, error.attempts());
        assertEquals(before + 3, target.endpoint(SandboxApp.USERS_IMPORT).requests());
    }

    @Test
    void badRequestIsNotRetried() {
        int before = target.endpoint(SandboxApp.USERS_IMPORT).requests();
        Exchange exchange = post("{\"from\":\"u1\",\"target\":\"u2\",\"body\":{\"msg\":\"x\"}}", 5);
        ApiError error = exchange.getProperty(ApiError.PROPERTY, ApiError.class);
        assertNotNull(error);
        assertEquals(400, error.status());
        assertEquals("illegal_argument", error.error());
        assertEquals("type not allow empty", error.errorDescription());
        assertEquals(1, error.attempts());
        assertEquals(before + 1, target.endpoint(SandboxApp.USERS_IMPORT).requests());
    }

    @Test
    void droppedConnectionIsRetried() {
        sandbox.faults().seed(7).dropRate(0.5);
        for (int i = 0; i < 6; i++) {
            Exchange exchange = post(message(System.currentTimeMillis() - 20_000 + i), 8);
            assertNull(exchange.getProperty(ApiError.PROPERTY));
        }
        assertEquals(true, sandbox.faults().dropped() > 0, "no connection was dropped");
    }

    @Test
    void throttledCallsAreRetriedWithBackoff() {
        sandbox.faults().rate429(1.0);
        long start = System.nanoTime();
        ApiError error = post(message(System.currentTimeMillis() - 10_000), 3).getProperty(ApiError.PROPERTY, ApiError.class);
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(429, error.status());
        assertEquals(3, error.attempts());
        // 500 ms then twice the delay drawn, each drawn with ±25 % jitter: at least 375 + 2 × 375 × 0.75 = 937 ms
        // (Camel doubles the delay it drew, not the configured one: 1,024 ms was seen)
        assertEquals(true, elapsedMs >= 930, "backoff too short: " + elapsedMs + " ms");
    }
}
