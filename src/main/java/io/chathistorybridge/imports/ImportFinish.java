package io.chathistorybridge.imports;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once every message of the file finished: the report becomes the body and the run is closed. A file the
 * bridge stopped in the middle of, or paused because the API kept failing, is not finished: it stays in the
 * inbox and the next start or poll continues it (what was imported is skipped).
 */
public final class ImportFinish implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("import-files");
    private final ImportRuns runs;

    public ImportFinish(ImportRuns runs) {
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        runs.finish(run);
        if (run.pausedBy() != null) {
            throw stopped(run, run.file() + " paused after " + run.done() + " of " + run.lines()
                    + " lines, the API kept failing (" + run.pausedBy() + "); it stays in the inbox and is tried"
                    + " again at the next poll, skipping what was imported");
        }
        if (run.done() < run.lines()) {
            throw stopped(run, run.file() + " stopped after " + run.done() + " of " + run.lines()
                    + " lines; it stays in the inbox and continues at the next start");
        }
        LOG.info("Imported {}", run.summary());
        exchange.getIn().setBody(run.report());
    }

    /**
     * The one line a user sees for a file left unfinished: the route's error handling (import-file-stops) logs
     * nothing more, and the exception only tells the file consumer to leave the file in the inbox.
     */
    private static ImportStoppedException stopped(ImportRun run, String line) {
        run.closeMap();
        LOG.warn(line);
        return new ImportStoppedException(line);
    }

    /** The file was left unfinished on purpose (shutdown, or paused): the file consumer leaves it in the inbox. */
    public static final class ImportStoppedException extends RuntimeException {
        public ImportStoppedException(String message) {
            super(message, null, false, false);
        }
    }
}
