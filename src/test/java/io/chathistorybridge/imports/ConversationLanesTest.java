package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
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
                    long conversation = ex.getProperty(ConversationLanes.CONVERSATION, Long.class);
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
        ConversationLanes lanes = new ConversationLanes("direct:msg", 4, 50);
        lanes.setCamelContext(context);
        lanes.start();
        long start = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            DefaultExchange part = new DefaultExchange(context);
            part.setProperty(ConversationLanes.CONVERSATION, (long) (i % 8));
            part.getIn().setBody(i);
            lanes.process(part);
        }
        lanes.drain(null);
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
}
