package io.chathistorybridge.pace;

import java.util.Arrays;

/**
 * The round trips of the last {@value #KEPT} answered calls of a pacer, and how many callers a rate needs to keep
 * busy with them. Not thread-safe: its {@link Pacer} holds it under its lock.
 */
final class RoundTrips {

    static final int KEPT = 256;

    private final long[] nanos = new long[KEPT];
    private long answered;

    void add(long roundTripNanos) {
        nanos[(int) (answered++ % KEPT)] = roundTripNanos;
    }

    /**
     * The rate times the 95th percentile round trip (a round trip ends at the answer's head; what the caller does
     * besides is covered by a quarter more and 4 spare), within 1 and {@code ceiling}; the ceiling until 16 calls
     * were answered.
     */
    int concurrency(double perSecond, int ceiling) {
        int n = (int) Math.min(answered, KEPT);
        if (n < 16) {
            return ceiling;
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        double p95Seconds = sorted[(int) Math.ceil(0.95 * n) - 1] / 1e9;
        long wanted = (long) Math.ceil(perSecond * p95Seconds * 1.25) + 4;
        return (int) Math.max(1, Math.min(ceiling, wanted));
    }
}
