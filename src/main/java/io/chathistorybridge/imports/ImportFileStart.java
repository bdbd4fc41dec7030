package io.chathistorybridge.imports;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

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
        // however the file's exchange ends (a step that failed before the report, too), its run leaves the files in
        // progress, or the inbox's gate would wait for it
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange ended) {
                runs.leaves(run);
            }
        });
        exchange.setProperty(ImportRun.PROPERTY, run);
        exchange.setProperty("importFileBase", run.base());
        exchange.setProperty(MOVE_TO, dataDir.resolve("archive")
                .resolve(LocalDateTime.now().format(STAMP) + "-" + name).toString());
    }
}
