package io.chathistorybridge.imports;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once every message of the file finished: closes the run, logs its one line and tells the route how the file
 * ended (property {@value #PROPERTY}, an {@link End}); a finished file's report becomes the body.
 */
public final class ImportFinish implements Processor {

    /** Exchange property: the {@link End} of the file. */
    public static final String PROPERTY = "importFileEnd";

    /** How a file's import ended. */
    public enum End {
        /** Every line has its outcome: the file moves to archive/. */
        FINISHED,
        /** The API or the store kept failing for a message: the file stays in the inbox and is tried again later. */
        PAUSED,
        /** The bridge stopped or reloaded its routes in the middle: the file stays in the inbox for the next start. */
        STOPPED
    }

    private static final Logger LOG = LoggerFactory.getLogger("import-files");
    private final ImportRuns runs;
    private final PausedFileHold hold;

    public ImportFinish(ImportRuns runs, PausedFileHold hold) {
        this.runs = runs;
        this.hold = hold;
    }

    @Override
    public void process(Exchange exchange) {
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        runs.finish(run);
        // a file held back only by the file before it ends as finished when all of its lines were done before that
        End end = run.pausedHere() || run.pausedBy() != null && run.done() < run.lines() ? End.PAUSED
                : run.done() < run.lines() ? End.STOPPED : End.FINISHED;
        exchange.setProperty(PROPERTY, end);
        switch (end) {
            case PAUSED -> unfinished(run, run.file() + " paused after " + run.done() + " of " + run.lines()
                    + " lines, " + run.pausedBy() + "; it stays in the inbox and is tried again "
                    // the hold counts the pauses in a row of the file that paused itself, not of those after it
                    + (run.pausedHere() ? "in " + seconds(hold.paused()) : "after it")
                    + ", skipping what was imported");
            case STOPPED -> unfinished(run, run.file() + " stopped after " + run.done() + " of " + run.lines()
                    + " lines (the bridge is stopping, or no longer leads); it stays in the inbox and continues at"
                    + " the next start or on the new leader");
            case FINISHED -> {
                if (run.pausedBy() == null) {
                    hold.finished(); // not while a file before it is held
                }
                LOG.info("Imported {}", run.summary());
                exchange.getIn().setBody(run.report());
            }
        }
    }

    /**
     * A step of the file's route failed (doCatch): the file pauses, named by the failure, and ends as
     * {@link End#PAUSED} with its one line.
     */
    public void failed(Exchange exchange) {
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String what = e == null ? "unknown" : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
        run.pause("a step of the import route failed (" + what + ")");
        process(exchange);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format("%.1f s", millis / 1000.0);
    }

    /** The one line a user sees for a file left unfinished: the route's error handling logs nothing more. */
    private static void unfinished(ImportRun run, String line) {
        run.closeMap();
        LOG.warn(line);
    }
}
