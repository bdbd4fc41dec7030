package io.chathistorybridge.pace;

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
 */
public final class Pacer implements Processor {

    /** Exchange property holding the pacer that let a call through, so a retry is paced by it too. */
    public static final String PROPERTY = "bridgePacer";

    private final String name;
    private final double ratePerWindow;
    private final long windowNanos;
    private final long marginNanos;
    private final long recoveryNanos;

    private long nextSlot = Long.MIN_VALUE;
    private double rateAfterThrottle;
    private long throttledAt = Long.MIN_VALUE;
    private long permits;
    private long throttles;

    /**
     * @param ratePerWindow permits per window (e.g. 100 per second, or 6 per minute)
     * @param windowMillis  the window the limit counts in
     * @param marginMillis  added to the window when spacing permits
     * @param recoveryMillis time to climb back to the full rate after a 429
     */
    public Pacer(String name, double ratePerWindow, long windowMillis, long marginMillis, long recoveryMillis) {
        if (ratePerWindow <= 0) {
            throw new IllegalArgumentException("rate of " + name + " must be positive, was " + ratePerWindow);
        }
        this.name = name;
        this.ratePerWindow = ratePerWindow;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        this.marginNanos = TimeUnit.MILLISECONDS.toNanos(marginMillis);
        this.recoveryNanos = TimeUnit.MILLISECONDS.toNanos(recoveryMillis);
    }

    /** A pacer for a per-second limit: the margin absorbs jitter on the way; 5 s to recover from a 429. */
    public static Pacer perSecond(String name, double rate, long marginMillis) {
        return new Pacer(name, rate, 1000, marginMillis, 5_000);
    }

    @Override
    public void process(Exchange exchange) {
        acquire();
        exchange.setProperty(PROPERTY, this);
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
}
