package io.chathistorybridge.imports;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Per message: maps the ordered line to the import request (the body, JSON) and sets the typed
 * {@link ImportMessage} that tells the route where it goes.
 */
public final class ImportLineMapper implements Processor {

    private final ImportRequestBuilder requests;

    public ImportLineMapper(ImportRequestBuilder requests) {
        this.requests = requests;
    }

    @Override
    public void process(Exchange exchange) {
        OrderedLine line = exchange.getIn().getBody(OrderedLine.class);
        ImportRequestBuilder.Outcome outcome = line.text() == null
                // never decoded with replacement characters: its bytes go to the dead letter as they are
                ? ImportRequestBuilder.Outcome.invalid("not valid UTF-8 at byte " + line.invalidAt() + " of the line (byte "
                        + line.fileOffset() + " of the file); its bytes are kept in raw_line_base64")
                : requests.map(line.text(), line.timestamp());
        exchange.setProperty(ImportMessage.PROPERTY, new ImportMessage(line.number(), line.text(), line.bytes(),
                outcome.type(), outcome.msgId(), outcome.reason(), line.timestamp()));
        exchange.setProperty(ImportMessage.OUTCOME, outcome.kind());
        if (outcome.endpoint() != null) {
            exchange.setProperty(ImportMessage.ENDPOINT, outcome.endpoint());
        }
        exchange.getIn().setBody(outcome.request() != null ? outcome.request().toString()
                : line.text() != null ? line.text() : "");
    }
}
