package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import io.chathistorybridge.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * A gzip file cannot be unpacked because the work folder is unusable (here: a file stands where the folder was; in
 * life a full disk): the file pauses with one line naming the failure, stays in the inbox and imports once the
 * folder is back; no stack trace, and the file does not stay "in progress" holding the next ones.
 */
class ImportWorkDirFailureTest extends ImportRouteTestSupport {

    @Test
    void aFileThatCannotBeUnpackedPausesInOneLineAndImportsOnceTheFolderIsBack() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            Path work = dataDir.resolve("work");
            if (Files.isDirectory(work)) {
                try (var files = Files.list(work)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(work);
            }
            Files.writeString(work, "not a folder");

            Path inbox = Files.createDirectories(dataDir.resolve("inbox"));
            Path tmp = inbox.resolve(".2026112201.gz.part");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
                out.write((text("chat", "a", "b", BASE, "w1") + "\n" + text("chat", "a", "b", BASE + 1, "w2") + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            Path dropped = Files.move(tmp, inbox.resolve("2026112201.gz"));

            await(() -> log.contains("2026112201.gz paused"), Duration.ofSeconds(30), () -> "no line: " + log);
            String text = log.text();
            assertTrue(text.contains("a step of the import route failed ("), text);
            assertFalse(text.contains("\tat "), "no stack trace: " + text);
            assertTrue(Files.exists(dropped), "the file stays in the inbox");
            assertEquals(0, target.imports().size());

            Files.delete(work);
            Files.createDirectories(work);
            var report = awaitReport("2026112201", Duration.ofSeconds(30));
            assertEquals(2, report.get("imported").asInt(), report.toString());
            assertEquals(2, target.imports().size());
            assertFalse(Files.exists(dropped), "archived");
        }
    }
}
