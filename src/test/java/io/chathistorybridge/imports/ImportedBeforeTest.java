package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.chathistorybridge.store.ImportedMessages;
import io.chathistorybridge.store.StoreDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImportedBefore and RememberImported: the route's two steps on the store of imported msg_ids. */
class ImportedBeforeTest {

    @TempDir
    Path dir;

    private final DefaultCamelContext context = new DefaultCamelContext();
    private ImportedMessages store;

    @BeforeEach
    void openStore() {
        store = new ImportedMessages(StoreDataSource.create("", "sa", "", dir), "org#target", dir.resolve("journal"));
        store.start();
    }

    @AfterEach
    void closeStore() {
        store.stop();
    }

    private Exchange message(String msgId) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(ImportMessage.PROPERTY, new ImportMessage(1, "{}", null, "txt", msgId, null, 1L));
        return exchange;
    }

    @Test
    void aMessageIsImportedBeforeOnceItsMsgIdIsRememberedOnDisk() throws Exception {
        ImportedBefore importedBefore = new ImportedBefore(store);
        assertFalse(importedBefore.matches(message("m1")), "nothing remembered yet");

        Exchange imported = message("m1");
        new RememberImported(store).process(imported);
        ImportedMessages.Recording recording = assertInstanceOf(ImportedMessages.Recording.class,
                imported.getProperty(ConversationLanes.RECORDED), "the lane waits on this pending write");
        assertTrue(recording.onDisk().get(5, TimeUnit.SECONDS), "m1 was new");

        assertTrue(importedBefore.matches(message("m1")));
        assertFalse(importedBefore.matches(message("m2")), "only the remembered msg_id");
    }
}
