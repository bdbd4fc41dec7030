package io.chathistorybridge.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.chathistorybridge.api.ApiRetryPreparer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Takes the hour's next download URL ({@code exportUrls[exportDownloadIndex]}) into {@code exportUrl}
 * and names the raw file it is saved as, {@code {hour}.gz} (then {@code {hour}-2.gz}, ... when the answer
 * had several URLs), in {@code exportRawName}; the paths of the hour's raw files collect in
 * {@code exportRawFiles}.
 */
public final class NextDownload implements Processor {

    public static final String INDEX = "exportDownloadIndex";
    public static final String URL = "exportUrl";
    public static final String RAW_NAME = "exportRawName";
    public static final String RAW_FILES = "exportRawFiles";

    private final Path rawDir;

    public NextDownload(Path rawDir) {
        this.rawDir = rawDir;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        String hour = exchange.getProperty(HourFileWriter.HOUR, String.class);
        List<String> urls = exchange.getProperty(HistoryAnswer.URLS, List.class);
        int index = exchange.getProperty(INDEX, 0, Integer.class);
        if (urls == null || index >= urls.size()) {
            throw new IllegalStateException("no download URL left for hour " + hour);
        }
        List<String> files = exchange.getProperty(RAW_FILES, List.class);
        if (files == null || index == 0) {
            files = new ArrayList<>();
            exchange.setProperty(RAW_FILES, files);
        }
        String name = index == 0 ? hour + ".gz" : hour + "-" + (index + 1) + ".gz";
        files.add(rawDir.resolve(name).toString());
        exchange.setProperty(URL, urls.get(index));
        exchange.setProperty(RAW_NAME, name);
        exchange.setProperty(INDEX, index + 1);
        exchange.setProperty(ApiRetryPreparer.CALL, "download " + hour + (urls.size() > 1 ? " part " + (index + 1) : ""));
    }
}
