package io.chathistorybridge.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.api.ApiErrorKind;
import io.chathistorybridge.store.StoreDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests of the export's processors (no Camel routes, no HTTP). */
class ExportUnitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path dir;

    private HourStates states() {
        return new HourStates(StoreDataSource.create("", "sa", "", dir));
    }

    private static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    // ---- Hours

    @Test
    void hoursAreLabelledInTheConfiguredZone() {
        Instant at = Instant.parse("2026-11-22T17:30:00Z");
        assertEquals("2026112301", new Hours(SHANGHAI).hourOf(at));
        assertEquals("2026112217", new Hours(ZoneOffset.UTC).hourOf(at));
        assertEquals(Instant.parse("2026-11-22T16:00:00Z"), new Hours(SHANGHAI).start("2026112300"));
        assertEquals("2026120100", new Hours(SHANGHAI).next("2026113023"));
        assertThrows(IllegalArgumentException.class, () -> new Hours(SHANGHAI).start("2026113024"));
        assertThrows(IllegalArgumentException.class, () -> new Hours(SHANGHAI).start("20261130"));
    }

    @Test
    void aRepeatedDstHourIsSteppedOver() {
        Hours ny = new Hours(ZoneId.of("America/New_York")); // 2026-11-01 01:00 happens twice
        assertEquals("2026110102", ny.next("2026110101"));
    }

    // ---- HourPlanner

    @Test
    void plannerTakesSettledHoursOfTheWindowThatAreNotDoneOldestFirst() {
        HourStates states = states();
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T04:10:00Z"), ZoneOffset.UTC); // 12:10 Shanghai
        Hours hours = new Hours(SHANGHAI);
        // settle 60 min: 11:00-12:00 ended 10 min ago, not settled; 10:00-11:00 is the last due hour
        HourPlanner planner = new HourPlanner(hours, states, Duration.ofMinutes(60), 4, "", clock);
        assertEquals(List.of("2026112207", "2026112208", "2026112209", "2026112210"), planner.dueHours());

        states.markDone("2026112208", 10, 0, 0);
        states.markEmpty("2026112209");
        states.markExpired("2026112207", "gap");
        states.markPending("2026112210", "503");
        states.reset("2026112101", "re-export");   // older than the window: asked for too
        states.reset("2026112211", "re-export");   // not settled yet: not yet
        assertEquals(List.of("2026112101", "2026112210"), planner.dueHours());
    }

    @Test
    void plannerInUtcAndFromAStartHour() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T04:10:00Z"), ZoneOffset.UTC);
        HourPlanner utc = new HourPlanner(new Hours(ZoneOffset.UTC), states(), Duration.ofMinutes(5), 2, "", clock);
        assertEquals(List.of("2026112202", "2026112203"), utc.dueHours());
        HourPlanner from = new HourPlanner(new Hours(ZoneOffset.UTC), states(), Duration.ofMinutes(5), 2,
                "2026112122", clock);
        assertEquals(List.of("2026112122", "2026112123", "2026112200", "2026112201", "2026112202", "2026112203"),
                from.dueHours());
        assertThrows(IllegalArgumentException.class,
                () -> new HourPlanner(new Hours(ZoneOffset.UTC), states(), Duration.ZERO, 2, "2026-11-22", clock));
    }

    // ---- HourStates

    @Test
    void hourStatesSurviveANewDataSource() {
        states().markDone("2026112208", 5, 1, 2);
        states().markPending("2026112209", "503 after 5 attempts");
        HourStates reopened = states();
        assertEquals(new HourState("2026112208", "done", 5, 1, 2, null, 1), reopened.get("2026112208").orElseThrow());
        reopened.markPending("2026112209", "again");
        assertEquals(2, reopened.get("2026112209").orElseThrow().attempts());
        reopened.reset("2026112208", "re-export");
        assertEquals("pending", reopened.get("2026112208").orElseThrow().state());
        assertEquals(List.of("2026112208", "2026112209"), reopened.pending().stream().map(HourState::hour).toList());
    }

    // ---- HistoryAnswer

    /** An exchange of export-hour for the hour: its record in property exportHour. */
    private static Exchange exchange(String hour) {
        Exchange e = exchange();
        e.setProperty(ExportHour.PROPERTY, new ExportHour(hour, System.currentTimeMillis()));
        return e;
    }

    private static ExportHour hour(Exchange e) {
        return ExportHour.of(e);
    }

    private Exchange answer(int status, String body) {
        Exchange e = exchange("2026112208");
        e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getIn().setBody(body);
        new HistoryAnswer(JSON).process(e);
        return e;
    }

    private ExportHour.Answer answerOf(int status, String body) {
        return hour(answer(status, body)).answer();
    }

    @Test
    void historyAnswersAreClassified() {
        Exchange ok = answer(200, "{\"data\":[{\"url\":\"http://h/x.gz?Expires=1&Signature=s\"},{\"url\":\"http://h/y.gz\"}]}");
        assertEquals(ExportHour.Answer.URLS, hour(ok).answer());
        assertEquals(List.of("http://h/x.gz?Expires=1&Signature=s", "http://h/y.gz"), hour(ok).urls());
        assertEquals(ExportHour.Answer.EMPTY, answerOf(404, "{\"error\":\"storage_object_not_found\"}"));
        assertEquals(ExportHour.Answer.UNSTORED, answerOf(400, "{\"error\":\"illegal_argument\",\"error_description\":\"illegal arguments:"
                + " appkey: a#b, time: 2026112208, maybe chat message history is expired or unstored\"}"));
        Exchange badTime = answer(400, "{\"error\":\"illegal_argument\",\"error_description\":\"illegal arguments: time\"}");
        assertEquals(ExportHour.Answer.FAILED, hour(badTime).answer());
        assertTrue(hour(badTime).error().contains("400 illegal_argument"));
        assertEquals(ExportHour.Answer.FAILED, answerOf(404, "{\"error\":\"organization_application_not_found\"}"));
        assertEquals(ExportHour.Answer.FAILED, answerOf(200, "{\"data\":[]}"));
        assertEquals(ExportHour.Answer.FAILED, answerOf(200, "<html>"));

        Exchange apiFailed = exchange("2026112208");
        apiFailed.setProperty(ApiError.PROPERTY, new ApiError(503, "service_unavailable", "x", 5, ApiErrorKind.TRANSIENT));
        new HistoryAnswer(JSON).process(apiFailed);
        assertEquals(ExportHour.Answer.FAILED, hour(apiFailed).answer());
        assertTrue(hour(apiFailed).error().contains("503"));
    }

    // ---- HourRecorder

    @Test
    void recorderMarksUnstoredHoursExpiredOnlyAfterGiveUp() {
        HourStates states = states();
        Hours hours = new Hours(ZoneOffset.UTC);
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        HourRecorder recorder = new HourRecorder(hours, states, Duration.ofHours(72), clock);
        for (String hour : List.of("2026111910", "2026111909")) { // ends 71 h and exactly 72 h ago
            Exchange e = exchange(hour);
            hour(e).answered(ExportHour.Answer.UNSTORED, List.of(), null);
            recorder.process(e);
        }
        assertEquals("pending", states.get("2026111910").orElseThrow().state());
        assertEquals("expired", states.get("2026111909").orElseThrow().state());

        Exchange done = exchange("2026112208");
        hour(done).written(new HourFileWriter.Result(null, 7, 7, 0, 0, 0));
        recorder.process(done);
        assertEquals(7, states.get("2026112208").orElseThrow().records());
        assertTrue(hour(done).outcome().startsWith("Export hour 2026112208: done, 7 records"));

        Exchange failed = exchange("2026112207");
        hour(failed).end(ExportHour.Answer.FAILED, "download failed at http://oss/x.gz?Signature=secret");
        recorder.process(failed);
        String error = states.get("2026112207").orElseThrow().lastError();
        assertFalse(error.contains("secret"), error);
    }

    // ---- ReexportRequest

    @Test
    void reexportRequestsNameHoursAndRanges() {
        ReexportRequest request = new ReexportRequest(new Hours(SHANGHAI), states());
        assertEquals(List.of("2026112222", "2026112223", "2026112300", "2026112308"),
                request.parse("# comment\n2026112222-2026112300\n\n2026112308  # one more\n"));
        assertThrows(IllegalArgumentException.class, () -> request.parse("2026112300-2026112222"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> request.parse("ok?\n"));
        assertTrue(bad.getMessage().contains("line 1"));
        assertThrows(IllegalArgumentException.class, () -> request.parse("2020010100-2026010100"));
    }

    @Test
    void theHoursLogLineAccountsForEveryLineRead() throws IOException {
        Files.write(dir.resolve("2026112208.gz"), gzip("{\"msg_id\":\"1\"}\n\n{\"msg_id\":\"1\"}\n[]\n"
                + "{\"msg_id\":\"2\"}\r\n  \n{\"msg_id\":\"3\"}"));
        Exchange e = exchange("2026112208");
        hour(e).answered(ExportHour.Answer.URLS, List.of("http://h/x.gz"), null);
        new NextDownload(dir).process(e); // the one URL, saved as 2026112208.gz
        new HourFileWriter(dir.resolve("out"), dir.resolve("rejects"), true, JSON).process(e);
        new HourRecorder(new Hours(ZoneOffset.UTC), states(), Duration.ofHours(72), Clock.systemUTC()).process(e);
        String line = hour(e).outcome();
        assertTrue(line.startsWith("Export hour 2026112208: done, 3 records, 1 duplicates, 1 rejects, 2 blank of 7 lines"
                + " read, "), line);
    }

    // ---- HourFileWriter

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void writerRejectsTruncatedOrNonGzipFilesAndLeavesNoOutput() throws IOException {
        HourFileWriter writer = new HourFileWriter(dir.resolve("out"), dir.resolve("rejects"), true, JSON);
        byte[] whole = gzip("{\"msg_id\":\"1\"}\n".repeat(1000));
        Path truncated = Files.write(dir.resolve("t.gz"), Arrays.copyOf(whole, whole.length - 6));
        assertThrows(IOException.class, () -> writer.write("2026112208", List.of(truncated)));
        Path plain = Files.writeString(dir.resolve("p.gz"), "{\"msg_id\":\"1\"}\n");
        assertThrows(IOException.class, () -> writer.write("2026112208", List.of(plain)));
        try (var out = Files.list(dir.resolve("out"))) {
            assertEquals(0, out.count(), "no output, no temporary file");
        }
    }

    @Test
    void writerDropsDuplicatesAcrossPartsAndKeepsLinesUnchanged() throws IOException {
        HourFileWriter writer = new HourFileWriter(dir.resolve("out"), dir.resolve("rejects"), false, JSON);
        String a = "{\"msg_id\":\"1\",\"payload\":{\"msg_id\":\"x\",\"bodies\":[{\"msg\":\"\\u00e9 \u4f60\"}]}}";
        String b = "{\"chat_type\":\"chat\", \"msg_id\" : 2 ,\"timestamp\":1}";
        Path p1 = Files.write(dir.resolve("1.gz"), gzip(a + "\n" + b + "\r\n{\"msg_id\":\"1\"}\n{\"a\":1} trailing\n"));
        Path p2 = Files.write(dir.resolve("2.gz"), gzip("{\"msg_id\":\"2\"}\n{\"no_id\":true}\n"));
        HourFileWriter.Result r = writer.write("2026112208", List.of(p1, p2));
        assertEquals(List.of(a, b, "{\"no_id\":true}"), Files.readAllLines(r.file()));
        assertEquals(3, r.records());
        assertEquals(2, r.duplicates()); // "1" again in part 1, "2" (number, then string) in part 2
        assertEquals(1, r.rejects());
        assertEquals(4, JSON.readTree(Files.readAllLines(dir.resolve("rejects/2026112208.rejects.ndjson")).get(0))
                .get("line").asInt());
        assertFalse(Files.exists(p1), "raw files removed when keep-raw is false");
    }
}
