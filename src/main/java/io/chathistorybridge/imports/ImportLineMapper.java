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
        ImportRequests.Outcome outcome = requests.map(line.text(), line.timestamp());
        exchange.setProperty("importLine", line.number());
        exchange.setProperty("importOriginal", line.text());
        exchange.setProperty("importOutcome", outcome.kind().name());
        exchange.setProperty("importEndpoint", outcome.endpoint());
        exchange.setProperty("importType", outcome.type());
        exchange.setProperty(KEY, outcome.msgId());
        exchange.setProperty("importReason", outcome.reason());
        exchange.setProperty(ApiFailureRecorder.MSG_TIMESTAMP, line.timestamp());
        exchange.getIn().setBody(outcome.request() == null ? line.text() : outcome.request().toString());
    }
}
