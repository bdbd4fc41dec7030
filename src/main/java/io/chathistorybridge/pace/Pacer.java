package io.chathistorybridge.pace;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Hands out call permits evenly, one every {@code (window + margin) / rate}, to any number of threads.
 * <p>
 * Spacing every permit (instead of a burst per window, as Camel's throttle does) keeps any sliding window
 * at or under the limit, and the margin absorbs jitter between our clock and the server's arrival times.
 * After a 429 the rate drops to 70 % and climbs back linearly to the configured rate over {@code recovery}.
 * <p>
 * Spacing alone does not hold the limit where the server counts: a stall between permit and arrival (a GC
 * pause, a busy core, cold code) delays some calls while later ones arrive on time, and one sliding window then
 * holds more than the limit. Calls that come through {@link #begin()} also pass a window guard: a call goes only
 * while fewer than {@code rate} calls may have arrived within the last window. A call still in flight counts,
 * and so does an answered one until a window after its latest arrival: its answer time minus the fastest round
 * trip seen plus {@code oneWay} (the fastest call's way to the server is in that round trip, but not after its
 * arrival), or the answer time itself when the call got no answer or calls have not yet run for a window (cold
 * calls).
 */
public final class Pacer implements Processor {

    /** Exchange property holding the pacer that let a call through, so a retry is paced by it too. */
    public static final String PROPERTY = "bridgePacer";

    /** Answered calls whose round trips {@link #concurrency(int)} looks at. */
    static final int ROUND_TRIPS = 256;

    private final String name;
    private final double ratePerWindow;
    private final long windowNanos;
    private final long marginNanos;
    private final long oneWayNanos;
    private final long recoveryNanos;

    private long nextSlot = Long.MIN_VALUE;
    private double rateAfterThrottle;
    private long throttledAt = Long.MIN_VALUE;
    private long permits;
    private long throttles;

    // the window guard: calls let through and not yet answered, and the latest possible arrival of answered ones
    private final PriorityQueue<Long> recentArrivals = new PriorityQueue<>();
    private int inFlight;
    private long fastestRoundTrip = Long.MAX_VALUE;
    private long firstCallAt = Long.MIN_VALUE;
    private long guardWaits;

    // the round trips of the last answered calls (a ring), for the concurrency that keeps the pace busy
    private final long[] roundTrips = new long[ROUND_TRIPS];
    private long answeredCalls;

    /**
     * @param ratePerWindow permits per window (e.g. 100 per second, or 6 per minute)
     * @param windowMillis  the window the limit counts in
     * @param marginMillis  added to the window when spacing permits
     * @param recoveryMillis time to climb back to the full rate after a 429
     */
    public Pacer(String name, double ratePerWindow, long windowMillis, long marginMillis, long recoveryMillis) {
        this(name, ratePerWindow, windowMillis, marginMillis, recoveryMillis, marginMillis);
    }

    /** @param oneWayMillis how long the fastest call takes to reach the server: the window guard's allowance */
    public Pacer(String name, double ratePerWindow, long windowMillis, long marginMillis, long recoveryMillis,
            long oneWayMillis) {
        if (ratePerWindow <= 0) {
            throw new IllegalArgumentException("rate of " + name + " must be positive, was " + ratePerWindow);
        }
        this.name = name;
        this.ratePerWindow = ratePerWindow;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        this.marginNanos = TimeUnit.MILLISECONDS.toNanos(marginMillis);
        this.oneWayNanos = TimeUnit.MILLISECONDS.toNanos(oneWayMillis);
        this.recoveryNanos = TimeUnit.MILLISECONDS.toNanos(recoveryMillis);
    }

    /** A pacer for a per-second limit: the margin absorbs jitter on the way; 5 s to recover from a 429. */
    public static Pacer perSecond(String name, double rate, long marginMillis, long oneWayMillis) {
        return new Pacer(name, rate, 1000, marginMillis, 5_000, oneWayMillis);
    }

    @Override
    public void process(Exchange exchange) {
        acquire();
        exchange.setProperty(PROPERTY, this);
    }

    /**
     * Waits for a permit, then for room in the window guard; the caller must end the returned call when the
     * server has answered or the connection failed.
     */
    public Call begin() {
        acquire();
        return enterWindow();
    }

    private synchronized Call enterWindow() {
        while (true) {
            long now = System.nanoTime();
            Call call = tryEnter(now);
            if (call != null) {
                return call;
            }
            if (Thread.currentThread().isInterrupted()) {
                return admit(now); // stopping: let it go, as acquire() does
            }
            guardWaits++;
            // woken by an ended call, or when the oldest counted arrival leaves the window
            long waitNanos = recentArrivals.isEmpty() ? windowNanos : recentArrivals.peek() + windowNanos - now;
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, waitNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Lets a call through the window guard at the given time, or returns null while the window is full. */
    synchronized Call tryEnter(long now) {
        return counted(now) < ratePerWindow ? admit(now) : null;
    }

    /** Calls of {@link #begin()} that may have arrived within the window ending now: in flight or answered. */
    public synchronized int counted(long now) {
        while (!recentArrivals.isEmpty() && recentArrivals.peek() <= now - windowNanos) {
            recentArrivals.poll();
        }
        return inFlight + recentArrivals.size();
    }

    private Call admit(long now) {
        inFlight++;
        if (firstCallAt == Long.MIN_VALUE) {
            firstCallAt = now;
        }
        return new Call(now);
    }

    private void ended(Call call, boolean answered, long now) {
        inFlight--;
        if (answered) {
            fastestRoundTrip = Math.min(fastestRoundTrip, now - call.start);
            roundTrips[(int) (answeredCalls++ % ROUND_TRIPS)] = now - call.start;
        }
        // the fastest round trip is trusted once calls have run for a window: the first ones run cold
        boolean trusted = answered && now - firstCallAt >= windowNanos;
        long latestArrival = trusted ? Math.min(now, now - fastestRoundTrip + oneWayNanos) : now;
        if (latestArrival > now - windowNanos) {
            recentArrivals.add(latestArrival);
        }
        notifyAll();
    }

    /** A call let through by {@link #begin()}; ended once, when answered or failed (later ends are ignored). */
    public final class Call {
        private final long start;
        private boolean ended;

        private Call(long start) {
            this.start = start;
        }

        /** The server answered (any status). */
        public void answered() {
            end(true, System.nanoTime());
        }

        /** No answer: the connection failed or timed out; the call may still have arrived. */
        public void failed() {
            end(false, System.nanoTime());
        }

        void end(boolean answered, long now) {
            synchronized (Pacer.this) {
                if (!ended) {
                    ended = true;
                    ended(this, answered, now);
                }
            }
        }
    }

    /** Blocks until this caller's permit is due. */
    public void acquire() {
        long slot = reserve(System.nanoTime());
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reserves the next permit and returns the nanoTime at which it may be used. */
    synchronized long reserve(long now) {
        long slot = nextSlot == Long.MIN_VALUE ? now : Math.max(now, nextSlot);
        nextSlot = slot + intervalNanos(slot);
        permits++;
        return slot;
    }

    /**
     * The server answered 429: slow to 70 % of the current rate, then recover. The 429s of calls that were
     * already on their way count once per window, or a burst of them would crush the rate to nothing.
     */
    public synchronized void throttled() {
        long now = System.nanoTime();
        throttles++;
        if (throttledAt != Long.MIN_VALUE && now - throttledAt < windowNanos) {
            return;
        }
        rateAfterThrottle = Math.max(ratePerWindow / 20, currentRate(now) * 0.7);
        throttledAt = now;
    }

    /** Permits per window at the given time: the configured rate, or less while recovering from a 429. */
    public synchronized double currentRate(long now) {
        if (throttledAt == Long.MIN_VALUE) {
            return ratePerWindow;
        }
        double progress = Math.min(1.0, (double) (now - throttledAt) / recoveryNanos);
        return rateAfterThrottle + (ratePerWindow - rateAfterThrottle) * progress;
    }

    private long intervalNanos(long at) {
        return (long) ((windowNanos + marginNanos) / currentRate(at));
    }

    public String name() {
        return name;
    }

    public double configuredRate() {
        return ratePerWindow;
    }

    public synchronized long permits() {
        return permits;
    }

    public synchronized long throttles() {
        return throttles;
    }

    /**
     * How many callers keep this pace busy: the configured rate times the 95th percentile round trip of the last
     * {@value #ROUND_TRIPS} answered calls (a round trip ends at the answer's head; what the caller does besides is
     * covered by a quarter more and 4 spare), within 1 and {@code ceiling}; the ceiling until 16 calls were answered.
     * Fewer would leave permits unused whenever several slow answers come together; more only queue here, and a
     * hot conversation's next message would wait behind them.
     */
    public synchronized int concurrency(int ceiling) {
        int n = (int) Math.min(answeredCalls, ROUND_TRIPS);
        if (n < 16) {
            return ceiling;
        }
        long[] sorted = java.util.Arrays.copyOf(roundTrips, n);
        java.util.Arrays.sort(sorted);
        double p95Seconds = sorted[(int) Math.ceil(0.95 * n) - 1] / 1e9;
        double perSecond = ratePerWindow * 1e9 / windowNanos;
        long wanted = (long) Math.ceil(perSecond * p95Seconds * 1.25) + 4;
        return (int) Math.max(1, Math.min(ceiling, wanted));
    }

    /** Times a call waited in the window guard after its permit (each wake-up counts). */
    public synchronized long guardWaits() {
        return guardWaits;
    }

    /** Calls let through by {@link #begin()} and not ended yet. */
    public synchronized int inFlight() {
        return inFlight;
    }
}
