package io.chathistorybridge.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/** A bridge stopped in the middle of a backfill resumes where it was, without exporting a done hour twice. */
class ExportRestartTest extends ExportRouteTestSupport {

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("bridge.export.backfill-hours", "6");
        return p;
    }

    @Test
    void restartInTheMiddleOfABackfillResumes() throws Exception {
        List<String> h = lastHours(6);
        for (int i = 0; i < h.size(); i++) {
            app.generateHistory(h.get(i), ZONE, 200, i);
        }
        sandbox.faults().latency(Duration.ofMillis(400)); // each history call takes a while
        startExport();
        await(() -> states().get(h.get(1)).isPresent(), Duration.ofSeconds(20), () -> "two hours not done");

        HourStates store = states(); // the registry is empty while the context is stopped
        context.stop(); // the hour in progress finishes, the others are left for the next start
        long doneBefore = h.stream().filter(x -> store.get(x).map(s -> s.state().equals("done")).orElse(false)).count();
        assertTrue(doneBefore >= 2 && doneBefore < 6, "stopped mid-backfill, done: " + doneBefore);
        int callsBefore = app.historyCallTimes().size();
        assertEquals(doneBefore, callsBefore, "no hour left half-way");

        // a second bridge over the same data dir, export enabled: it runs at start-up and resumes
        Properties again = settings();
        again.setProperty("bridge.export.enabled", "true");
        Main second = new Main();
        second.setPropertyPlaceholderLocations("file:config/application.properties");
        second.setOverrideProperties(again);
        second.start();
        try {
            HourStates resumed = second.getCamelContext().getRegistry().lookupByNameAndType("hourStates", HourStates.class);
            await(() -> h.stream().allMatch(x -> resumed.get(x).map(s -> s.state().equals("done")).orElse(false)),
                    Duration.ofSeconds(30), () -> "not every hour done after the restart");
            assertEquals(6, app.downloadCount(), "each hour downloaded once");
            assertEquals(6, app.historyCallTimes().size(), "done hours not asked for again");
            for (String hour : h) {
                assertEquals(1, resumed.get(hour).orElseThrow().attempts(), hour);
            }
        } finally {
            second.stop();
        }
    }
}
