package io.chathistorybridge.imports;

import java.util.concurrent.ExecutorService;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The file's step that waits until every one of its messages finished, without holding the inbox's thread: the inbox
 * takes the next file meanwhile (bridge.import.look-ahead-lines), and the file's route goes on on the import-finish
 * thread once its last message is done (on the inbox's thread when they all are already).
 */
public final class ImportDrain extends AsyncProcessorSupport {

    // one thread for every file: a file's end (report, move, the attachments' lifetime calls) never holds a lane's
    // worker, and files end one at a time; Camel's manager shuts it down with the context, after the routes stopped
    private final ExecutorService finishing;

    public ImportDrain(CamelContext camelContext) {
        finishing = camelContext.getExecutorServiceManager().newSingleThreadExecutor(this, "import-finish");
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        var done = run.inLanes().allHandedIn();
        if (done.isDone()) {
            callback.done(true);
            return true;
        }
        done.whenCompleteAsync((ignored, never) -> callback.done(false), finishing);
        return false;
    }
}
