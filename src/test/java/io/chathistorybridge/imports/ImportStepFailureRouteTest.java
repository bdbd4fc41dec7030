package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.chathistorybridge.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A step a user added to the file's split fails (routes/*.camel.yaml are theirs to edit): the file pauses with one
 * line that names the failure and stays in the inbox; nothing is posted, no stack trace is printed, and each try
 * in a row waits twice as long.
 */
class ImportStepFailureRouteTest extends ImportRouteTestSupport {

    private LogCapture log;
    private Path routes;

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        try {
            routes = Files.createDirectories(dataDir.resolve("edited-routes"));
            for (String name : List.of("export.camel.yaml", "status.camel.yaml", "api-errors.camel.yaml")) {
                if (Files.exists(Path.of("routes", name))) {
                    Files.copy(Path.of("routes", name), routes.resolve(name));
                }
            }
            String anchor = "                    - process:\n                        ref: attachmentCopyAhead\n";
            String yaml = Files.readString(Path.of("routes/import.camel.yaml"));
            assertTrue(yaml.contains(anchor), "the split's first step");
            Files.writeString(routes.resolve("import.camel.yaml"), yaml.replace(anchor, anchor
                    + "                    - throwException:\n"
                    + "                        exceptionType: java.lang.IllegalStateException\n"
                    + "                        message: \"an edited step broke\"\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.setProperty("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        return p;
    }

    @BeforeEach
    void captureLog() {
        log = LogCapture.start();
    }

    @AfterEach
    void restoreLog() {
        log.close();
    }

    @Test
    void aFailingStepPausesTheFileInOneLine() throws Exception {
        Path dropped = drop("edited.ndjson", List.of(text("chat", "a", "b", BASE, "e1"),
                text("chat", "a", "b", BASE + 1, "e2")));
        await(() -> log.contains("edited.ndjson paused"), Duration.ofSeconds(30),
                () -> "no line for the failed step: " + log);
        String text = log.text();
        assertTrue(text.contains("a step of the import route failed (IllegalStateException: an edited step broke)"),
                text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
        assertTrue(Files.exists(dropped), "the file stays in the inbox");
        assertFalse(Files.exists(report("edited")), "no report");
        assertEquals(0, target.imports().size(), "nothing posted");
        assertTrue(text.contains("tried again in 1 s"), text);
        long firstPause = System.nanoTime();
        // each pause in a row holds the inbox twice as long: the third try comes 1 s + 2 s after the first
        await(() -> log.contains("tried again in 4 s"), Duration.ofSeconds(30),
                () -> "no third pause: " + log);
        assertTrue(System.nanoTime() - firstPause > 2_500_000_000L, "the tries were held 1 s, then 2 s");
        String tries = log.text();
        assertTrue(tries.contains("tried again in 2 s"), tries);
        assertEquals(3, tries.split("edited.ndjson paused", -1).length - 1, "one line per try: " + tries);
    }
}
