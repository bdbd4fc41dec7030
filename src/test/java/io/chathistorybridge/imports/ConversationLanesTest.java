package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.chathistorybridge.store.ImportedMessages;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ConversationLanesTest {

    @Test
    void ordersEachConversationRunsConversationsInParallelAndDrains() throws Exception {
        Map<Long, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<Long> slowDone = new CopyOnWriteArrayList<>();
        CamelContext context = new DefaultCamelContext();
        // a lambda, not a RouteBuilder subclass: Camel Main's package scan in other tests would pick that up
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:msg").process(ex -> {
                    long conversation = ex.getIn().getBody(Integer.class) % 8;
                    int n = inFlight.incrementAndGet();
                    maxInFlight.accumulateAndGet(n, Math::max);
                    // conversation 0 is slow (a message being retried): it must not hold the others back
                    Thread.sleep(conversation == 0 ? 50 : 2);
                    seen.computeIfAbsent(conversation, c -> new CopyOnWriteArrayList<>()).add(ex.getIn().getBody(Integer.class));
                    if (conversation == 0) {
                        slowDone.add(System.nanoTime());
                    }
                    inFlight.decrementAndGet();
                }));
        context.start();
        ConversationLanes lanes = started(new ConversationLanes(4, 50), context);
        long start = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            DefaultExchange part = new DefaultExchange(context);
            part.getIn().setBody(i);
            lanes.send(part, i % 8, "direct:msg");
        }
        lanes.drain();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        lanes.stop();
        context.stop();

        assertEquals(0, lanes.unfinished());
        for (long c = 0; c < 8; c++) {
            List<Integer> order = seen.get(c);
            assertEquals(50, order.size());
            List<Integer> sorted = new ArrayList<>(order);
            sorted.sort(Integer::compare);
            assertEquals(sorted, order, "conversation " + c + " in order");
        }
        // conversations 0..7: even hashes are 1:1, odd ones groups; each endpoint has its own 4 workers
        assertTrue(maxInFlight.get() <= 8, "never more than max in flight per endpoint: " + maxInFlight.get());
        assertTrue(maxInFlight.get() >= 3, "conversations ran in parallel: " + maxInFlight.get());
        // the slow conversation alone takes 50 x 50 ms; the other 350 messages finish alongside it
        assertTrue(elapsedMs < 2500 + 1500, "took " + elapsedMs + " ms");
    }

    @Test
    void aConversationWaitsForItsRecordWhileTheWorkerServesOthers() throws Exception {
        Map<Integer, CompletableFuture<Boolean>> records = new ConcurrentHashMap<>();
        List<Integer> sent = new CopyOnWriteArrayList<>();
        CamelContext context = new DefaultCamelContext();
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:msg").process(ex -> {
            int body = ex.getIn().getBody(Integer.class);
            sent.add(body);
            CompletableFuture<Boolean> record = new CompletableFuture<>();
            records.put(body, record);
            ex.setProperty(ConversationLanes.RECORDED, new ImportedMessages.Recording(record));
        }));
        context.start();
        // one worker for 1:1 conversations: if it waited for the disk, conversation 2 could not go on
        ConversationLanes lanes = started(new ConversationLanes(1, 50), context);
        hand(lanes, context, 0, 100);
        hand(lanes, context, 0, 101);
        hand(lanes, context, 2, 200);
        hand(lanes, context, 2, 201);
        awaitTrue(() -> sent.contains(200));
        records.get(200).complete(true);
        awaitTrue(() -> sent.contains(201));
        assertFalse(sent.contains(101), "conversation 0 waits until message 100 is on disk");
        records.get(201).complete(true);
        records.get(100).complete(true);
        awaitTrue(() -> sent.contains(101));
        assertEquals(1, lanes.unfinished(), "101 is not on disk yet: the file is not done");
        records.get(101).completeExceptionally(new SQLException("disk full"));
        lanes.drain();
        assertEquals(0, lanes.unfinished());
        assertEquals(List.of(100, 200, 201, 101), sent);
        lanes.stop();
        context.stop();
    }

    @Test
    void aFailingMessagePausesItsFileSoNoLaterMessageStartsAndTheDrainEnds(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        CamelContext context = new DefaultCamelContext();
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:msg").process(ex -> {
            int body = ex.getIn().getBody(Integer.class);
            sent.add(body);
            if (body == 4) {
                throw new IllegalStateException("store unavailable");
            }
        }));
        context.start();
        ImportRun run = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 0).start("t.ndjson");
        ConversationLanes lanes = started(new ConversationLanes(1, 50), context);
        for (int i = 0; i < 20; i++) {
            DefaultExchange part = new DefaultExchange(context);
            part.setProperty(ImportRun.PROPERTY, run);
            part.getIn().setBody(i);
            lanes.send(part, 2L * (i % 2), "direct:msg"); // two 1:1 conversations, one worker: 0, 1, 2, ...
        }
        lanes.drain();
        lanes.stop();
        context.stop();
        run.closeMap();
        assertEquals(0, lanes.unfinished());
        assertTrue(run.pausedBy() != null && run.pausedBy().contains("store unavailable"), run.pausedBy());
        // one worker: the failing message was the last one in flight
        assertTrue(sent.size() < 20 && sent.get(sent.size() - 1) == 4,
                "no message started after the failure: " + sent);
    }

    @Test
    void eachEndpointRunsAsManyConversationsAsItsTargetSaysWithinTheCeiling() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CamelContext context = new DefaultCamelContext();
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:msg").process(ex -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.sleep(3);
            inFlight.decrementAndGet();
        }));
        context.start();
        AtomicInteger target = new AtomicInteger(2);
        ConversationLanes lanes = started(new ConversationLanes(8, 500, target::get, () -> 1), context);
        // 12 1:1 conversations (even hashes), 10 messages each
        for (int i = 0; i < 120; i++) {
            hand(lanes, context, 2 * (i % 12), i);
        }
        lanes.drain();
        assertEquals(2, maxInFlight.get(), "the target, not the ceiling of 8");
        target.set(20);
        maxInFlight.set(0);
        for (int i = 0; i < 240; i++) {
            hand(lanes, context, 2 * (i % 12), i);
        }
        lanes.drain();
        assertEquals(8, lanes.workers()[0], "a target above the ceiling gets the ceiling");
        assertEquals(1, lanes.workers()[1]);
        assertTrue(maxInFlight.get() > 2 && maxInFlight.get() <= 8, "grew to the ceiling: " + maxInFlight.get());
        target.set(3);
        for (int i = 0; i < 64; i++) {
            hand(lanes, context, 2 * (i % 12), i);
        }
        lanes.drain();
        assertEquals(3, lanes.workers()[0]);
        lanes.stop();
        context.stop();
    }

    /**
     * The parts a split hands over share one unit of work, whose route stack is not thread-safe: lanes that kept it
     * made Camel look up the onException of another thread's route, so a failed call continued without its
     * failure steps (api-errors' classifier) now and then. Each message runs in a unit of work of its own.
     */
    @Test
    void eachMessageRunsInAUnitOfWorkOfItsOwnSoEveryFailedCallGetsItsFailureSteps() throws Exception {
        AtomicInteger withoutFailureSteps = new AtomicInteger();
        AtomicInteger sharedUnitOfWork = new AtomicInteger();
        CamelContext context = new DefaultCamelContext();
        AtomicReference<UnitOfWork> partsUnitOfWork = new AtomicReference<>();
        RouteBuilder.addRoutes(context, rb -> {
            rb.from("direct:msg")
                    .process(ex -> {
                        if (ex.getUnitOfWork() == partsUnitOfWork.get()) {
                            sharedUnitOfWork.incrementAndGet();
                        }
                    })
                    .to("direct:call")
                    .process(ex -> {
                        if (!ex.getProperty("classified", false, Boolean.class)) {
                            withoutFailureSteps.incrementAndGet();
                        }
                    });
            rb.from("direct:call")
                    .onException(Exception.class).continued(true)
                        .process(ex -> ex.setProperty("classified", true))
                    .end()
                    .process(ex -> {
                        throw new IllegalStateException("400");
                    });
        });
        context.start();
        // the split's parts share the file exchange's unit of work
        partsUnitOfWork.set(PluginHelper.getUnitOfWorkFactory(context).createUnitOfWork(new DefaultExchange(context)));
        ConversationLanes lanes = started(new ConversationLanes(8, 200), context);
        for (int i = 0; i < 4000; i++) {
            DefaultExchange part = new DefaultExchange(context);
            part.getExchangeExtension().setUnitOfWork(partsUnitOfWork.get());
            part.getIn().setBody(i);
            lanes.send(part, i % 64, "direct:msg");
        }
        lanes.drain();
        lanes.stop();
        context.stop();

        assertEquals(0, sharedUnitOfWork.get(), "messages that ran in the parts' unit of work");
        assertEquals(0, withoutFailureSteps.get(), "failed calls that continued without their failure steps");
    }

    @Test
    void aProcessThatLostTheLeadStartsNoQueuedMessage() throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean leading = new java.util.concurrent.atomic.AtomicBoolean(true);
        CamelContext context = new DefaultCamelContext();
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:msg").process(ex -> {
            int n = ex.getIn().getBody(Integer.class);
            sent.add(n);
            if (n == 2) {
                leading.set(false); // the lead is lost while message 2 is posted
            }
        }));
        context.start();
        ConversationLanes lanes = new ConversationLanes(2, 50);
        lanes.setLeading(leading::get);
        lanes.setCamelContext(context);
        lanes.start();
        for (int i = 0; i < 10; i++) {
            hand(lanes, context, 2L, i); // one conversation: one after another
        }
        lanes.drain();
        lanes.stop();
        context.stop();
        assertEquals(List.of(0, 1, 2), sent, "nothing started after the lead was lost");
        assertEquals(0, lanes.unfinished(), "the skipped messages are finished, so the file's drain ends");
    }

    @Test
    void theConversationWithTheMostWorkLeftGetsTheNextFreeWorker() throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> firstMayGo = new CompletableFuture<>();
        CamelContext context = new DefaultCamelContext();
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:msg").process(ex -> {
            int body = ex.getIn().getBody(Integer.class);
            if (body == 100) {
                firstMayGo.get();
            }
            sent.add(body);
        }));
        context.start();
        // one worker for 1:1 conversations: conversation 0 has five messages, 2 and 4 one each
        ConversationLanes lanes = started(new ConversationLanes(1, 50), context);
        hand(lanes, context, 0, 100);
        hand(lanes, context, 2, 200);
        hand(lanes, context, 4, 400);
        for (int i = 1; i < 5; i++) {
            hand(lanes, context, 0, 100 + i);
        }
        firstMayGo.complete(null);
        lanes.drain();
        // fair turns would have sent 100, 200, 400, 101, ...: the long conversation is the file's critical path
        // (its last message has as little left as the others: equals go in the order they were queued)
        assertEquals(List.of(100, 101, 102, 103), sent.subList(0, 4), "sent " + sent);
        assertEquals(7, sent.size());
        lanes.stop();
        context.stop();
    }

    @Test
    void aPauseInOneFileStartsNothingMoreOfTheFilesAfterIt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> slowMayGo = new CompletableFuture<>();
        // file 1's second message of conversation 2 (11) could not be finished: the file pauses
        CamelContext context = slowZero(sent, slowMayGo, 11);
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 1000);
        ImportRun first = runs.start("2026112201.gz");
        ImportRun second = runs.start("2026112202.gz");
        ConversationLanes lanes = started(new ConversationLanes(4, 50), context);
        // file 1: conversation 4 is slow (0), conversation 2 has 10 and 11; file 2: conversation 6 is new (21), and
        // conversations 2 (20) and 4 (22) go on behind their messages of file 1
        handOf(lanes, context, first, 4, 0);
        handOf(lanes, context, first, 2, 10);
        handOf(lanes, context, first, 2, 11);
        awaitTrue(() -> sent.contains(11));
        var firstEnds = first.inLanes().allHandedIn();
        handOf(lanes, context, second, 2, 20);
        handOf(lanes, context, second, 6, 21);
        handOf(lanes, context, second, 4, 22);
        var secondEnds = second.inLanes().allHandedIn();
        Thread.sleep(200);
        assertFalse(secondEnds.isDone(), "22 waits behind its conversation's slow message of file 1");
        slowMayGo.complete(null);
        awaitTrue(() -> firstEnds.isDone() && secondEnds.isDone());
        lanes.stop();
        context.stop();
        assertEquals(List.of(10, 11, 0), sent, "nothing of file 2 started after file 1 paused");
        assertEquals("the file before it, 2026112201.gz, paused", second.pausedBy());
    }

    @Test
    void aFileEndsOnceItsOwnMessagesFinishedWhileAnEarlierFileIsStillRunning(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> slowMayGo = new CompletableFuture<>();
        CamelContext context = slowZero(sent, slowMayGo, -1);
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 1000);
        ImportRun first = runs.start("2026112201.gz");
        ImportRun second = runs.start("2026112202.gz");
        ConversationLanes lanes = started(new ConversationLanes(4, 50), context);
        handOf(lanes, context, first, 4, 0);
        var firstEnds = first.inLanes().allHandedIn();
        assertTrue(second.inLanes().allHandedIn().isDone(), "a file with no message ends at once");
        ImportRun third = runs.start("2026112203.gz");
        handOf(lanes, context, third, 6, 31);
        handOf(lanes, context, third, 8, 32);
        var thirdEnds = third.inLanes().allHandedIn();
        awaitTrue(thirdEnds::isDone);
        assertFalse(firstEnds.isDone(), "file 1's slow message is still in flight");
        slowMayGo.complete(null);
        awaitTrue(firstEnds::isDone);
        lanes.stop();
        context.stop();
        assertEquals(3, sent.size());
        assertEquals(0, sent.get(2), "file 1's message finished last: " + sent);
    }

    /** Sends record their body; 0 waits until {@code slowMayGo}; {@code pauseAt} pauses its file. */
    private static CamelContext slowZero(List<Integer> sent, CompletableFuture<Void> slowMayGo, int pauseAt)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:msg").process(ex -> {
            int n = ex.getIn().getBody(Integer.class);
            if (n == 0) {
                slowMayGo.get();
            }
            sent.add(n);
            if (n == pauseAt) {
                ex.getProperty(ImportRun.PROPERTY, ImportRun.class).pause("the API kept failing");
            }
        }));
        context.start();
        return context;
    }

    private static void handOf(ConversationLanes lanes, CamelContext context, ImportRun run, long conversation,
                               int body) throws InterruptedException {
        DefaultExchange part = new DefaultExchange(context);
        part.setProperty(ImportRun.PROPERTY, run);
        part.getIn().setBody(body);
        lanes.send(part, conversation, "direct:msg");
    }

    private static void hand(ConversationLanes lanes, CamelContext context, long conversation, int body)
            throws InterruptedException {
        DefaultExchange part = new DefaultExchange(context);
        part.getIn().setBody(body);
        lanes.send(part, conversation, "direct:msg");
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(5);
        }
    }

    @Test
    void heldLanesStartNoQueuedMessageAndAMessageTheRouteEndedCountsAsSkippedByARoute(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch firstIn = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch letGo = new java.util.concurrent.CountDownLatch(1);
        CamelContext context = new DefaultCamelContext();
        RouteBuilder.addRoutes(context, rb -> rb.from("direct:msg").process(ex -> {
            int n = ex.getIn().getBody(Integer.class);
            sent.add(n);
            if (n == 0) {
                firstIn.countDown();
                letGo.await();
            }
            if (n % 2 == 0) {
                ex.setProperty(MessageOutcomes.COUNTED, true); // an outcome was counted
            }
        }));
        context.start();
        ImportRun run = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 0).start("t.ndjson");
        ConversationLanes lanes = started(new ConversationLanes(2, 50), context);
        for (int i = 0; i < 10; i++) {
            DefaultExchange part = new DefaultExchange(context);
            long conversation = 2L; // one conversation: one after another
            part.setProperty(ImportRun.PROPERTY, run);
            part.getIn().setBody(i);
            lanes.send(part, conversation, "direct:msg");
        }
        firstIn.await();
        lanes.hold(); // message 0 is in flight, 1..9 are queued
        letGo.countDown();
        lanes.drain();
        assertEquals(List.of(0), sent, "no queued message started while held");
        assertEquals(0, run.skippedByRoute.get());

        lanes.release();
        for (int i = 1; i < 5; i++) {
            DefaultExchange part = new DefaultExchange(context);
            long conversation = 2L;
            part.setProperty(ImportRun.PROPERTY, run);
            part.getIn().setBody(i);
            lanes.send(part, conversation, "direct:msg");
        }
        lanes.drain();
        lanes.stop();
        context.stop();
        run.closeMap();
        assertEquals(List.of(0, 1, 2, 3, 4), sent);
        assertEquals(2, run.skippedByRoute.get(), "1 and 3 ended without an outcome");
    }

    private static ConversationLanes started(ConversationLanes lanes, CamelContext context) {
        lanes.setCamelContext(context);
        lanes.start();
        return lanes;
    }
}
