package io.chathistorybridge.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

class ExportRouteTest extends ExportRouteTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyAnswerCaseDuplicatesAndMalformedLines() throws Exception {
        List<String> h = lastHours(4);
        String unstoredOld = h.get(0);   // ended > give-up (2 h) ago: expired
        String empty = h.get(1);         // 404 storage_object_not_found
        String mixed = h.get(2);         // duplicates, malformed lines, two gzip members
        String generated = h.get(3);     // a generated hour
        app.markUnstored(unstoredOld);
        app.markEmpty(empty);
        ByteArrayOutputStream twoMembers = new ByteArrayOutputStream();
        twoMembers.write(gzip(record("m1", 1) + "\n" + record("m2", 2) + "\n" + "{not json\n" + record("m1", 1) + "\n"));
        twoMembers.write(gzip(record("m3", 3) + "\n\n" + "[1,2]\n" + record("m2", 2) + "\n" + record("m4", 4)));
        app.putHistory(mixed, twoMembers.toByteArray());
        app.generateHistory(generated, ZONE, 300, 7);

        startExport();
        awaitStates(Map.of(unstoredOld, "expired", empty, "empty", mixed, "done", generated, "done"),
                Duration.ofSeconds(30));

        // duplicates dropped by msg_id, malformed lines set aside, records written unchanged and in order
        assertEquals(List.of(record("m1", 1), record("m2", 2), record("m3", 3), record("m4", 4)), lines(output(mixed)));
        HourState mixedState = states().get(mixed).orElseThrow();
        assertEquals(4, mixedState.records());
        assertEquals(2, mixedState.duplicates());
        assertEquals(2, mixedState.rejects());
        List<String> rejects = lines(dataDir.resolve("export/rejects/" + mixed + ".rejects.ndjson"));
        assertEquals(2, rejects.size());
        JsonNode first = JSON.readTree(rejects.get(0));
        assertEquals(3, first.get("line").asInt());
        assertEquals("{not json", first.get("text").asText());
        JsonNode second = JSON.readTree(rejects.get(1));
        assertEquals(7, second.get("line").asInt()); // line 7 of the whole gunzipped stream (two members)
        assertEquals("[1,2]", second.get("text").asText());

        // the generated hour: every line a record, counted
        HourState gen = states().get(generated).orElseThrow();
        assertEquals(lines(output(generated)).size(), gen.records());
        assertTrue(gen.records() > 0 && gen.records() <= 300);
        assertEquals(300, gen.records() + gen.duplicates());

        assertFalse(Files.exists(output(empty)));
        assertFalse(Files.exists(output(unstoredOld)));
        assertTrue(states().get(unstoredOld).orElseThrow().lastError().contains("gap"));
        assertTrue(Files.exists(dataDir.resolve("export/raw/" + mixed + ".gz")), "raw .gz kept");
        assertNoPartFiles();
        assertEquals(2, app.downloadCount());
    }

    @Test
    void recentUnstoredHourStaysPendingAndIsAskedAgain() throws Exception {
        String last = onlyHour();
        app.markUnstored(last);
        startExport();
        awaitStates(Map.of(last, "pending"), Duration.ofSeconds(20));
        assertTrue(states().get(last).orElseThrow().lastError().contains("expired or unstored"));

        // the file appears: the next run exports it
        app.generateHistory(last, ZONE, 50, 3);
        template.sendBody("seda:export-run?size=1", null);
        awaitStates(Map.of(last, "done"), Duration.ofSeconds(20));
        assertEquals(2, states().get(last).orElseThrow().attempts());
    }

    @Test
    void unauthorizedRefreshesTheTokenAndRetries() throws Exception {
        String hour = onlyHour();
        app.generateHistory(hour, ZONE, 20, 1);
        startExport();
        awaitStates(Map.of(hour, "done"), Duration.ofSeconds(20));
        int tokensBefore = app.tokenRequests();

        // the cached token stops working: one 401, one new token, the call retried
        app.revokeTokens();
        states().reset(hour, "test");
        template.sendBody("seda:export-run?size=1", null);
        awaitStates(Map.of(hour, "done"), Duration.ofSeconds(20));
        assertEquals(tokensBefore + 1, app.tokenRequests());
        assertEquals(2, app.downloadCount());
    }

    @Test
    void serverErrorsAreRetriedThenTheHourStaysPending() throws Exception {
        String hour = onlyHour();
        app.generateHistory(hour, ZONE, 20, 1);
        sandbox.faults().faultsOnHistory(true).rate503(1.0);
        startExport();
        awaitStates(Map.of(hour, "pending"), Duration.ofSeconds(30));
        assertTrue(states().get(hour).orElseThrow().lastError().contains("503"),
                states().get(hour).orElseThrow().lastError());
        assertEquals(3, app.historyCallTimes().size(), "max-attempts history calls");

        sandbox.faults().rate503(0.0);
        template.sendBody("seda:export-run?size=1", null);
        awaitStates(Map.of(hour, "done"), Duration.ofSeconds(20));
    }

    @Test
    void urlExpiredBeforeTheDownloadIsRenewed() throws Exception {
        String hour = onlyHour();
        app.generateHistory(hour, ZONE, 40, 1);
        // the first answer's URL is already expired when it arrives; later answers get a normal URL
        app.urlTtl(Duration.ZERO);
        sandbox.faults().latency(Duration.ofMillis(1500));
        Thread watcher = new Thread(() -> {
            try {
                while (app.historyCallTimes().isEmpty()) {
                    Thread.sleep(5);
                }
                Thread.sleep(300); // the first answer's URL is signed by now; it is still held back by the latency
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            app.urlTtl(Duration.ofMinutes(30));
        });
        watcher.start();
        startExport();
        awaitStates(Map.of(hour, "done"), Duration.ofSeconds(30));
        watcher.join();
        assertEquals(2, app.historyCallTimes().size(), "a new URL was asked for");
        assertEquals(1, app.downloadCount());
        assertEquals(40, states().get(hour).orElseThrow().records() + states().get(hour).orElseThrow().duplicates());
    }

    @Test
    void urlExpiringEveryTimeLeavesTheHourPending() throws Exception {
        String hour = onlyHour();
        app.generateHistory(hour, ZONE, 10, 1);
        app.urlTtl(Duration.ZERO);
        sandbox.faults().latency(Duration.ofMillis(1100));
        startExport();
        awaitStates(Map.of(hour, "pending"), Duration.ofSeconds(30));
        assertTrue(states().get(hour).orElseThrow().lastError().contains("expired (403)"));
        assertEquals(3, app.historyCallTimes().size(), "first URL + 2 renewals");
        assertEquals(0, app.downloadCount());
        assertFalse(Files.exists(output(hour)));
    }

    @Test
    void reexportRequestFileExportsADoneHourAgain() throws Exception {
        String hour = onlyHour();
        app.generateHistory(hour, ZONE, 30, 1);
        startExport();
        awaitStates(Map.of(hour, "done"), Duration.ofSeconds(20));
        Files.delete(output(hour));

        // another run does not export it again
        template.sendBody("seda:export-run?size=1", null);
        Thread.sleep(1000);
        assertEquals(1, app.downloadCount());

        context.getRouteController().startRoute("export-requests");
        Files.createDirectories(dataDir.resolve("export/requests"));
        Files.writeString(dataDir.resolve("export/requests/again.txt"), "# one hour\n" + hour + "-" + hour + "\n");
        await(() -> app.downloadCount() == 2 && Files.exists(output(hour)), Duration.ofSeconds(20),
                () -> "re-export did not happen");
        awaitStates(Map.of(hour, "done"), Duration.ofSeconds(10));
        await(() -> {
            try (var done = Files.list(dataDir.resolve("export/requests/done"))) {
                return done.count() == 1;
            } catch (java.io.IOException e) {
                return false;
            }
        }, Duration.ofSeconds(5), () -> "request file not moved to done/");
    }

    @Test
    void disabledExportNeverRuns() throws Exception {
        String hour = onlyHour();
        app.generateHistory(hour, ZONE, 10, 1);
        Thread.sleep(1500);
        for (String route : List.of("export-startup", "export-schedule", "export-requests", "export-retry", "export-run")) {
            assertEquals(ServiceStatus.Stopped, context.getRouteController().getRouteStatus(route), route);
        }
        assertTrue(app.historyCallTimes().isEmpty());
    }
}
