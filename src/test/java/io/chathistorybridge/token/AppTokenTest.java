package io.chathistorybridge.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppTokenTest {

    private static final String SECRET = "s3cr3t-value";

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Long> requestTimes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private volatile int status = 200;
    private volatile long expiresIn = 3600;
    private volatile long serverDelayMs = 0;

    @BeforeEach
    void startTokenEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/org/app/token", ex -> {
            requestTimes.add(System.nanoTime());
            int n = requests.incrementAndGet();
            lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            sleep(serverDelayMs);
            String body = status == 200
                    ? "{\"access_token\":\"YWMt-token-" + n + "\",\"expires_in\":" + expiresIn + ",\"application\":\"x\"}"
                    : "{\"error\":\"invalid_grant\",\"error_description\":\"client_secret does not match\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AppToken token(Duration minInterval, Clock clock) {
        return new AppToken("http://127.0.0.1:" + server.getAddress().getPort() + "/", "org", "app",
                "client-1", SECRET, minInterval, HttpClient.newHttpClient(), new ObjectMapper(), clock);
    }

    @Test
    void requestsTokenWithClientCredentialsAndCachesIt() throws Exception {
        AppToken token = token(Duration.ofSeconds(10), Clock.systemUTC());
        String first = token.token();
        String second = token.token();
        assertEquals("YWMt-token-1", first);
        assertEquals(first, second);
        assertEquals(1, requests.get());
        var body = new ObjectMapper().readTree(lastBody.get());
        assertEquals("client_credentials", body.get("grant_type").asText());
        assertEquals("client-1", body.get("client_id").asText());
        assertEquals(SECRET, body.get("client_secret").asText());
    }

    @Test
    void setsBearerHeaderAndRemembersWhichTokenWasSent() {
        AppToken token = token(Duration.ofSeconds(10), Clock.systemUTC());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        token.process(exchange);
        assertEquals("Bearer YWMt-token-1", exchange.getIn().getHeader("Authorization"));
        assertEquals("YWMt-token-1", exchange.getProperty(AppToken.USED_TOKEN));
        assertEquals(token, exchange.getProperty(AppToken.PROPERTY));
    }

    @Test
    void twentyConcurrentCallersCauseOneTokenRequest() throws Exception {
        serverDelayMs = 200; // keep the first request open while the others arrive
        AppToken token = token(Duration.ofSeconds(10), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return token.token();
            }));
        }
        start.countDown();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (Future<String> f : results) {
            seen.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, requests.get());
        assertEquals(Set.of("YWMt-token-1"), seen);
    }

    @Test
    void invalidatedTokenIsReplacedOnce() {
        AppToken token = token(Duration.ZERO, Clock.systemUTC());
        String rejected = token.token();
        token.invalidate(rejected);
        token.invalidate(rejected); // a second 401 for the same token changes nothing more
        String fresh = token.token();
        assertNotEquals(rejected, fresh);
        token.invalidate(rejected); // a late 401 for the old token must not drop the new one
        assertEquals(fresh, token.token());
        assertEquals(2, requests.get());
    }

    @Test
    void stormOfRejectionsYieldsAtMostOneRequestPerInterval() throws Exception {
        AppToken token = token(Duration.ofMillis(400), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(8);
                long end = System.nanoTime() + Duration.ofMillis(1300).toNanos();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    token.invalidate(token.token()); // every call answered 401
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        // constant 401s: the token keeps being renewed, but never twice within the interval
        assertTrue(requests.get() >= 3, "the token was not renewed: " + requests.get());
        for (int i = 1; i < requestTimes.size(); i++) {
            long gapMs = (requestTimes.get(i) - requestTimes.get(i - 1)) / 1_000_000;
            assertTrue(gapMs >= 350, "token requests " + gapMs + " ms apart");
        }
    }

    @Test
    void renewsBeforeExpiryWithSafetyMargin() {
        expiresIn = 100; // margin is a tenth: renewed after 90 s
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        AppToken token = token(Duration.ofSeconds(10), clock);
        token.token();
        clock.now = clock.now.plusSeconds(89);
        token.token();
        assertEquals(1, requests.get());
        clock.now = clock.now.plusSeconds(2);
        token.token();
        assertEquals(2, requests.get());
    }

    @Test
    void countsTheTokenRequestsOfTheLastHour() {
        expiresIn = 100; // renewed after 90 s
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        AppToken token = token(Duration.ofSeconds(10), clock);
        token.token();
        clock.now = clock.now.plusSeconds(91);
        token.token();
        assertEquals(2, token.requestsInLastHour());
        clock.now = clock.now.plusSeconds(3600 - 91); // the first request is an hour old now
        assertEquals(1, token.requestsInLastHour());
        clock.now = clock.now.plusSeconds(91);
        assertEquals(0, token.requestsInLastHour());
        assertEquals(2, token.requests(), "the count since start stays");
    }

    @Test
    void failedRequestNamesTheAnswerButNeverTheSecret() {
        status = 400;
        AppToken token = token(Duration.ZERO, Clock.systemUTC());
        TokenException e = assertThrows(TokenException.class, token::token);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage());
        assertTrue(e.getMessage().contains("org#app"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void marginIsATenthOfLifetimeCappedAtFiveMinutes() {
        assertEquals(Duration.ofSeconds(10), AppToken.margin(100));
        assertEquals(Duration.ofSeconds(300), AppToken.margin(7 * 24 * 3600));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
