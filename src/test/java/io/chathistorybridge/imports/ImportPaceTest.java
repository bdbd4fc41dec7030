package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.sandbox.SandboxApp;
import org.junit.jupiter.api.Test;

/**
 * The sandbox enforces the per-endpoint limit over any sliding second (429 beyond it). The bridge, with
 * latency on every call and its default pacing settings, must stay under it in every window while reaching close
 * to it.
 */
class ImportPaceTest extends ImportRouteTestSupport {

    private static final int RATE = 50;

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("bridge.import.rate-per-second", String.valueOf(RATE));
        p.setProperty("bridge.import.max-in-flight", "12");
        return p;
    }

    @Test
    void slidingWindowsStayUnderTheLimitWhileTheRateComesClose() throws Exception {
        target.importRatePerSecond(RATE);
        sandbox.faults().latency(Duration.ofMillis(60));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            boolean group = i % 2 == 1;
            lines.add(text(group ? "groupchat" : "chat", "u" + (i % 20), group ? "g" + (i % 10) : "v" + (i % 20),
                    BASE + i, "p" + i));
        }
        drop("paced.ndjson", lines);
        JsonNode report = awaitReport("paced", Duration.ofSeconds(60));

        assertEquals(800, report.get("imported").asInt(), report.toString());
        for (String endpoint : List.of(SandboxApp.USERS_IMPORT, SandboxApp.GROUPS_IMPORT)) {
            int max = target.endpoint(endpoint).maxRequestsInAnyWindow(Duration.ofSeconds(1));
            double achieved = report.at("/endpoints/" + endpoint + "/messagesPerSecond").asDouble();
            System.out.printf("pace %s: max %d requests in any 1 s window (limit %d), achieved %.1f/s (%.3f of the limit),"
                    + " 429s %d%n", endpoint, max, RATE, achieved, achieved / RATE,
                    target.endpoint(endpoint).count429());
            // the window guard holds the limit in every sliding second, whatever the jitter on the way (bridge and
            // sandbox share one JVM on 2 busy cores here); a pacer that bursts, as Camel's throttle does, fails this
            assertTrue(max <= RATE, endpoint + ": " + max + " requests in one sliding second");
            assertEquals(0, target.endpoint(endpoint).count429(), "429s caused by the bridge");
            assertTrue(achieved >= 0.8 * RATE, endpoint + " achieved only " + achieved + "/s");
        }
    }
}
