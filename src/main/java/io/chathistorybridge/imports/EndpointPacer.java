package io.chathistorybridge.imports;

import java.util.Map;

import io.chathistorybridge.pace.Pacer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Each import endpoint has its own limit (100/s): waits for a permit of the message's endpoint. */
public final class EndpointPacer implements Processor {

    private final Map<String, Pacer> pacers;

    public EndpointPacer(Map<String, Pacer> pacers) {
        this.pacers = Map.copyOf(pacers);
    }

    @Override
    public void process(Exchange exchange) {
        String endpoint = exchange.getProperty("importEndpoint", String.class);
        Pacer pacer = pacers.get(endpoint);
        if (pacer == null) {
            throw new IllegalArgumentException("no pacer for endpoint " + endpoint);
        }
        pacer.process(exchange);
    }
}
