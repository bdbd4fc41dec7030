package io.chathistorybridge.pace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Largest number of slots inside any window of the given length (sliding, inclusive ends). */
    private static int maxInWindow(long[] slots, long windowNanos) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < slots.length; end++) {
            while (slots[end] - slots[start] >= windowNanos) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    @Test
    void spacesPermitsEvenlySoNoSecondHoldsMoreThanTheRate() {
        Pacer pacer = new Pacer("test", 100, 1000, 20, 10_000);
        long[] slots = new long[1000];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = pacer.reserve(0); // everyone asks at once: a burst of demand
        }
        int max = maxInWindow(slots, 1000 * MS);
        assertTrue(max <= 100 && max >= 98, "max in a 1 s window: " + max);
        assertEquals(10.2 * MS, slots[1] - slots[0], 0.01 * MS);
        // the whole run keeps close to the rate: 999 intervals of 10.2 ms
        assertEquals(999 * 10.2, (slots[999] - slots[0]) / (double) MS, 1.0);
    }

    @Test
    void idleTimeIsNotSavedUpForABurst() {
        Pacer pacer = new Pacer("test", 100, 1000, 20, 10_000);
        pacer.reserve(0);
        long later = 60_000 * MS; // a minute of silence, then a burst
        long[] slots = new long[300];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = pacer.reserve(later);
        }
        assertEquals(later, slots[0]);
        assertTrue(maxInWindow(slots, 1000 * MS) <= 100);
    }

    @Test
    void aFullWindowHoldsTheNextCallUntilACountedArrivalLeavesIt() {
        Pacer pacer = new Pacer("test", 3, 1000, 0, 1000);
        Pacer.Call first = pacer.tryEnter(0);
        pacer.tryEnter(10 * MS);
        pacer.tryEnter(20 * MS);
        assertNull(pacer.tryEnter(30 * MS), "3 calls in flight fill a limit of 3");
        // no answer: the call may have arrived as late as its failure, so it counts for a window after that
        first.end(false, 100 * MS);
        assertNull(pacer.tryEnter(1099 * MS));
        assertNotNull(pacer.tryEnter(1100 * MS), "the failed call's window is over, 2 are still in flight");
        assertEquals(3, pacer.inFlight());
    }

    @Test
    void anAnsweredCallCountsFromItsLatestArrivalOnceRoundTripsAreTrusted() {
        Pacer pacer = new Pacer("test", 1, 1000, 5, 1000);
        // the first window runs cold: an answer counts from the answer itself
        pacer.tryEnter(0).end(true, 100 * MS);
        assertNull(pacer.tryEnter(1099 * MS));
        // after a window: from the answer minus the fastest round trip (100 ms) plus the margin (5 ms)
        Pacer.Call warm = pacer.tryEnter(2000 * MS);
        warm.end(true, 2150 * MS);
        assertNull(pacer.tryEnter(2999 * MS), "arrived at 2055 ms at the latest: counts until 3055 ms");
        assertNull(pacer.tryEnter(3054 * MS));
        assertNotNull(pacer.tryEnter(3056 * MS));
    }

    @Test
    void endingACallTwiceCountsItOnce() {
        Pacer pacer = new Pacer("test", 2, 1000, 0, 1000);
        Pacer.Call call = pacer.tryEnter(0);
        call.end(false, 10 * MS);
        call.end(false, 20 * MS);
        assertEquals(0, pacer.inFlight());
        assertNotNull(pacer.tryEnter(30 * MS), "one counted arrival leaves room for one more");
        assertNull(pacer.tryEnter(40 * MS));
    }

    @Test
    void beginWaitsInTheGuardUntilACallEnds() throws Exception {
        Pacer pacer = new Pacer("test", 2, 300, 0, 1000);
        Pacer.Call first = pacer.begin();
        pacer.begin();
        CompletableFuture<Long> third = CompletableFuture.supplyAsync(() -> {
            pacer.begin();
            return System.nanoTime();
        });
        Thread.sleep(400);
        assertFalse(third.isDone(), "two calls in flight fill a limit of 2");
        long failedAt = System.nanoTime();
        first.failed();
        long passedAt = third.get(5, TimeUnit.SECONDS);
        assertTrue(passedAt - failedAt >= 290 * MS, "passed " + (passedAt - failedAt) / MS + " ms after the failure");
        assertTrue(pacer.guardWaits() >= 1);
    }

    @Test
    void throttledSlowsTheRateThenRecovers() {
        Pacer pacer = new Pacer("test", 100, 1000, 0, 1_000);
        long now = System.nanoTime();
        pacer.throttled();
        assertEquals(70, pacer.currentRate(now), 1.0);
        assertEquals(85, pacer.currentRate(now + 500 * MS), 2.0);
        assertEquals(100, pacer.currentRate(now + 2000 * MS), 0.001);
        assertEquals(1, pacer.throttles());
    }

    @Test
    void manyThrottlesInOneWindowSlowItOnce() {
        Pacer pacer = new Pacer("test", 100, 1000, 0, 5_000);
        for (int i = 0; i < 20; i++) {
            pacer.throttled(); // the 429s of 20 calls already on their way
        }
        assertEquals(70, pacer.currentRate(System.nanoTime()), 1.0);
        assertEquals(20, pacer.throttles());
    }

    @Test
    void slowRatesSpaceAcrossTheMinute() {
        Pacer pacer = new Pacer("history", 6, 60_000, 0, 60_000);
        long[] slots = new long[12];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = pacer.reserve(0);
        }
        assertEquals(6, maxInWindow(slots, 60_000 * MS));
        assertEquals(10_000 * MS, slots[1] - slots[0]);
    }

    @Test
    void acquireWaitsForItsSlot() {
        Pacer pacer = new Pacer("test", 10, 1000, 0, 1000);
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            pacer.acquire();
        }
        long elapsedMs = (System.nanoTime() - start) / MS;
        assertTrue(elapsedMs >= 295, "4 permits at 10/s take 300 ms, took " + elapsedMs);
        assertEquals(4, pacer.permits());
    }

    @Test
    void aWaitingCallerWithMoreWorkLeftGetsTheNextPermitFirst() throws Exception {
        Pacer pacer = new Pacer("test", 10, 1000, 0, 1000); // a permit every 100 ms
        pacer.acquire(0); // the pace is busy: the next permit is 100 ms away
        java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (String name : java.util.List.of("short-1", "short-2", "short-3", "long")) {
            Thread t = new Thread(() -> {
                pacer.acquire(name.equals("long") ? 50 : 1);
                order.add(name);
            });
            t.start();
            threads.add(t);
            Thread.sleep(10); // they queue in this order
        }
        for (Thread t : threads) {
            t.join(5_000);
        }
        assertEquals(java.util.List.of("long", "short-1", "short-2", "short-3"), order,
                "the most work left first, then in arrival order");
        assertEquals(5, pacer.permits());
    }

    @Test
    void aWaitingCallerWhoseConversationGainsWorkPassesThoseThatJoinedWithMore() throws Exception {
        Pacer pacer = new Pacer("test", 10, 1000, 0, 1000); // a permit every 100 ms
        pacer.acquire(0); // the pace is busy: the next permit is 100 ms away
        java.util.concurrent.atomic.AtomicLong growing = new java.util.concurrent.atomic.AtomicLong(1);
        java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread waiting = new Thread(() -> {
            CallPriority.set(growing::get);
            pacer.acquire();
            order.add("grew");
        });
        Thread busy = new Thread(() -> {
            pacer.acquire(5);
            order.add("busy");
        });
        waiting.start();
        Thread.sleep(10);
        busy.start();
        Thread.sleep(10);
        growing.set(50); // its lane filled while it waited
        waiting.join(5_000);
        busy.join(5_000);
        assertEquals(java.util.List.of("grew", "busy"), order, "the work left as it is now, not when it joined");
    }

    @Test
    void whenTheWindowIsFullTheCallerWithMoreWorkLeftGoesFirst() throws Exception {
        Pacer pacer = new Pacer("test", 2, 1000, 0, 1000, 0); // 2 per second: a permit every 500 ms
        Pacer.Call first = pacer.begin();
        Pacer.Call second = pacer.begin();
        java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread low = new Thread(() -> {
            CallPriority.set(1);
            pacer.begin();
            order.add("low");
        });
        Thread high = new Thread(() -> {
            CallPriority.set(9);
            pacer.begin();
            order.add("high");
        });
        low.start();
        Thread.sleep(50);
        high.start();
        Thread.sleep(50);
        first.answered(); // counted a window after its answer: one place again a second later
        high.join(5_000);
        Thread.sleep(100);
        assertEquals(java.util.List.of("high"), order, "the guard's one place goes to the most work left");
        second.answered(); // the second place, a second later
        low.join(5_000);
        assertEquals(java.util.List.of("high", "low"), order);
        assertTrue(pacer.guardWaits() >= 1);
    }

    @Test
    void aCallerFarAboveTheUsualWorkLeftTakesTheNextSlotAtOnceAndTheScheduleHolds() {
        Pacer pacer = new Pacer("test", 10, 1000, 0, 1000); // a permit every 100 ms
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            pacer.acquire(1); // at 0, 100 and 200 ms: the usual work left is 1, the next slot at 300 ms
        }
        pacer.acquire(CriticalPath.MIN_WORK_LEFT - 1);
        long usual = (System.nanoTime() - start) / MS;
        assertTrue(usual >= 295, "below the express minimum a caller waits for its slot (300 ms), was " + usual);
        pacer.acquire(50);
        long express = (System.nanoTime() - start) / MS;
        assertTrue(express < usual + 50, "the long conversation takes the slot of 400 ms at once, at " + express);
        pacer.acquire(50);
        long next = (System.nanoTime() - start) / MS;
        assertTrue(next >= 495, "the next slot is not taken early too: it waits for 500 ms, was " + next);
        pacer.acquire(1);
        long after = (System.nanoTime() - start) / MS;
        assertTrue(after >= 595, "the schedule moved on as if it had waited: 600 ms, was " + after);
        assertEquals(7, pacer.permits());
    }

    @Test
    void whileACriticalCallerRunsTheOthersLeaveItAPlaceInTheWindow() throws Exception {
        Pacer pacer = new Pacer("test", 3, 1000, 0, 1000, 0); // 3 per window, a permit every 333 ms
        CallPriority.set(50);
        Pacer.Call critical = pacer.begin(); // the long conversation: far above the usual work left
        CallPriority.set(1);
        Pacer.Call other = pacer.begin(); // 2 of 3 counted now
        java.util.concurrent.CountDownLatch admitted = new java.util.concurrent.CountDownLatch(1);
        Thread third = new Thread(() -> {
            CallPriority.set(1);
            pacer.begin();
            admitted.countDown();
        });
        third.start();
        assertFalse(admitted.await(400, TimeUnit.MILLISECONDS),
                "another short conversation does not take the last place while the critical one runs");
        assertEquals(2, pacer.counted(System.nanoTime()));
        CallPriority.set(50);
        long before = System.nanoTime();
        Pacer.Call next = pacer.begin();
        assertTrue((System.nanoTime() - before) / MS < 200, "the critical conversation's next call finds its place");
        CallPriority.clear();
        critical.answered();
        other.answered();
        next.answered();
        assertTrue(admitted.await(5, TimeUnit.SECONDS), "the short one goes once the window has room");
        third.join(1_000);
    }

    @Test
    void priorityKeepsThePace() {
        Pacer pacer = new Pacer("test", 20, 1000, 0, 1000); // a permit every 50 ms
        long[] slots = new long[9];
        Thread[] threads = new Thread[slots.length];
        for (int i = 0; i < slots.length; i++) {
            int n = i;
            threads[i] = new Thread(() -> {
                pacer.acquire(n % 3);
                slots[n] = System.nanoTime();
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        java.util.Arrays.sort(slots);
        for (int i = 1; i < slots.length; i++) {
            assertTrue(slots[i] - slots[i - 1] >= 45 * MS, "permits 50 ms apart, were " + (slots[i] - slots[i - 1]) / MS
                    + " ms at " + i);
        }
        assertEquals(9, pacer.permits());
    }

    @Test
    void rejectsZeroRate() {
        assertThrows(IllegalArgumentException.class, () -> new Pacer("x", 0, 1000, 0, 0));
    }

    @Test
    void concurrencyIsTheRateTimesTheHighRoundTripsWithinTheCeiling() {
        Pacer pacer = Pacer.perSecond("test", 100, 0, 0);
        assertEquals(64, pacer.concurrency(64), "no round trips seen yet: the ceiling");
        long t = 0;
        // 200 calls of 60-140 ms (uniform steps), then 56 of 300 ms: the last 256 answered count
        for (int i = 0; i < 200; i++, t += 2_000 * MS) {
            pacer.tryEnter(t).end(true, t + (60 + i % 81) * MS);
        }
        // 95th percentile 136 ms: 100/s x 0.136 s x 1.25 = 17, + 4
        assertEquals(21, pacer.concurrency(64));
        assertEquals(12, pacer.concurrency(12), "never above the ceiling");
        for (int i = 0; i < 56; i++, t += 2_000 * MS) {
            pacer.tryEnter(t).end(true, t + 300 * MS);
        }
        // 56 of 256 (22 %) take 300 ms: 100/s x 0.3 s x 1.25 = 37.5 -> 38, + 4
        assertEquals(42, pacer.concurrency(64));
        for (int i = 0; i < 10; i++, t += 2_000 * MS) {
            pacer.tryEnter(t).end(false, t + 5_000 * MS);
        }
        assertEquals(42, pacer.concurrency(64), "calls without an answer say nothing of the round trip");
    }
}
