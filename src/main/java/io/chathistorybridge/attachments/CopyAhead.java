package io.chathistorybridge.attachments;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.api.ApiErrorKind;
import io.chathistorybridge.imports.ImportRun;
import io.chathistorybridge.imports.OrderedLine;
import io.chathistorybridge.store.ImportedMessages;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Starts the copies of a message's source files when the file's reader hands the message to its conversation's
 * lane, so that they run while the earlier messages of its conversation are posted: attachments have no order, and
 * a message then waits only for its own files. At most {@code maxInFlight} copies run at once here, and together
 * they reserve at most the byte budget on disk (each one a temp file until it is uploaded): a copy reserves the size
 * its record declares ({@code file_length}), else the documented 10 MB limit, and waits for room before it starts. When a message's turn comes ({@link #copy}) it takes its copy's result,
 * waiting if it is still running; one that has not started yet runs on the message's own thread, so a message never
 * waits behind other messages' copies. Messages imported before, dry runs and modes other than {@code copy} start
 * nothing; the copies of a file's try that ended (finished, paused, stopped) and have not started are dropped
 * ({@link #forget}).
 */
public final class CopyAhead implements Processor, CamelContextAware {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CopyAhead.class);

    /** The documented default limit of one file (attachments.md §1): what a copy of unknown size reserves. */
    static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** Copies waiting for the pool at most (half the lanes' buffer of messages at the default ceiling). */
    private static final int QUEUED = 2048;

    private final AttachmentMode mode;
    private final boolean dryRun;
    private final AttachmentFinder finder;
    private final AttachmentCopier copier;
    private final ImportedMessages importedMessages;
    private final ObjectMapper json;
    private final int maxInFlight;
    /** Room on disk for the copies ahead, in KB. */
    private final Semaphore budget;
    private final int budgetKb;
    private final Map<String, Job> started = new ConcurrentHashMap<>();
    private CamelContext camelContext;
    private volatile ExecutorService pool;
    private volatile boolean warned;

    public CopyAhead(AttachmentMode mode, boolean dryRun, AttachmentFinder finder, AttachmentCopier copier,
                     ImportedMessages importedMessages, ObjectMapper json, int maxInFlight, long budgetBytes) {
        this.mode = mode;
        this.dryRun = dryRun;
        this.finder = finder;
        this.copier = copier;
        this.importedMessages = importedMessages;
        this.json = json;
        this.maxInFlight = maxInFlight;
        this.budgetKb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBytes / 1024));
        this.budget = new Semaphore(budgetKb);
    }

    /** Bytes on disk reserved by the copies ahead now (metrics). */
    public long reservedBytes() {
        return (budgetKb - (long) budget.availablePermits()) * 1024;
    }

    /**
     * On a split part (an {@link OrderedLine}): starts the copies of the files its record points at. Never fails the
     * part: whatever goes wrong here, the message copies its files when its turn comes.
     */
    @Override
    public void process(Exchange exchange) {
        try {
            startCopies(exchange);
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("Attachments are not copied ahead ({}): each message copies its files when its turn comes",
                        e.getMessage());
            }
        }
    }

    private void startCopies(Exchange exchange) {
        if (mode != AttachmentMode.COPY || dryRun || maxInFlight < 1) {
            return;
        }
        OrderedLine line = exchange.getIn().getBody(OrderedLine.class);
        if (line == null || line.text() == null || !line.text().contains("/chatfiles/")) {
            return; // most messages are text: not parsed here
        }
        JsonNode record;
        try {
            record = json.readTree(line.text());
        } catch (JsonProcessingException notJson) {
            return; // its lane dead-letters it
        }
        List<Attachment> found = finder.findInRecord(record);
        if (found.isEmpty() || importedBefore(record.path("msg_id").asText(""))) {
            return;
        }
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        String msgId = record.path("msg_id").asText("");
        for (Attachment a : found) {
            Job job = new Job(a, msgId, run);
            Job kept = started.compute(a.uuid(), (uuid, old) ->
                    old != null && (old.run == run || !old.result.isDone()) ? old : job);
            if (kept == job) {
                try {
                    pool().execute(job::runWithinBudget);
                } catch (java.util.concurrent.RejectedExecutionException full) {
                    // not queued: the job waits in the map, unstarted, for its message to run it
                }
            }
        }
    }

    /**
     * The copy of one of the message's files: the result of the copy started ahead for this try of the file (run
     * here when it has not started), else a copy now (the store and the copier keep it to one upload per file).
     */
    public CopyResult copy(Attachment a, String msgId, ImportRun run) throws InterruptedException {
        Job job = started.get(a.uuid());
        if (job == null || job.run != run) {
            return copier.copy(a, msgId);
        }
        job.run();
        CopyResult result;
        try {
            result = job.result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            // only once it is done: a message that comes later finds the copy in the store, so the file is never
            // copied again under a later message's id
            started.remove(a.uuid(), job);
        }
        // the first message to take the result copied the file; another that took it meanwhile reuses that copy
        return job.taken.compareAndSet(false, true) || result.kind() != CopyResult.Kind.COPIED ? result
                : CopyResult.reused(result.copy());
    }

    /**
     * Whether the message was imported before; true (nothing copied ahead) when the store cannot say: its lane
     * meets the same store, and pauses the file as for any message.
     */
    private boolean importedBefore(String msgId) {
        try {
            return importedMessages.contains(msgId);
        } catch (RuntimeException storeAway) {
            return true;
        }
    }

    AttachmentFinder finder() {
        return finder;
    }

    /** At the end of a file's try: its copies that have not started are dropped, the others' results forgotten. */
    public void forget(Exchange exchange) {
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        started.values().removeIf(job -> job.run == run && job.cancel());
    }

    private ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    // Camel's manager shuts it down with the context; a copy that finds the queue full is not
                    // queued (rather than run on the file's reader): its message copies it when its turn comes
                    org.apache.camel.spi.ThreadPoolProfile profile =
                            new org.apache.camel.spi.ThreadPoolProfile("attachment-copies");
                    profile.setPoolSize(maxInFlight);
                    profile.setMaxPoolSize(maxInFlight);
                    profile.setKeepAliveTime(0L);
                    profile.setAllowCoreThreadTimeOut(false);
                    profile.setMaxQueueSize(QUEUED);
                    profile.setRejectedPolicy(org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy.Abort);
                    pool = camelContext.getExecutorServiceManager().newThreadPool(this, "attachment-copies", profile);
                }
                p = pool;
            }
        }
        return p;
    }

    /** One file's copy, run once: by a pool thread, or by its message's thread when that comes first. */
    private final class Job {
        final Attachment attachment;
        final String msgId;
        final ImportRun run;
        final AtomicBoolean claimed = new AtomicBoolean();
        // whether a message took the result (a second one reuses it)
        final AtomicBoolean taken = new AtomicBoolean();
        final CompletableFuture<CopyResult> result = new CompletableFuture<>();

        Job(Attachment attachment, String msgId, ImportRun run) {
            this.attachment = attachment;
            this.msgId = msgId;
            this.run = run;
        }

        /** On the pool: waits for room on disk, then copies unless its message came first. */
        void runWithinBudget() {
            long declared = attachment.declaredBytes() > 0 ? attachment.declaredBytes() : MAX_FILE_BYTES;
            int kb = (int) Math.min(budgetKb, (declared + 1023) / 1024);
            try {
                budget.acquire(kb);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return; // its message copies it when its turn comes
            }
            try {
                run();
            } finally {
                budget.release(kb);
            }
        }

        /** Copies unless it has been claimed (run, or dropped) already. */
        void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                result.complete(copier.copy(attachment, msgId));
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                result.complete(CopyResult.retryLater(new ApiError(0, "attachment", "the copy of "
                        + attachment.uuid() + " was interrupted", 0, ApiErrorKind.TRANSIENT)));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        /** Always true (forgotten); a copy that has not started never will. */
        boolean cancel() {
            if (claimed.compareAndSet(false, true)) {
                result.cancel(false);
            }
            return true;
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
