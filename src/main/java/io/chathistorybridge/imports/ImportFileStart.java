package io.chathistorybridge.imports;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First step for a picked-up file: opens its run and decides where the file goes when the route completes
 * (the archive, never overwriting an earlier copy; an unreadable file is redirected to failed/).
 */
public final class ImportFileStart implements Processor {

    /** Exchange property read by the file consumer's {@code move} option. */
    public static final String MOVE_TO = "importMoveTo";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private final ImportRuns runs;
    private final Path dataDir;

    public ImportFileStart(ImportRuns runs, Path dataDir) {
        this.runs = runs;
        this.dataDir = dataDir;
    }

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        ImportRun run = runs.start(name);
        exchange.setProperty(ImportRun.PROPERTY, run);
        exchange.setProperty("importFileBase", run.base());
        exchange.setProperty(MOVE_TO, dataDir.resolve("archive")
                .resolve(LocalDateTime.now().format(STAMP) + "-" + name).toString());
    }
}
