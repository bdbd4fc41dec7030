package io.chathistorybridge.imports;

import io.chathistorybridge.api.ApiFailureRecorder;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Per message: maps the ordered line to the import request (body, JSON) and tells the route where it goes
 * through exchange properties ({@code importOutcome} IMPORT / UNSUPPORTED / INVALID, endpoint, type, key).
 */
public final class ImportLineMapper implements Processor {

    /** Exchange property: the message's source msg_id, its key in the store of imported messages. */
    public static final String KEY = "importKey";

    private final ImportRequests requests;

    public ImportLineMapper(ImportRequests requests) {
        this.requests = requests;
    }

    @Override
    public void process(Exchange exchange) {
        OrderedLine line = exchange.getIn().getBody(OrderedLine.class);
        ImportRequests.Outcome outcome = line.text() == null
                // never decoded with replacement characters: its bytes go to the dead letter as they are
                ? ImportRequests.Outcome.invalid("not valid UTF-8 at byte " + line.invalidAt() + " of the line (byte "
                        + line.fileOffset() + " of the file); its bytes are kept in raw_line_base64")
                : requests.map(line.text(), line.timestamp());
        exchange.setProperty("importLine", line.number());
        exchange.setProperty("importOriginal", line.text());
        exchange.setProperty(DeadLetterEntry.ORIGINAL_BYTES, line.bytes());
        exchange.setProperty("importOutcome", outcome.kind().name());
        exchange.setProperty("importEndpoint", outcome.endpoint());
        exchange.setProperty("importType", outcome.type());
        exchange.setProperty(KEY, outcome.msgId());
        exchange.setProperty("importReason", outcome.reason());
        exchange.setProperty(ApiFailureRecorder.MSG_TIMESTAMP, line.timestamp());
        exchange.getIn().setBody(outcome.request() != null ? outcome.request().toString()
                : line.text() != null ? line.text() : "");
    }
}
