package io.chathistorybridge.sandbox;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportRateLimitTest extends SandboxTestSupport {
    private static final long SECOND = 1_000_000_000L;

    /** What an exact sliding limiter must have answered, given the sorted arrival times. */
    private static List<Integer> expectedStatuses(long[] arrivals, int limit) {
        List<Integer> out = new ArrayList<>();
        int lo = 0;
        for (int i = 0; i < arrivals.length; i++) {
            while (arrivals[i] - arrivals[lo] >= SECOND) {
                lo++;
            }
            out.add(i - lo + 1 > limit ? 429 : 200);
        }
        return out;
    }

    @Test
    void decisionsFollowAnExactSlidingOneSecondWindow() throws Exception {
        app.importRatePerSecond(5);
        String t = token();
        List<Integer> statuses = new ArrayList<>();
        int conv = 0;
        // 5 at once, 3 more 600 ms later (429: still within 1 s of the first five), then 3 more 500 ms later:
        // the first five have left the window but the three rejected ones (counted too) have not.
        int[][] plan = {{5, 0}, {3, 600}, {3, 500}, {3, 1100}};
        for (int[] step : plan) {
            Thread.sleep(step[1]);
            for (int i = 0; i < step[0]; i++) {
                statuses.add(postJson(usersImport(), txt("u" + conv, "v" + conv++, 2000).toString(), t).statusCode());
            }
        }
        long[] arrivals = app.endpoint(SandboxApp.USERS_IMPORT).arrivalNanos();
        assertEquals(statuses.size(), arrivals.length);
        assertEquals(expectedStatuses(arrivals, 5), statuses);
        assertTrue(statuses.subList(5, 8).contains(429), "a fixed per-second bucket could have let these through");
        assertTrue(app.endpoint(SandboxApp.USERS_IMPORT).maxAcceptedInAnyWindow(Duration.ofSeconds(1)) <= 5);
        assertEquals(statuses.stream().filter(s -> s == 429).count(), app.endpoint(SandboxApp.USERS_IMPORT).count429());
    }

    @Test
    void burstOverDefault100PerSecondGets429ReachLimit() throws Exception {
        String t = token();
        List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(url(usersImport())))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + t)
                    .POST(HttpRequest.BodyPublishers.ofString(txt("a" + i, "b" + i, 2000).toString())).build();
            fs.add(CLIENT.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        HttpResponse<String> rejected = null;
        for (CompletableFuture<HttpResponse<String>> f : fs) {
            HttpResponse<String> r = f.join();
            if (r.statusCode() == 200) {
                ok++;
            } else {
                rejected = r;
            }
        }
        long[] arrivals = app.endpoint(SandboxApp.USERS_IMPORT).arrivalNanos();
        long expectedOk = expectedStatuses(arrivals, 100).stream().filter(s -> s == 200).count();
        assertEquals(expectedOk, ok);
        assertEquals(ok, app.endpoint(SandboxApp.USERS_IMPORT).accepted());
        assertEquals(130 - ok, app.endpoint(SandboxApp.USERS_IMPORT).count429());
        assertTrue(app.endpoint(SandboxApp.USERS_IMPORT).maxAcceptedInAnyWindow(Duration.ofSeconds(1)) <= 100);
        if (app.endpoint(SandboxApp.USERS_IMPORT).maxRequestsInAnyWindow(Duration.ofSeconds(1)) == 130) {
            assertEquals(100, ok, "all 130 arrived within one second");
        }
        assertTrue(rejected != null, "some requests must be rejected");
        assertError(rejected, 429, "reach_limit", "This request has reached api limit");
    }

    @Test
    void endpointsHaveSeparateWindows() throws Exception {
        app.importRatePerSecond(2);
        String t = token();
        assertEquals(200, postJson(usersImport(), txt("a", "b", 2000).toString(), t).statusCode());
        assertEquals(200, postJson(usersImport(), txt("a", "c", 2000).toString(), t).statusCode());
        assertEquals(429, postJson(usersImport(), txt("a", "d", 2000).toString(), t).statusCode());
        assertEquals(200, postJson(groupsImport(), txt("a", "g", 2000).toString(), t).statusCode());
    }

    @Test
    void maxInWindowIsExactAndHalfOpen() {
        long ms = 1_000_000L;
        long[] arrivals = {0, 500 * ms, 999 * ms, 1000 * ms, 1999 * ms, 2000 * ms, 2001 * ms, 2002 * ms};
        assertEquals(4, ArrivalLog.maxInWindow(arrivals, SECOND)); // 1999, 2000, 2001, 2002 (and 1000 is exactly 1 s before 2000)
        assertEquals(3, ArrivalLog.maxInWindow(new long[] {0, 500 * ms, 999 * ms, 1000 * ms}, SECOND));
        assertEquals(0, ArrivalLog.maxInWindow(new long[0], SECOND));
    }
}
