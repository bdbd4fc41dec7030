package io.chathistorybridge.pace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * Callers waiting for a pacer's permits: the first in line is the one of the highest priority now, the earliest of
 * equals first; only it waits for the permit's time, the others until they are first. Priorities are read when the
 * first is looked for, since a waiting caller's conversation gains work: a priority taken when it joined would leave
 * it behind busier ones for as long as they have more. The line is as long as the callers (the lane workers), so it
 * is a list looked through, not a heap.
 */
final class WaitingLine {

    private final List<Waiter> waiters = new ArrayList<>();
    private long seq;

    private record Waiter(LongSupplier priority, Thread thread, long seq) {
    }

    /**
     * Waits until this caller is first in line and its permit is due, then takes it: {@code dueIn} (nanos until the
     * next permit, at a nanoTime) and {@code take} run under {@code lock}. An interrupted caller leaves the line
     * without a permit, its interrupt kept.
     */
    void await(Object lock, LongSupplier priority, LongUnaryOperator dueIn, LongConsumer take) {
        Waiter me;
        synchronized (lock) {
            me = new Waiter(priority, Thread.currentThread(), seq++);
            waiters.add(me);
        }
        while (true) {
            long wait = 0; // until it is first
            synchronized (lock) {
                Waiter first = first();
                if (first == me) {
                    long now = System.nanoTime();
                    wait = dueIn.applyAsLong(now);
                    if (wait <= 0) {
                        waiters.remove(me);
                        take.accept(now);
                        wakeFirst();
                        return;
                    }
                } else {
                    // the first may have passed this one while it was waiting for its time: it looks now
                    LockSupport.unpark(first.thread());
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
        Waiter first = first();
        if (first != null) {
            LockSupport.unpark(first.thread());
        }
    }

    private Waiter first() {
        Waiter first = null;
        long highest = Long.MIN_VALUE;
        for (Waiter w : waiters) {
            long p = w.priority().getAsLong();
            if (first == null || p > highest || p == highest && w.seq() < first.seq()) {
                first = w;
                highest = p;
            }
        }
        return first;
    }
}
