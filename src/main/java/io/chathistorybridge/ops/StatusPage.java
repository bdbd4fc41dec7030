package io.chathistorybridge.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The body of GET /: the status page, one small HTML file from the jar with its script and style inline. */
public final class StatusPage implements Processor {

    private final byte[] page;

    public StatusPage() {
        try (InputStream in = StatusPage.class.getResourceAsStream("/status-page.html")) {
            if (in == null) {
                throw new IllegalStateException("status-page.html is missing from the jar");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read status-page.html", e);
        }
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().setBody(page);
    }
}
