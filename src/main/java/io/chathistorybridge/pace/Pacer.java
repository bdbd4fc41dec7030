package io.chathistorybridge.pace;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Hands out call permits evenly, one every {@code (window + margin) / rate}, to any number of threads.
 * <p>
 * Spacing every permit (instead of a burst per window, as Camel's throttle does) keeps any sliding window
 * at or under the limit, and the margin absorbs jitter between our clock and the server's arrival times.
 * After a 429 the rate drops to 70 % and climbs back linearly to the configured rate over {@code recovery}.
 * Waiting callers get permits by priority (the work left in their conversation), and a file's {@link CriticalPath}
 * goes first in the window guard too.
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

    // callers waiting for a permit, the most work left first
    private final WaitingLine line = new WaitingLine();
    // callers with a permit waiting for room in the window guard, the same order
    private final WaitingLine guardLine = new WaitingLine();

    // the window guard: calls let through and not yet answered, and the latest possible arrival of answered ones
    private final PriorityQueue<Long> recentArrivals = new PriorityQueue<>();
    private int inFlight;
    private long fastestRoundTrip = Long.MAX_VALUE;
    private long firstCallAt = Long.MIN_VALUE;
    private long guardWaits;

    // the round trips of the last answered calls, for the concurrency that keeps the pace busy
    private final RoundTrips roundTrips = new RoundTrips();
    private final CriticalPath criticalPath;

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
        this.criticalPath = new CriticalPath(windowNanos);
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
     * Waits for a permit, then for room in the window guard, in both waiting lines at the current thread's
     * {@link CallPriority}; the caller must end the returned call when the server has answered or the connection
     * failed.
     */
    public Call begin() {
        LongSupplier priority = CallPriority.current();
        boolean critical = permit(priority);
        Call[] call = new Call[1];
        guardLine.await(this, priority, now -> roomIn(now, critical), now -> call[0] = admit(now));
        if (call[0] == null) {
            synchronized (this) {
                call[0] = admit(System.nanoTime()); // interrupted: stopping, let it go, as acquire() does
            }
        }
        return call[0];
    }

    /**
     * Nanos until the window guard has a place for the caller ({@link CriticalPath#places}): 0 now, else when the
     * oldest counted arrival leaves (or a call ends).
     */
    private long roomIn(long now, boolean critical) {
        if (counted(now) < criticalPath.places(ratePerWindow, critical, now)) {
            return 0;
        }
        guardWaits++;
        return recentArrivals.isEmpty() ? windowNanos : Math.max(1, recentArrivals.peek() + windowNanos - now);
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
            roundTrips.add(now - call.start);
        }
        // the fastest round trip is trusted once calls have run for a window: the first ones run cold
        boolean trusted = answered && now - firstCallAt >= windowNanos;
        long latestArrival = trusted ? Math.min(now, now - fastestRoundTrip + oneWayNanos) : now;
        if (latestArrival > now - windowNanos) {
            recentArrivals.add(latestArrival);
        }
        guardLine.wakeFirst(); // room in the guard, maybe
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

    /** Blocks until this caller's permit is due, at the current thread's {@link CallPriority}. */
    public void acquire() {
        permit(CallPriority.current());
    }

    /**
     * Blocks until this caller's permit is due: permits go to the waiting caller of the highest priority first. A
     * caller on a file's {@link CriticalPath} takes the next slot at once ({@link #express}); the schedule moves on as
     * if it had waited, so the one after waits a slot longer and the rate is the same.
     */
    public void acquire(long priority) {
        permit(() -> priority);
    }

    /** Takes a permit as {@link #acquire(long)} does; returns whether the caller is on the critical path. */
    private boolean permit(LongSupplier priority) {
        boolean[] critical = new boolean[1];
        line.await(this, priority, now -> express(priority.getAsLong(), now) ? 0 : dueAt(now) - now, now -> {
            // under the lock, with the permit: no second lock per call
            long workLeft = priority.getAsLong();
            critical[0] = criticalPath.critical(workLeft);
            if (critical[0]) {
                criticalPath.entering(now);
            }
            reserve(dueAt(now));
            criticalPath.permitted(workLeft);
        });
        return critical[0];
    }

    /** Whether a critical caller takes the next slot now: not when it is taken early already (no two in one spacing). */
    private boolean express(long priority, long now) {
        return criticalPath.critical(priority) && nextSlot != Long.MIN_VALUE && nextSlot - now <= intervalNanos(now);
    }

    /** When the next permit is due: one due while its taker waited keeps its time (a late wake-up costs no pace). */
    private long dueAt(long now) {
        return nextSlot != Long.MIN_VALUE && now - nextSlot < intervalNanos(now) ? nextSlot : now;
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
     * How many callers keep this pace busy, within 1 and {@code ceiling}: the configured rate times the answered
     * calls' high round trip ({@link RoundTrips#concurrency}). Fewer would leave permits unused whenever several slow
     * answers come together; more only queue here.
     */
    public synchronized int concurrency(int ceiling) {
        return roundTrips.concurrency(ratePerWindow * 1e9 / windowNanos, ceiling);
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
