package io.chathistorybridge.export;

import java.nio.file.Path;

import io.chathistorybridge.api.ApiRetryPreparer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Takes the hour's next download URL and names the raw file it is saved as: {@code {hour}.gz}, then
 * {@code {hour}-2.gz}, ... when the answer had several URLs, in the raw folder.
 */
public final class NextDownload implements Processor {

    private final Path rawDir;

    public NextDownload(Path rawDir) {
        this.rawDir = rawDir;
    }

    @Override
    public void process(Exchange exchange) {
        ExportHour hour = ExportHour.of(exchange);
        int part = hour.taken() + 1;
        String name = part == 1 ? hour.hour() + ".gz" : hour.hour() + "-" + part + ".gz";
        hour.takeUrl(name, rawDir.resolve(name));
        exchange.setProperty(ApiRetryPreparer.CALL,
                "download " + hour.hour() + (hour.urls().size() > 1 ? " part " + part : ""));
    }
}
