package io.chathistorybridge.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The history pace, scaled so the test is quick: the sandbox allows 30 calls a minute, the bridge is set to 20
 * (the real pair is 10 and 6). Calls must come evenly spaced, at least 60/20 s apart, and never meet a 429.
 */
class ExportPaceTest extends ExportRouteTestSupport {

    @Override
    int historyLimitPerMinute() {
        return 30;
    }

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("bridge.export.requests-per-minute", "20");
        return p;
    }

    @Test
    void historyCallsKeepThePace() throws Exception {
        List<String> h = lastHours(4);
        h.forEach(app::markEmpty);
        // the token first, so that the time of a token request does not shift the first call
        context.getRegistry().lookupByNameAndType("sourceToken", io.chathistorybridge.token.AppToken.class).token();
        startExport();
        awaitStates(Map.of(h.get(0), "empty", h.get(1), "empty", h.get(2), "empty", h.get(3), "empty"),
                Duration.ofSeconds(30));
        List<Instant> calls = app.historyCallTimes();
        assertEquals(4, calls.size());
        for (int i = 1; i < calls.size(); i++) {
            long gap = Duration.between(calls.get(i - 1), calls.get(i)).toMillis();
            assertTrue(gap >= 2950, "calls " + (i - 1) + " and " + i + " only " + gap + " ms apart");
        }
        assertEquals(0, app.history429());
    }
}
