package io.chathistorybridge.pace;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * Callers waiting for a pacer's permits: the first in line is the one of the highest priority, the earliest of
 * equals first; only it waits for the permit's time, the others until they are first.
 */
final class WaitingLine {

    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(
            Comparator.<Waiter>comparingLong(w -> -w.priority()).thenComparingLong(w -> w.seq()));
    private long seq;

    private record Waiter(long priority, Thread thread, long seq) {
    }

    /**
     * Waits until this caller is first in line and its permit is due, then takes it: {@code dueIn} (nanos until the
     * next permit, at a nanoTime) and {@code take} run under {@code lock}. An interrupted caller leaves the line
     * without a permit, its interrupt kept.
     */
    void await(Object lock, long priority, LongUnaryOperator dueIn, LongConsumer take) {
        Waiter me;
        synchronized (lock) {
            me = new Waiter(priority, Thread.currentThread(), seq++);
            waiters.add(me);
        }
        while (true) {
            long wait = 0; // until it is first
            synchronized (lock) {
                if (waiters.peek() == me) {
                    long now = System.nanoTime();
                    wait = dueIn.applyAsLong(now);
                    if (wait <= 0) {
                        waiters.poll();
                        take.accept(now);
                        wakeFirst();
                        return;
                    }
                }
            }
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            } else {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                synchronized (lock) {
                    waiters.remove(me);
                    wakeFirst();
                }
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Wakes the first in line to look again (its permit's time may have changed); under the lock. */
    void wakeFirst() {
        Waiter first = waiters.peek();
        if (first != null) {
            LockSupport.unpark(first.thread());
        }
    }
}
