package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.LogCapture;
import io.chathistorybridge.attachments.AttachmentCopy;
import io.chathistorybridge.pace.Pacer;
import io.chathistorybridge.sandbox.AcceptedImport;
import io.chathistorybridge.sandbox.SandboxApp;
import io.chathistorybridge.store.ImportedMessages;
import io.chathistorybridge.store.StoreDataSource;
import org.junit.jupiter.api.Test;

class ImportRouteTest extends ImportRouteTestSupport {

    /** 1:1 and group conversations, shuffled, with equal timestamps inside conversations. */
    private static List<String> shuffledWithTies(int n, String prefix) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ts = BASE + (i / 3) * 7L; // every three messages share a timestamp
            if (i % 2 == 0) {
                int pair = (i / 6) % 5;
                // both directions of one pair: one conversation
                lines.add(i % 4 == 0 ? text("chat", "u" + pair, "v" + pair, ts, prefix + i)
                        : text("chat", "v" + pair, "u" + pair, ts, prefix + i));
            } else {
                lines.add(text("groupchat", "u" + (i % 7), "g" + (i / 6) % 4, ts, prefix + i));
            }
        }
        Collections.shuffle(lines, new Random(7));
        return lines;
    }

    @Test
    void shuffledFileImportsInOrderAndARedropImportsNothingTwice() throws Exception {
        List<String> lines = shuffledWithTies(240, "m");
        drop("2026112208.ndjson", lines);
        JsonNode report = awaitReport("2026112208", Duration.ofSeconds(60));

        assertEquals(240, report.get("lines").asInt());
        assertEquals(240, report.get("imported").asInt(), report.toString());
        assertEquals(0, report.get("failed").asInt());
        assertTrue(report.get("shiftedTimestamps").asInt() > 0, "ties were shifted");
        assertEquals(240, target.imports().size());
        assertEquals(0, target.orderViolations(), "the server never saw a timestamp out of order");
        assertEquals(120, target.imports(SandboxApp.USERS_IMPORT).size());
        assertEquals(120, target.imports(SandboxApp.GROUPS_IMPORT).size());

        // every source message arrived once, with its own text and ext
        Set<String> bodies = new HashSet<>();
        for (AcceptedImport i : target.imports()) {
            String msg = JSON.readTree(i.body()).get("msg").asText();
            assertEquals(msg, JSON.readTree(i.ext()).get("src").asText());
            assertTrue(bodies.add(msg), "imported twice: " + msg);
        }
        // the msg_id map pairs each source id with the id the server gave
        List<String> map = Files.readAllLines(dataDir.resolve("reports/2026112208.msgid-map.csv"));
        assertEquals(241, map.size());
        Map<String, String> targetIds = new HashMap<>();
        target.imports().forEach(i -> targetIds.put(i.msgId(), i.msgId()));
        for (String row : map.subList(1, map.size())) {
            String[] cols = row.split(",");
            assertTrue(targetIds.containsKey(cols[1]), "unknown target msg_id in " + row);
        }
        assertTrue(Files.list(dataDir.resolve("archive")).anyMatch(p -> p.getFileName().toString().endsWith("2026112208.ndjson")));
        assertFalse(Files.exists(dataDir.resolve("inbox/2026112208.ndjson")));

        // the same file dropped again: nothing is imported twice
        Files.delete(report("2026112208"));
        drop("2026112208.ndjson", lines);
        JsonNode again = awaitReport("2026112208", Duration.ofSeconds(60));
        assertEquals(0, again.get("imported").asInt());
        assertEquals(240, again.get("skippedDuplicates").asInt());
        assertEquals(240, target.imports().size());
    }

    @Test
    void eachEndpointsCallsTakeTheirOwnPacersPermits() throws Exception {
        drop("2026112209.ndjson", List.of(text("chat", "a", "b", 1_000, "u1"), text("chat", "a", "b", 2_000, "u2"),
                text("chat", "c", "d", 3_000, "u3"), text("groupchat", "a", "g1", 4_000, "g1")));
        assertEquals(4, awaitReport("2026112209", Duration.ofSeconds(30)).get("imported").asInt());
        assertEquals(3, pacer("usersImportPacer").permits());
        assertEquals(1, pacer("chatgroupsImportPacer").permits());
    }

    private Pacer pacer(String name) {
        return context.getRegistry().lookupByNameAndType(name, Pacer.class);
    }

    @Test
    void badLinesGoToTheDeadLetterWithTheReasonAndTheRestGoesOn() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(text("chat", "a", "b", BASE + 1, "ok-1"));
        lines.add("{this is not json");
        lines.add(history("chat", "a", "b", BASE + 2, "no-msg", "{\"type\":\"txt\"}"));
        // the server refuses it (customEvent must match [a-zA-Z0-9-_/.]{1,32}): 400, no retry
        lines.add(history("chat", "a", "b", BASE + 3, "bad-event", "{\"type\":\"custom\",\"customEvent\":\"no spaces!\"}"));
        lines.add(text("chatroom", "a", "room1", BASE + 4, "room-1"));
        lines.add(text("groupchat", "a", "g1", BASE + 5, "ok-2"));
        target.revokeTokens(); // the first call meets a 401: new token, call retried
        drop("mixed.ndjson", lines);
        JsonNode report = awaitReport("mixed", Duration.ofSeconds(60));

        assertEquals(6, report.get("lines").asInt());
        assertEquals(2, report.get("imported").asInt(), report.toString());
        assertEquals(1, report.get("failed").asInt());
        assertEquals(2, report.get("invalid").asInt());
        assertEquals(1, report.get("unsupported").asInt());

        List<JsonNode> dead = deadLetters("mixed");
        assertEquals(3, dead.size());
        Map<Integer, JsonNode> byLine = new HashMap<>();
        dead.forEach(d -> byLine.put(d.at("/bridge_error/line").asInt(), d));
        assertEquals("{this is not json", byLine.get(2).get("raw_line").asText());
        assertTrue(byLine.get(2).at("/bridge_error/error_description").asText().startsWith("not valid JSON"));
        assertEquals("txt message without msg", byLine.get(3).at("/bridge_error/error_description").asText());
        assertEquals("no-msg", byLine.get(3).get("msg_id").asText(), "the original record is kept");
        assertEquals(400, byLine.get(4).at("/bridge_error/status").asInt());
        assertEquals("illegal_argument", byLine.get(4).at("/bridge_error/error").asText());
        assertEquals(1, byLine.get(4).at("/bridge_error/attempts").asInt(), "a 400 is not retried");

        List<String> unsupported = Files.readAllLines(dataDir.resolve("unsupported/mixed.ndjson"));
        assertEquals(1, unsupported.size());
        assertTrue(unsupported.get(0).contains("room-1"));
        assertEquals(0, target.endpoint(SandboxApp.USERS_IMPORT).count400() - 1,
                "only the refused custom message got a 400");
    }

    @Test
    void fixedDeadLettersDroppedBackAreImportedOnce() throws Exception {
        drop("fix.ndjson", List.of(text("chat", "a", "b", BASE + 1, "f1"),
                history("chat", "a", "b", BASE + 2, "f2", "{\"type\":\"txt\"}")));
        awaitReport("fix", Duration.ofSeconds(60));
        List<JsonNode> dead = deadLetters("fix");
        assertEquals(1, dead.size());
        // the user fixes the entry: adds the missing text, and drops the dead-letter file back (with f1 again)
        String fixed = dead.get(0).toString().replace("{\"type\":\"txt\"}", "{\"type\":\"txt\",\"msg\":\"fixed\"}");
        Files.delete(dataDir.resolve("failed/fix.ndjson"));
        Files.delete(report("fix"));
        drop("fix.ndjson", List.of(text("chat", "a", "b", BASE + 1, "f1"), fixed));
        JsonNode report = awaitReport("fix", Duration.ofSeconds(60));
        assertEquals(1, report.get("imported").asInt(), report.toString());
        assertEquals(1, report.get("skippedDuplicates").asInt());
        assertEquals(2, target.imports().size());
    }

    @Test
    void transientFailuresAreRetriedUntilImported() throws Exception {
        sandbox.faults().seed(3).rate503(0.3).dropRate(0.1).rate429(0.1);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add(text(i % 2 == 0 ? "chat" : "groupchat", "u" + (i % 3), i % 2 == 0 ? "v" + (i % 3) : "g" + (i % 3),
                    BASE + i, "t" + i));
        }
        drop("flaky.ndjson", lines);
        JsonNode report = awaitReport("flaky", Duration.ofSeconds(90));
        assertEquals(60, report.get("imported").asInt(), report.toString());
        assertTrue(sandbox.faults().injected503() > 0 && sandbox.faults().dropped() > 0);
        assertEquals(0, target.orderViolations());
        assertEquals(60, target.imports().size());
    }

    @Test
    void answersLostAfterTheServerRecordedTheImportAreNotDeadLettered() throws Exception {
        sandbox.faults().seed(9).dropAfterRecordRate(0.3); // the server imports it, then the connection drops
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(text("chat", "a" + (i % 4), "b" + (i % 4), BASE + i, "h" + i));
        }
        drop("hidden.ndjson", lines);
        JsonNode report = awaitReport("hidden", Duration.ofSeconds(60));
        assertTrue(sandbox.faults().droppedAfterRecord() > 0);
        // answered and unanswered imports are separate outcomes: each line is counted once
        assertEquals(40, report.get("imported").asInt() + report.get("importedWithoutAnswer").asInt(), report.toString());
        assertEquals(0, report.get("failed").asInt(), report.toString());
        assertEquals(sandbox.faults().droppedAfterRecord(), report.get("importedWithoutAnswer").asLong());
        assertEquals(40, target.imports().size(), "each message once on the server");
    }

    /** The outcomes import.camel.yaml compares by name: without their converters each comparison scans them all. */
    @Test
    void everyOutcomeTheRouteComparesByNameHasItsConverters() {
        for (Class<?> outcome : List.of(ImportRequestBuilder.Outcome.Kind.class,
                AttachmentCopy.Outcome.class, ImportAnswer.Kind.class,
                ImportFinish.End.class)) {
            assertTrue(context.getTypeConverterRegistry().lookup(String.class, outcome) != null
                    && context.getTypeConverterRegistry().lookup(outcome, String.class) != null, outcome.getName());
        }
    }

    @Test
    void aGracefulStopMovesTheKeyJournalToTheTable() throws Exception {
        drop("stop.ndjson", List.of(text("chat", "a", "b", BASE + 1, "s1"), text("groupchat", "a", "g", BASE + 2, "s2")));
        awaitReport("stop", Duration.ofSeconds(60));
        Path journal = dataDir.resolve("state").resolve("imported-keys");
        assertFalse(filesIn(journal).isEmpty(), "while the bridge runs, the keys are in its journal");

        context.stop();

        assertEquals(List.of(), filesIn(journal), "moved to the table when the bridge stopped");
        try (Connection c = StoreDataSource.create("", "sa", "", dataDir).getConnection();
             ResultSet keys = c.createStatement().executeQuery("SELECT messageId FROM " + ImportedMessages.TABLE
                     + " WHERE processorName = 'imp-org#imp-app' ORDER BY messageId")) {
            List<String> stored = new ArrayList<>();
            while (keys.next()) {
                stored.add(keys.getString(1));
            }
            assertEquals(List.of("s1", "s2"), stored);
        }
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void aMessageAcceptedButNotRememberedBeforeACrashIsNotDeadLetteredOnTheRepost() throws Exception {
        List<String> lines = List.of(text("chat", "a", "b", BASE + 1, "k1"), text("chat", "a", "b", BASE + 2, "k2"),
                text("groupchat", "a", "g", BASE + 3, "k3"));
        drop("crash.ndjson", lines);
        awaitReport("crash", Duration.ofSeconds(60));
        // a crash between the API's answer and the commit: the last message of each conversation is not in the store
        ImportedMessages imported = context.getRegistry().lookupByNameAndType("importedMessages", ImportedMessages.class);
        imported.moveJournalToTable();
        DataSource store = context.getRegistry().lookupByNameAndType("bridgeDataSource", DataSource.class);
        try (Connection c = store.getConnection();
             PreparedStatement forget = c.prepareStatement("DELETE FROM " + ImportedMessages.TABLE
                     + " WHERE processorName = ? AND messageId IN ('k2', 'k3')")) {
            forget.setString(1, context.resolvePropertyPlaceholders("{{bridge.target.org}}#{{bridge.target.app}}"));
            assertEquals(2, forget.executeUpdate());
        }

        Files.delete(report("crash"));
        drop("crash.ndjson", lines);
        JsonNode again = awaitReport("crash", Duration.ofSeconds(60));
        // the API refuses each re-post naming its own timestamp as the conversation's last: it was imported
        assertEquals(3, target.imports().size(), "each message once on the server: " + target.imports());
        assertEquals(1, again.get("skippedDuplicates").asInt(), again.toString());
        assertEquals(0, again.get("failed").asInt(), again.toString());
        assertEquals(0, again.get("imported").asInt(), again.toString());
        assertEquals(2, again.get("importedWithoutAnswer").asInt(), again.toString());
        assertTrue(imported.contains("k2") && imported.contains("k3"), "remembered now");
    }

    @Test
    void anOutagePausesTheFileInsteadOfGoingOnWithoutAMessage() throws Exception {
        sandbox.faults().rate503(1.0);
        List<String> lines = List.of(text("chat", "a", "b", BASE + 1, "d1"), text("chat", "a", "b", BASE + 2, "d2"),
                text("chat", "c", "d", BASE + 3, "d3"));
        Path dropped = drop("down.ndjson", lines);
        // every attempt of the first message fails: the file stops, nothing is dead-lettered or skipped past it
        await(() -> target.endpoint(SandboxApp.USERS_IMPORT).requests() >= 10, Duration.ofSeconds(60),
                () -> "no attempts");
        Thread.sleep(1500);
        assertTrue(Files.exists(dropped), "the file stays in the inbox");
        assertFalse(Files.exists(report("down")), "no report: the file is not finished");
        assertEquals(List.of(), deadLetters("down"));
        assertEquals(0, target.imports().size());

        // the API is back: the next poll imports the whole file, in order
        sandbox.faults().rate503(0.0);
        JsonNode report = awaitReport("down", Duration.ofSeconds(60));
        // a message still retrying in a paused pass when the API came back is imported there, and the pass that
        // finishes the file skips it as a duplicate: each message once on the server is what counts
        assertEquals(3, report.get("imported").asInt() + report.get("importedWithoutAnswer").asInt()
                + report.get("skippedDuplicates").asInt(), report.toString());
        assertEquals(0, report.get("failed").asInt());
        assertEquals(3, target.imports().size());
        assertEquals(0, target.orderViolations());
    }

    @Test
    void aPausedFileIsOneLineInTheLogWithoutAStackTrace() throws Exception {
        sandbox.faults().rate503(1.0);
        String log;
        try (LogCapture captured = LogCapture.start()) {
            drop("stuck.ndjson", List.of(text("chat", "a", "b", BASE + 1, "p1")));
            await(() -> captured.contains("paused after"), Duration.ofSeconds(60), () -> "no pause line");
            Thread.sleep(300);
            log = captured.text();
        }
        List<String> pauseLines = log.lines().filter(l -> l.contains("paused after")).toList();
        assertTrue(pauseLines.get(0).contains("WARN import-files - stuck.ndjson paused after 0 of 1 lines, the API kept"
                + " failing (line 1: 503"), pauseLines.get(0));
        assertFalse(log.contains("\tat "), "a stack trace:\n" + log);
        assertFalse(log.contains("Message History"), "Camel's failure dump:\n" + log);
        assertFalse(log.contains("Rollback file strategy"), log);
        assertTrue(Files.exists(dataDir.resolve("inbox/stuck.ndjson")), "the file stays in the inbox");
    }

    @Test
    void unreadableFileGoesToFailedWithAReason() throws Exception {
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        Files.write(inbox.resolve("broken.ndjson.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write((text("chat", "a", "b", BASE + 9, "after") + "\n").getBytes());
        }
        Files.write(inbox.resolve("good.ndjson.gz"), gz.toByteArray());
        awaitReport("good", Duration.ofSeconds(60));
        assertTrue(Files.exists(dataDir.resolve("failed/broken.ndjson.gz")));
        String reason = Files.readString(dataDir.resolve("failed/broken.ndjson.gz.reason.txt"));
        assertTrue(reason.contains("not a readable gzip file (cut off"), reason);
        assertEquals(1, target.imports().size(), "the next file went on");
    }
}
