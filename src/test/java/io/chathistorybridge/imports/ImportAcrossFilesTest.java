package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.sandbox.AcceptedImport;
import io.chathistorybridge.sandbox.SandboxApp;
import org.junit.jupiter.api.Test;

/**
 * A conversation that spans hour files, named as the export API delivers them ({@code {yyyyMMddHH}.gz}): its order
 * and exactly-once hold across the files, and a pause in one file holds back everything after it.
 */
class ImportAcrossFilesTest extends ImportRouteTestSupport {

    /** Three messages of conversation a-b per hour, each hour later than the one before; hour 3 also has c-d. */
    private static List<String> hour(int hour) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            lines.add(text("chat", "a", "b", BASE + hour * 1000L + i, "h" + hour + "-ab-" + i));
        }
        if (hour == 3) {
            lines.add(text("chat", "c", "d", BASE + hour * 1000L + 9, "h3-cd"));
        }
        return lines;
    }

    private Path dropHour(String name, List<String> lines) throws IOException {
        Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
        Path tmp = inbox.resolve("." + name + ".part");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Files.move(tmp, inbox.resolve(name));
    }

    @Test
    void aConversationSpanningThreeFilesWithAPauseInTheMiddleOneIsImportedOnceInOrder() throws Exception {
        dropHour("2026112201.gz", hour(1));
        awaitReport("2026112201", Duration.ofSeconds(60));
        assertEquals(3, target.imports().size());

        // the API fails while hour 2 is imported: hour 2 pauses, and hour 3 (same conversation, and another one)
        // must not start, or a-b's hour-3 messages would land before its hour-2 ones and hour 2 could never land
        sandbox.faults().rate503(1.0);
        Path second = dropHour("2026112202.gz", hour(2));
        Path third = dropHour("2026112203.gz", hour(3));
        int attemptsBefore = target.endpoint(SandboxApp.USERS_IMPORT).requests();
        await(() -> target.endpoint(SandboxApp.USERS_IMPORT).requests() >= attemptsBefore + 20, Duration.ofSeconds(60),
                () -> "no attempts on hour 2");
        Thread.sleep(1500);
        assertTrue(Files.exists(second) && Files.exists(third), "both files stay in the inbox");
        assertFalse(Files.exists(report("2026112202")) || Files.exists(report("2026112203")), "neither finished");
        assertEquals(3, target.imports().size(), "nothing after hour 1 landed: " + target.imports());
        assertEquals(List.of(), deadLetters("2026112202"));

        // the API is back: hour 2 goes on from its paused message, then hour 3
        sandbox.faults().rate503(0.0);
        JsonNode h2 = awaitReport("2026112202", Duration.ofSeconds(60));
        JsonNode h3 = awaitReport("2026112203", Duration.ofSeconds(60));
        assertEquals(0, h2.get("failed").asInt() + h3.get("failed").asInt(), h2 + " " + h3);
        assertEquals(4, h3.get("imported").asInt(), "hour 3 started after hour 2 had finished: " + h3);

        List<AcceptedImport> ab = target.imports().stream().filter(i -> i.from().equals("a")).toList();
        List<String> landed = ab.stream().map(ImportAcrossFilesTest::sourceMsgId).toList();
        List<String> expected = new ArrayList<>();
        for (int h = 1; h <= 3; h++) {
            for (int i = 1; i <= 3; i++) {
                expected.add("h" + h + "-ab-" + i);
            }
        }
        assertEquals(expected, landed, "a-b once each, in order across the three files");
        assertEquals(10, target.imports().size(), "every message once on the server");
        assertEquals(0, target.orderViolations());
    }

    /** The source msg_id the request carried in its ext. */
    private static String sourceMsgId(AcceptedImport accepted) {
        try {
            return JSON.readTree(accepted.ext()).path("src").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
