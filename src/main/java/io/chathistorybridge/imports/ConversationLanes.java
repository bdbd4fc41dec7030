package io.chathistorybridge.imports;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.chathistorybridge.pace.CallPriority;
import io.chathistorybridge.store.ImportedMessages;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Service;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each conversation's messages strictly one after another, up to a target number of conversations at once per
 * endpoint (1:1 and groups have their own {@link EndpointWorkers}: one endpoint's pace must not hold back the other).
 * A finished message (an imported one once its msg_id is on disk, {@value #RECORDED}) queues its conversation's next
 * one, ahead of conversations with less work left: the longest conversation is a file's critical path. At most
 * {@code maxBuffered} messages wait, each kept as a {@link WaitingMessage}, which holds the file reader back. The
 * lanes are shared by the files being imported at once: a conversation's messages of the next file queue behind
 * those of the file before it.
 * Camel's parallel split cannot do this: it would hand two messages of one conversation to two threads.
 */
public final class ConversationLanes implements CamelContextAware {

    /**
     * Exchange property the route sets on an imported message: the store's pending write of its msg_id
     * ({@code ImportedMessages.addLater}), completed once the key is on disk.
     */
    public static final String RECORDED = "importRecorded";

    private static final Logger LOG = LoggerFactory.getLogger(ConversationLanes.class);

    private final Semaphore buffered;
    private final Object lock = new Object();
    private final Map<Long, ConversationLane<WaitingMessage>> waiting = new HashMap<>();
    private final FilePrototypes prototypes = new FilePrototypes();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final EndpointWorkers userWorkers;
    private final EndpointWorkers groupWorkers;

    private CamelContext camelContext;
    private ProducerTemplate template;
    /** Routes are being reloaded: queued messages are not started, as when the bridge stops. */
    private volatile boolean held;
    /**
     * Whether this process still leads: one that lost the lead starts no queued message (the new leader takes the
     * file from the inbox), so two leaders never post the same file beyond the messages in flight.
     */
    private volatile BooleanSupplier leading = () -> true;

    /** Always {@code maxInFlight} conversations at once per endpoint. */
    public ConversationLanes(int maxInFlight, int maxBuffered) {
        this(maxInFlight, maxBuffered, () -> maxInFlight, () -> maxInFlight);
    }

    /** As many conversations at once per endpoint as its target says, within 1 and {@code maxInFlight}. */
    public ConversationLanes(int maxInFlight, int maxBuffered, IntSupplier userTarget, IntSupplier groupTarget) {
        this.buffered = new Semaphore(maxBuffered);
        this.userWorkers = new EndpointWorkers("import-users-", maxInFlight, userTarget);
        this.groupWorkers = new EndpointWorkers("import-groups-", maxInFlight, groupTarget);
    }

    /**
     * Queues the part behind earlier messages of its conversation; a worker sends a copy of it to {@code to}.
     *
     * @param conversation the hash of its conversation ({@link OrderedLine#conversation()})
     */
    public void send(Exchange part, long conversation, String to) throws InterruptedException {
        ImportRun run = part.getProperty(ImportRun.PROPERTY, ImportRun.class);
        WaitingMessage message = WaitingMessage.of(part, prototypes.of(part, run), to);
        buffered.acquire(); // back-pressure: the reader waits while too many messages are queued
        unfinished.incrementAndGet();
        if (run != null) {
            run.inLanes().handedIn();
        }
        synchronized (lock) {
            ConversationLane<WaitingMessage> lane = waiting.get(conversation);
            if (lane != null) {
                lane.add(message); // the conversation is in flight: its worker takes it next
                return;
            }
            waiting.put(conversation, new ConversationLane<>());
        }
        workers(conversation).execute(() -> sendThenContinue(conversation, message), 1);
    }

    private EndpointWorkers workers(long conversation) {
        return Conversations.isGroup(conversation) ? groupWorkers : userWorkers;
    }

    private void sendThenContinue(long conversation, WaitingMessage queued) {
        Exchange message = queued.exchange();
        Semaphore unrecordedOfEndpoint = workers(conversation).unrecorded();
        ImportRun run = message.getProperty(ImportRun.PROPERTY, ImportRun.class);
        ImportedMessages.Recording recorded = null;
        // released by continueAfter, whatever happens below: commits always complete, so this never waits for good
        unrecordedOfEndpoint.acquireUninterruptibly();
        try {
            if (held || camelContext.isStopping() || !leading.getAsBoolean()
                    || run != null && run.pausedBy() != null) {
                // stopping, reloading routes, no longer the leader, or the file paused (the API or the store kept
                // failing): queued messages are not started (the file stays in the inbox and continues later);
                // this conversation's later messages are skipped too, so its order holds
                message.setRouteStop(true);
            } else {
                CallPriority.set(workLeftOf(conversation));
                try {
                    template.send(queued.to(), message);
                } finally {
                    CallPriority.clear();
                }
                recorded = message.getProperty(RECORDED, ImportedMessages.Recording.class);
                if (run != null && message.getException() == null
                        && !message.getProperty(MessageOutcomes.COUNTED, false, Boolean.class)) {
                    run.skippedByRoute.incrementAndGet(); // a step of an edited route (a filter) ended it
                }
            }
            if (message.getException() != null) {
                failed(run, message, "could not be processed", message.getException());
            }
        } catch (RuntimeException e) {
            failed(run, message, "could not be processed", e);
        }
        if (recorded == null) {
            continueAfter(conversation, unrecordedOfEndpoint, run);
        } else {
            // runs at once when the key is already on disk; otherwise this thread goes on with other
            // conversations, and this one continues from the commit that writes the key
            recorded.onDisk().whenComplete((added, notRecorded) -> {
                if (notRecorded != null) {
                    failed(run, message, "was imported but not remembered", notRecorded);
                }
                continueAfter(conversation, unrecordedOfEndpoint, run);
            });
        }
    }

    /**
     * A message that ended in an error (the store could not be read or written, a step failed): its conversation
     * must not go on past it, so the file pauses as for an API outage. Its other messages are not started, and
     * the file is tried again at the next poll, from this message (one that was imported but not remembered is
     * posted again and recognised as landed before).
     */
    private static void failed(ImportRun run, Exchange message, String what, Throwable cause) {
        String line = message.getProperty(ImportMessage.PROPERTY) == null ? ""
                : "line " + ImportMessage.of(message).line() + " ";
        String reason = "a message failed (" + line + what + ": " + cause.getMessage() + ")";
        if (run == null) {
            LOG.error("Message {}", reason);
        } else {
            run.pause(reason);
        }
    }

    /** The message is finished (and, when it was imported, on disk or failed): the conversation's next one may go. */
    private void continueAfter(long conversation, Semaphore unrecordedOfEndpoint, ImportRun run) {
        unrecordedOfEndpoint.release();
        buffered.release();
        finishedOne();
        if (run != null) {
            run.inLanes().finishedOne();
        }
        workers(conversation).finishedOne();
        WaitingMessage next;
        long workLeft;
        synchronized (lock) {
            ConversationLane<WaitingMessage> lane = waiting.get(conversation);
            next = lane.next();
            workLeft = lane.workLeft();
            if (next == null) {
                waiting.remove(conversation);
            }
        }
        if (next != null) {
            WaitingMessage following = next;
            workers(conversation).execute(() -> sendThenContinue(conversation, following), workLeft);
        }
    }

    /**
     * Messages of the conversation waiting or being sent, as they are whenever asked: its priority for a pace permit
     * (read without the lanes' lock, since the pace line reads it for every waiting caller under its own).
     */
    private LongSupplier workLeftOf(long conversation) {
        ConversationLane<WaitingMessage> lane;
        synchronized (lock) {
            lane = waiting.get(conversation);
        }
        return lane == null ? () -> 1 : lane::workLeft;
    }

    /** Workers of each endpoint now (1:1, groups): what the targets made of the ceiling. */
    public int[] workers() {
        return new int[] {userWorkers.threads(), groupWorkers.threads()};
    }

    private void finishedOne() {
        if (unfinished.decrementAndGet() == 0) {
            synchronized (unfinished) {
                unfinished.notifyAll();
            }
        }
    }

    /** Waits until every message handed in so far, of every file, has finished (one file's: {@link ImportDrain}). */
    public void drain() throws InterruptedException {
        synchronized (unfinished) {
            while (unfinished.get() > 0) {
                unfinished.wait(1000);
            }
        }
    }

    /** Asked before each message: false once this process no longer leads ({@code BridgeRole::isLeader}). */
    public void setLeading(BooleanSupplier leading) {
        this.leading = leading;
    }

    /**
     * Routes are about to be reloaded: messages not yet started are left (the file stays in the inbox and the next
     * poll continues it), those in flight finish. {@link #release()} lets the next file go on.
     */
    public void hold() {
        held = true;
    }

    public void release() {
        held = false;
    }

    /** Messages handed in and not finished yet. */
    public int unfinished() {
        return unfinished.get();
    }

    /**
     * The workers' life as a context service: they start and stop with the context, never with a route (a bean step
     * stops a Service bean with its route and may not start it again).
     */
    public Service lifecycle() {
        return new ServiceSupport() {
            @Override
            protected void doStart() {
                ConversationLanes.this.start();
            }

            @Override
            protected void doStop() {
                ConversationLanes.this.stop();
            }
        };
    }

    public void start() {
        userWorkers.start();
        groupWorkers.start();
        if (template == null) {
            template = camelContext.createProducerTemplate();
        }
    }

    public void stop() {
        userWorkers.stop();
        groupWorkers.stop();
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
