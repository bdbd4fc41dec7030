package io.chathistorybridge.sandbox;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultsTest extends SandboxTestSupport {
    String t;

    @BeforeEach
    void token0() throws Exception {
        t = token();
    }

    private HttpResponse<String> importOne(long ts) throws Exception {
        return postJson(usersImport(), txt("a", "b", ts).toString(), t);
    }

    @Test
    void rate503AnswersServiceUnavailableWithoutRecording() throws Exception {
        sb.faults().rate503(1.0);
        assertError(importOne(2000), 503, "service_unavailable", null);
        assertTrue(app.imports().isEmpty());
        assertEquals(1, sb.faults().injected503());
    }

    @Test
    void rate429AnswersReachLimitWithoutRecording() throws Exception {
        sb.faults().rate429(1.0);
        assertError(importOne(2000), 429, "reach_limit", "This request has reached api limit");
        assertTrue(app.imports().isEmpty());
        assertEquals(1, sb.faults().injected429());
        assertEquals(1, app.endpoint(SandboxApp.USERS_IMPORT).count429());
    }

    @Test
    void partialRatesHitAShareOfCalls() throws Exception {
        sb.faults().seed(7).rate503(0.3).rate429(0.3);
        int ok = 0;
        int s503 = 0;
        int s429 = 0;
        for (int i = 0; i < 40; i++) {
            int s = importOne(2000 + i).statusCode();
            ok += s == 200 ? 1 : 0;
            s503 += s == 503 ? 1 : 0;
            s429 += s == 429 ? 1 : 0;
        }
        assertEquals(40, ok + s503 + s429);
        assertTrue(ok > 0 && s503 > 0 && s429 > 0, ok + "/" + s503 + "/" + s429);
        assertEquals(s503, sb.faults().injected503());
        assertEquals(s429, sb.faults().injected429());
        assertEquals(ok, app.imports().size());
    }

    @Test
    void droppedConnectionGivesIOExceptionAndNothingIsRecorded() {
        sb.faults().dropRate(1.0);
        assertThrows(IOException.class, () -> importOne(2000));
        assertTrue(app.imports().isEmpty());
        assertEquals(1, sb.faults().dropped());
        assertEquals(0, app.endpoint(SandboxApp.USERS_IMPORT).requests(),
                "a dropped request never reached the rate window");
    }

    @Test
    void dropAfterRecordIsAHiddenSuccess() throws Exception {
        sb.faults().dropAfterRecordRate(1.0);
        assertThrows(IOException.class, () -> importOne(2000));
        assertEquals(1, app.imports().size());
        assertEquals(1, sb.faults().droppedAfterRecord());
        sb.faults().dropAfterRecordRate(0);
        assertEquals(400, importOne(2000).statusCode(), "a blind retry now breaks the chronological rule");
    }

    @Test
    void latencyDelaysApiAnswersButNotTokens() throws Exception {
        sb.faults().latency(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertEquals(200, importOne(2000).statusCode());
        long importMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        token();
        long tokenMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(importMs >= 300, "import took " + importMs + " ms");
        assertTrue(tokenMs < 300, "token took " + tokenMs + " ms");
        assertEquals(1, sb.faults().delayed());
    }

    @Test
    void latencyRangeDrawsEachCallWithinItAndSumsWhatItAdded() throws Exception {
        sb.faults().latency(Duration.ofMillis(20)).latencyMax(Duration.ofMillis(120));
        long slowest = 0;
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 12; i++) {
            long before = sb.faults().delayedNanos();
            long heldBefore = sb.faults().heldNanos();
            long t0 = System.nanoTime();
            assertEquals(200, importOne(2000 + i).statusCode());
            long roundTrip = System.nanoTime() - t0;
            long added = sb.faults().delayedNanos() - before;
            long held = sb.faults().heldNanos() - heldBefore;
            assertTrue(added >= 20_000_000L && added <= 120_000_000L, "call " + i + " got " + added + " ns");
            // held for what was drawn and more (the wake-up), within the call's round trip
            assertTrue(held > added && held < roundTrip, "call " + i + " drew " + added + " ns, was held " + held
                    + " ns of a " + roundTrip + " ns round trip");
            slowest = Math.max(slowest, added);
            fastest = Math.min(fastest, added);
        }
        assertEquals(12, sb.faults().delayed());
        assertTrue(slowest - fastest > 10_000_000L, "12 draws from 20-120 ms all within 10 ms: " + fastest + "-" + slowest);
        sb.faults().reset();
        assertEquals(0, sb.faults().delayedNanos());
        assertEquals(0, sb.faults().heldNanos());
        assertEquals(Duration.ZERO, sb.faults().latencyMax());
    }

    @Test
    void latencyDoesNotSerializeConcurrentRequests() throws Exception {
        sb.faults().latency(Duration.ofMillis(400));
        long t0 = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fs.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url(usersImport())))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + t)
                    .POST(HttpRequest.BodyPublishers.ofString(txt("a" + i, "b", 2000).toString())).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : fs) {
            assertEquals(200, f.join().statusCode());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2_000, "20 calls with 400 ms latency each took " + ms + " ms in parallel");
    }

    @Test
    void expireTokensAfterMakesTokensDieEarly() throws Exception {
        sb.faults().expireTokensAfter(Duration.ofMillis(200));
        String fresh = token();
        assertEquals(200, postJson(usersImport(), txt("a", "b", 2000).toString(), fresh).statusCode());
        Thread.sleep(250);
        assertError(postJson(usersImport(), txt("a", "b", 3000).toString(), fresh), 401, "unauthorized", "expired");
        assertEquals(1, sb.faults().tokensRejectedByExpiry());
    }

    @Test
    void revokeTokensEveryRevokesPeriodically() throws Exception {
        sb.faults().revokeTokensEvery(Duration.ofMillis(300));
        assertEquals(200, importOne(2000).statusCode());
        Thread.sleep(350);
        assertError(importOne(3000), 401, "unauthorized", null);
        String fresh = token();
        assertEquals(200, postJson(usersImport(), txt("a", "b", 3000).toString(), fresh).statusCode());
        assertEquals(1, sb.faults().tokensRejectedByRevocation());
    }

    @Test
    void historyIsSparedUnlessFaultsOnHistory() throws Exception {
        sb.faults().rate503(1.0);
        String path = "/" + ORG + "/" + APP + "/chatmessages/2024010100";
        assertEquals(404, get(path, t).statusCode());
        sb.faults().faultsOnHistory(true);
        assertError(get(path, t), 503, "service_unavailable", null);
    }

    @Test
    void dropOnHistoryGivesIOExceptionForGet() {
        sb.faults().faultsOnHistory(true).dropRate(1.0);
        assertThrows(IOException.class, () -> get("/" + ORG + "/" + APP + "/chatmessages/2024010100", t));
    }

    @Test
    void downloadCanBeDroppedWhenFaultsOnHistory() throws Exception {
        app.putHistory("2024010100", HistoryTest.gzip("x"));
        String u = json(get("/" + ORG + "/" + APP + "/chatmessages/2024010100", t)).get("data").get(0).get("url").asText();
        sb.faults().faultsOnHistory(true).dropRate(1.0);
        assertThrows(IOException.class, () -> get(u, null));
        assertEquals(0, app.downloadCount());
    }
}
