package io.chathistorybridge.sandbox;

import java.util.Arrays;

/**
 * Append-only log of arrival times (System.nanoTime) used both as an exact sliding-window
 * rate limiter and as the raw material for after-the-fact window statistics.
 *
 * <p>Times are taken inside the lock, so the log is always sorted. A window of length W
 * ending at time t holds the arrivals in (t - W, t]; two arrivals are in one window when
 * their distance is strictly less than W.
 */
final class ArrivalLog {
    record Arrival(long nanos, int inWindow) {}

    private long[] times = new long[256];
    private int size;
    private int head; // first index still inside the limiter window (moves forward only)

    /** Records an arrival now and returns how many arrivals (including this one) lie in the window ending now. */
    synchronized Arrival arrive(long windowNanos) {
        long now = System.nanoTime();
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
        }
        times[size++] = now;
        while (head < size && now - times[head] >= windowNanos) {
            head++;
        }
        return new Arrival(now, size - head);
    }

    synchronized void add(long nanos) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
        }
        times[size++] = nanos;
    }

    synchronized int size() {
        return size;
    }

    synchronized long[] snapshot() {
        return Arrays.copyOf(times, size);
    }

    synchronized void clear() {
        times = new long[256];
        size = 0;
        head = 0;
    }

    /** Largest number of arrivals whose pairwise distance is below {@code windowNanos}; sorts a copy first. */
    static int maxInWindow(long[] arrivals, long windowNanos) {
        if (arrivals.length == 0) {
            return 0;
        }
        long[] a = arrivals.clone();
        Arrays.sort(a);
        int best = 0;
        int lo = 0;
        for (int hi = 0; hi < a.length; hi++) {
            while (a[hi] - a[lo] >= windowNanos) {
                lo++;
            }
            best = Math.max(best, hi - lo + 1);
        }
        return best;
    }
}
