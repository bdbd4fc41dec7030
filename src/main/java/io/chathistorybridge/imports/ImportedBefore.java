package io.chathistorybridge.imports;

import io.chathistorybridge.store.ImportedMessages;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * True when the message's source msg_id (its {@link ImportMessage#key()}) is in the store: an earlier run or an earlier drop
 * of the file imported it. A predicate rather than a bean call in the route: Camel's bean language introspects the
 * method and copies the exchange on every call, which cost more than the lookup itself.
 */
public final class ImportedBefore implements Predicate {

    private final ImportedMessages importedMessages;

    public ImportedBefore(ImportedMessages importedMessages) {
        this.importedMessages = importedMessages;
    }

    @Override
    public boolean matches(Exchange exchange) {
        return importedMessages.contains(ImportMessage.of(exchange).key());
    }
}
