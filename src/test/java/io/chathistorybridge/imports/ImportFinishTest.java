package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a file ends when the file before it paused: held while lines were left, finished when none were. */
class ImportFinishTest {

    @TempDir
    Path dir;

    @Test
    void aFileHeldByTheOneBeforeItPausesWithoutCountingTowardTheHoldOrFinishesWhenItsLinesWereDone() {
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 1000);
        PausedFileHold hold = new PausedFileHold();
        ImportFinish finish = new ImportFinish(runs, hold);
        ImportRun first = runs.start("2026112201.gz");
        first.indexed(3, 0, 0, 1);
        ImportRun second = runs.start("2026112202.gz");
        second.indexed(2, 0, 0, 1);
        ImportRun third = runs.start("2026112203.gz");
        third.indexed(1, 0, 0, 1);
        third.imported.incrementAndGet(); // all of its lines were done before the pause
        first.pause("the API kept failing");

        assertEquals(ImportFinish.End.PAUSED, end(finish, second), "a line of it is left");
        assertEquals(ImportFinish.End.FINISHED, end(finish, third), "nothing of it is left");
        assertEquals(ImportFinish.End.PAUSED, end(finish, first));
        // only the file that paused itself counted: its hold was the first, so the next one is twice as long
        assertEquals(2_000, hold.paused());
    }

    private static ImportFinish.End end(ImportFinish finish, ImportRun run) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ImportRun.PROPERTY, run);
        finish.process(exchange);
        return exchange.getProperty(ImportFinish.PROPERTY, ImportFinish.End.class);
    }
}
