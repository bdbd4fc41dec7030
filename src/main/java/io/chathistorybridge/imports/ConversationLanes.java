package io.chathistorybridge.imports;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each conversation's messages strictly one after another, and up to {@code maxInFlight}
 * conversations at once per endpoint (1:1 and groups have their own workers: a lane waiting for one endpoint's
 * pace permit must not hold back the other endpoint). Camel's parallel split cannot do this: it would hand two messages of one
 * conversation to two threads, and making the second wait would block a thread that other conversations
 * need (a retrying message must hold back only its own conversation).
 * <p>
 * Each message (a split part) is copied and queued behind earlier messages of its conversation; a free
 * worker takes the next conversation that has one waiting, sends one message to {@code direct:import-message}
 * and puts the conversation back at the end of the line (fair across conversations). At most
 * {@code maxBuffered} messages wait, which holds the file reader back. {@link #drain(Exchange)} waits until
 * every message of the file finished, so a file is archived only when all its messages are done.
 */
public final class ConversationLanes implements Processor, CamelContextAware, Service {

    /** Exchange property set on each part: its conversation hash. */
    public static final String CONVERSATION = "importConversation";

    private static final Logger LOG = LoggerFactory.getLogger(ConversationLanes.class);

    private final String endpointUri;
    private final int maxInFlight;
    private final Semaphore buffered;
    private final Object lock = new Object();
    private final Map<Long, ArrayDeque<Exchange>> waiting = new HashMap<>();
    private final AtomicInteger unfinished = new AtomicInteger();

    private CamelContext camelContext;
    private ProducerTemplate template;
    private ExecutorService userWorkers;
    private ExecutorService groupWorkers;

    public ConversationLanes(String endpointUri, int maxInFlight, int maxBuffered) {
        this.endpointUri = endpointUri;
        this.maxInFlight = maxInFlight;
        this.buffered = new Semaphore(maxBuffered);
    }

    @Override
    public void process(Exchange part) throws InterruptedException {
        Exchange message = part.copy();
        long conversation = message.getProperty(CONVERSATION, Long.class);
        buffered.acquire(); // back-pressure: the reader waits while too many messages are queued
        unfinished.incrementAndGet();
        synchronized (lock) {
            ArrayDeque<Exchange> queue = waiting.get(conversation);
            if (queue != null) {
                queue.addLast(message); // the conversation is in flight: its worker takes it next
                return;
            }
            waiting.put(conversation, new ArrayDeque<>());
        }
        workers(conversation).execute(() -> sendThenContinue(conversation, message));
    }

    private ExecutorService workers(long conversation) {
        return Conversations.isGroup(conversation) ? groupWorkers : userWorkers;
    }

    private void sendThenContinue(long conversation, Exchange message) {
        try {
            if (camelContext.isStopping()) {
                // stopping: queued messages are not started (the file stays in the inbox and continues later);
                // this conversation's later messages are skipped too, so its order holds
                message.setRouteStop(true);
            } else {
                template.send(endpointUri, message);
            }
            if (message.getException() != null) {
                LOG.error("Message could not be processed (it stays unrecorded and is retried with the file): {}",
                        message.getException().toString());
            }
        } catch (RuntimeException e) {
            LOG.error("Message could not be processed (it stays unrecorded and is retried with the file): {}", e.toString());
        } finally {
            buffered.release();
            finishedOne();
        }
        Exchange next;
        synchronized (lock) {
            ArrayDeque<Exchange> queue = waiting.get(conversation);
            next = queue.pollFirst();
            if (next == null) {
                waiting.remove(conversation);
            }
        }
        if (next != null) {
            Exchange following = next;
            workers(conversation).execute(() -> sendThenContinue(conversation, following)); // back of the line: fair
        }
    }

    private void finishedOne() {
        if (unfinished.decrementAndGet() == 0) {
            synchronized (unfinished) {
                unfinished.notifyAll();
            }
        }
    }

    /** Waits until every message handed in so far has finished. */
    public void drain(Exchange fileExchange) throws InterruptedException {
        synchronized (unfinished) {
            while (unfinished.get() > 0) {
                unfinished.wait(1000);
            }
        }
    }

    /** Messages handed in and not finished yet. */
    public int unfinished() {
        return unfinished.get();
    }

    @Override
    public void start() {
        if (userWorkers == null) {
            userWorkers = pool("import-users-");
            groupWorkers = pool("import-groups-");
            template = camelContext.createProducerTemplate();
        }
    }

    private ExecutorService pool(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(maxInFlight, r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void stop() {
        for (ExecutorService workers : new ExecutorService[] {userWorkers, groupWorkers}) {
            if (workers != null) {
                workers.shutdown();
                try {
                    workers.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        userWorkers = null;
        groupWorkers = null;
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
