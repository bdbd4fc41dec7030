package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePrototypesTest {

    @Test
    void aFileKeepsOnePrototypeUntilItsLastMessageFinished(@TempDir Path dir) throws Exception {
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 1000);
        ImportRun run = runs.start("2026112201.gz");
        ImportRun other = runs.start("2026112202.gz");
        FilePrototypes prototypes = new FilePrototypes();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange first = part(context, run, "first");
            Exchange prototype = prototypes.of(first, run);
            assertEquals("first", prototype.getIn().getBody());
            assertNotSame(first, prototype, "a copy, never the part itself");
            assertNull(prototype.getUnitOfWork(), "no unit of work shared with the reader's exchange");
            assertSame(prototype, prototypes.of(part(context, run, "second"), run), "one per file");
            assertNotSame(prototype, prototypes.of(part(context, other, "third"), other));
            assertEquals(2, prototypes.size());

            run.inLanes().handedIn();
            run.inLanes().allHandedIn();
            assertEquals(2, prototypes.size(), "kept while a message of the file is unfinished");
            run.inLanes().finishedOne();
            assertEquals(1, prototypes.size(), "dropped once the file's last message finished");
        }
    }

    private static Exchange part(DefaultCamelContext context, ImportRun run, String body) {
        DefaultExchange part = new DefaultExchange(context);
        part.setProperty(ImportRun.PROPERTY, run);
        part.getIn().setBody(body);
        return part;
    }
}
