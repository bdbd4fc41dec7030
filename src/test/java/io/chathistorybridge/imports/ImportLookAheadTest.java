package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.sandbox.AcceptedImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Two hour files dropped at once, as the export leaves a backlog: while a long conversation finishes the first file,
 * the other conversations go on into the second (bridge.import.look-ahead-lines), each conversation in order across
 * the files; with a look-ahead of 0 the second file waits for the first.
 */
class ImportLookAheadTest extends ImportRouteTestSupport {

    private final String lookAhead;

    /** The test of a look-ahead of 0 runs with it, the others with the default. */
    ImportLookAheadTest(TestInfo test) {
        lookAhead = test.getTestMethod().orElseThrow().getName().contains("OfZero") ? "0" : null;
    }

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        if (lookAhead != null) {
            p.setProperty("bridge.import.look-ahead-lines", lookAhead);
        }
        return p;
    }

    @Test
    void whileOneConversationFinishesAFileTheOthersGoOnIntoTheNext() throws Exception {
        List<AcceptedImport> landed = importTwoHours();
        long lastOfLong = lastArrival(landed, "a");
        long firstOfNext = landed.stream().filter(i -> i.from().equals("c")).mapToLong(AcceptedImport::arrivalNanos)
                .min().orElseThrow();
        assertTrue(firstOfNext < lastOfLong, "c-d of the second hour went before a-b had finished the first ("
                + (lastOfLong - firstOfNext) / 1_000_000 + " ms before)");
    }

    @Test
    void withALookAheadOfZeroTheNextFileWaitsForTheOneBeforeIt() throws Exception {
        List<AcceptedImport> landed = importTwoHours();
        long lastOfFirstHour = lastArrival(landed, "a");
        assertTrue(landed.stream().filter(i -> i.from().equals("c"))
                .allMatch(i -> i.arrivalNanos() > lastOfFirstHour), "c-d only after the first hour");
    }

    /** Hour 1: a-b 25 messages (the long conversation); hour 2: a-b 2 more, c-d 4; both in the inbox at once. */
    private List<AcceptedImport> importTwoHours() throws Exception {
        sandbox.faults().latency(Duration.ofMillis(20));
        List<String> first = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            first.add(text("chat", "a", "b", BASE + i, "h1-ab-" + i));
        }
        List<String> second = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            second.add(text("chat", "c", "d", BASE + 3_600_000L + i, "h2-cd-" + i));
        }
        second.add(text("chat", "a", "b", BASE + 3_600_000L + 7, "h2-ab-1"));
        second.add(text("chat", "a", "b", BASE + 3_600_000L + 8, "h2-ab-2"));
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        Path a = gzip(inbox, "2026112201.gz", first);
        Path b = gzip(inbox, "2026112202.gz", second);
        Files.move(a, inbox.resolve("2026112201.gz"));
        Files.move(b, inbox.resolve("2026112202.gz"));

        JsonNode h1 = awaitReport("2026112201", Duration.ofSeconds(60));
        JsonNode h2 = awaitReport("2026112202", Duration.ofSeconds(60));
        assertEquals(25, h1.get("imported").asInt(), h1.toString());
        assertEquals(6, h2.get("imported").asInt(), h2.toString());
        assertAccounted(h1);
        assertAccounted(h2);
        List<AcceptedImport> landed = target.imports();
        assertEquals(31, landed.size(), "every message once");
        assertEquals(0, target.orderViolations());
        List<String> ab = landed.stream().filter(i -> i.from().equals("a")).map(i -> text(i.body())).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            expected.add("h1-ab-" + i);
        }
        expected.add("h2-ab-1");
        expected.add("h2-ab-2");
        assertEquals(expected, ab, "a-b in order across the files");
        return landed;
    }

    private static long lastArrival(List<AcceptedImport> landed, String from) {
        return landed.stream().filter(i -> i.from().equals(from) && text(i.body()).startsWith("h1-"))
                .mapToLong(AcceptedImport::arrivalNanos).max().orElseThrow();
    }

    private static String text(String body) {
        try {
            return JSON.readTree(body).path("msg").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Written under a hidden name, then renamed into the inbox by the caller: both appear at once. */
    private static Path gzip(Path inbox, String name, List<String> lines) throws IOException {
        Path tmp = inbox.resolve("." + name + ".part");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return tmp;
    }
}
