package io.chathistorybridge.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** export-hour's catch: an exception in any step leaves the hour pending with the exception's message. */
class ExportHourRouteTest extends ExportRouteTestSupport {

    @Test
    void aHistoryFileThatIsNotGzipLeavesTheHourPendingWithTheReason() throws Exception {
        String hour = onlyHour();
        app.putHistory(hour, (record("m1", 1) + "\n").getBytes(StandardCharsets.UTF_8));
        startExport();
        awaitStates(Map.of(hour, "pending"), Duration.ofSeconds(20));
        String error = states().get(hour).orElseThrow().lastError();
        assertTrue(error.contains(hour + ".gz is not gzip"), error);
        assertFalse(Files.exists(output(hour)));
        assertNoPartFiles();
    }
}
