package io.chathistorybridge.imports;

import io.chathistorybridge.store.ImportedMessages;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Remembers an imported message's source msg_id (its {@link ImportMessage#key()}): the key joins the store's next group
 * commit, and the pending write goes to property {@value ConversationLanes#RECORDED}, where the conversation's lane
 * waits for it before the conversation's next message (other conversations go on meanwhile).
 */
public final class RememberImported implements Processor {

    private final ImportedMessages importedMessages;

    public RememberImported(ImportedMessages importedMessages) {
        this.importedMessages = importedMessages;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(ConversationLanes.RECORDED,
                importedMessages.addLater(ImportMessage.of(exchange).key()));
    }
}
