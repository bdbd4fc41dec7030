package io.chathistorybridge.export;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** An exception in any step of the hour fails it, with the exception's message as the error. */
public final class HourFailure implements Processor {

    @Override
    public void process(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (caught == null) {
            caught = exchange.getException();
        }
        ExportHour.of(exchange).end(ExportHour.Answer.FAILED, caught == null ? null : caught.getMessage());
    }
}
