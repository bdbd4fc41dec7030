package io.chathistorybridge.token;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds {@code Authorization: Bearer <app token>} for one Easemob app (client-credentials grant).
 * <p>
 * The token is cached until {@code expires_in} minus a safety margin. Only one token request runs at a
 * time however many threads ask, and never more than one per {@code minInterval}, whatever happens: the
 * docs warn that frequent token requests get the account banned. After a 401 a caller drops the rejected
 * token with {@link #invalidate(String)}; the next caller fetches a new one (once the interval allows).
 */
public final class AppToken implements Processor {

    /** Exchange property holding the AppToken that enriched the exchange (read when a call is retried). */
    public static final String PROPERTY = "bridgeAppToken";
    /** Exchange property holding the token value sent, so a 401 drops exactly that token. */
    public static final String USED_TOKEN = "bridgeUsedToken";

    private static final Logger LOG = LoggerFactory.getLogger(AppToken.class);

    private final String appKey;
    private final URI tokenUri;
    private final String clientId;
    private final String clientSecret;
    private final Duration minInterval;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final ReentrantLock fetchLock = new ReentrantLock();
    private final AtomicInteger requests = new AtomicInteger();
    /** When each token request of the last hour was sent, oldest first (a few per hour at most). */
    private final java.util.ArrayDeque<Instant> lastHour = new java.util.ArrayDeque<>();

    private volatile Cached cached;
    private volatile Instant lastRequestAt = Instant.EPOCH;

    private record Cached(String token, Instant refreshAt) {}

    public AppToken(String baseUrl, String org, String app, String clientId, String clientSecret,
                    Duration minInterval, HttpClient http, ObjectMapper json, Clock clock) {
        this.appKey = org + "#" + app;
        this.tokenUri = URI.create(stripSlash(baseUrl) + "/" + org + "/" + app + "/token");
        this.clientId = clientId == null ? "" : clientId;
        this.clientSecret = clientSecret == null ? "" : clientSecret;
        this.minInterval = minInterval;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String token = token();
        exchange.getIn().setHeader("Authorization", "Bearer " + token);
        exchange.setProperty(PROPERTY, this);
        exchange.setProperty(USED_TOKEN, token);
    }

    /** The cached token, or a fresh one when there is none or it is due for renewal. */
    public String token() {
        Cached c = cached;
        if (c != null && clock.instant().isBefore(c.refreshAt())) {
            return c.token();
        }
        fetchLock.lock();
        try {
            c = cached;
            if (c != null && clock.instant().isBefore(c.refreshAt())) {
                return c.token(); // another thread fetched it while this one waited
            }
            waitForInterval();
            cached = fetch();
            return cached.token();
        } finally {
            fetchLock.unlock();
        }
    }

    /** Drops the cached token if it is the one the server rejected (a newer one is kept). */
    public void invalidate(String rejectedToken) {
        Cached c = cached;
        if (c != null && c.token().equals(rejectedToken)) {
            cached = null;
            LOG.info("App token of {} was rejected (401); a new one will be requested", appKey);
        }
    }

    /** Token requests sent so far (for metrics and tests). */
    public int requests() {
        return requests.get();
    }

    /** Token requests sent in the hour before now: the figure the account's ban rule is about. */
    public int requestsInLastHour() {
        synchronized (lastHour) {
            Instant hourAgo = clock.instant().minus(Duration.ofHours(1));
            while (!lastHour.isEmpty() && !lastHour.peekFirst().isAfter(hourAgo)) {
                lastHour.pollFirst();
            }
            return lastHour.size();
        }
    }

    public String appKey() {
        return appKey;
    }

    private void waitForInterval() {
        Instant allowed = lastRequestAt.plus(minInterval);
        long waitMs = Duration.between(clock.instant(), allowed).toMillis();
        if (waitMs > 0) {
            LOG.info("Waiting {} ms before the next token request for {} (at most one per {} s)",
                    waitMs, appKey, minInterval.toSeconds());
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenException("interrupted while waiting to request a token for " + appKey);
            }
        }
    }

    private Cached fetch() {
        lastRequestAt = clock.instant();
        requests.incrementAndGet();
        synchronized (lastHour) {
            lastHour.addLast(lastRequestAt);
        }
        requestsInLastHour(); // drops the ones older than an hour
        HttpResponse<String> response;
        try {
            String body = json.writeValueAsString(Map.of(
                    "grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret));
            HttpRequest request = HttpRequest.newBuilder(tokenUri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenException("token request for " + appKey + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException("interrupted while requesting a token for " + appKey);
        }
        if (response.statusCode() != 200) {
            // the error body names the problem (invalid_grant, organization_application_not_found); it holds no secret
            throw new TokenException("token request for " + appKey + " answered " + response.statusCode()
                    + " " + errorOf(response.body()), response.statusCode());
        }
        try {
            JsonNode node = json.readTree(response.body());
            String token = node.path("access_token").asText("");
            long expiresIn = node.path("expires_in").asLong(0);
            if (token.isEmpty()) {
                throw new TokenException("token answer for " + appKey + " has no access_token");
            }
            Instant now = clock.instant();
            Instant refreshAt = now.plus(Duration.ofSeconds(expiresIn).minus(margin(expiresIn)));
            if (expiresIn <= 0) {
                refreshAt = now.plus(Duration.ofDays(3650)); // 0 means a token that never expires
            }
            LOG.info("App token for {} obtained (valid {} s, renewed after {} s)", appKey, expiresIn,
                    Duration.between(now, refreshAt).toSeconds());
            return new Cached(token, refreshAt);
        } catch (IOException e) {
            throw new TokenException("token answer for " + appKey + " is not JSON", e);
        }
    }

    /** Renew early: a tenth of the lifetime, at most five minutes (validity is not guaranteed to the end). */
    static Duration margin(long expiresInSeconds) {
        return Duration.ofSeconds(Math.min(300, Math.max(0, expiresInSeconds / 10)));
    }

    private String errorOf(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node.path("error").asText("") + " " + node.path("error_description").asText("");
        } catch (IOException | RuntimeException e) {
            return "(no JSON error body)";
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
