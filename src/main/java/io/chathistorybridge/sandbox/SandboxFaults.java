package io.chathistorybridge.sandbox;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Global fault switches of an {@link EasemobSandbox}. All off by default, thread-safe, changeable at
 * any time; every injected fault is counted.
 *
 * <ul>
 *   <li>{@link #latency(Duration)}: added before every import/history answer (never token; download only
 *       when {@link #faultsOnHistory(boolean)} is on); with {@link #latencyMax(Duration)} above it, drawn
 *       uniformly between the two for each call (real round trips vary). {@link #delayedNanos()} sums what was
 *       drawn, {@link #heldNanos()} how long the calls were really held (a sleeping thread wakes late), so a
 *       bench reads the mean it got.</li>
 *   <li>{@link #rate503(double)}, {@link #rate429(double)}: share of import calls (and history calls / downloads
 *       when faultsOnHistory) answered 503 / 429 without processing them. Downloads only get 503s.</li>
 *   <li>{@link #dropRate(double)}: share of calls whose TCP connection is closed with no HTTP answer at all,
 *       before anything is processed or counted in a rate window.</li>
 *   <li>{@link #dropAfterRecordRate(double)}: share of <em>accepted</em> imports that are recorded and then
 *       dropped (a hidden success).</li>
 *   <li>{@link #revokeTokensEvery(Duration)}: every period (counted from when it was set) all tokens issued
 *       before that moment stop working (401 unauthorized).</li>
 *   <li>{@link #expireTokensAfter(Duration)}: tokens stop working that long after being issued, whatever
 *       {@code expires_in} said.</li>
 * </ul>
 */
public final class SandboxFaults {
    private volatile long latencyNanos;
    private volatile long latencyMaxNanos;
    private volatile double rate503;
    private volatile double rate429;
    private volatile double dropRate;
    private volatile double dropAfterRecordRate;
    private volatile long revokeEveryNanos;
    private volatile long revokeStartNanos;
    private volatile long expireAfterNanos;
    private volatile boolean faultsOnHistory;
    private final Random random = new Random();

    private final AtomicLong injected503 = new AtomicLong();
    private final AtomicLong injected429 = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedAfterRecord = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private final AtomicLong delayedNanos = new AtomicLong();
    private final AtomicLong heldNanos = new AtomicLong();
    private final AtomicLong tokensRejectedByRevocation = new AtomicLong();
    private final AtomicLong tokensRejectedByExpiry = new AtomicLong();

    SandboxFaults() {
    }

    // ---------------- settings ----------------

    public SandboxFaults latency(Duration d) {
        latencyNanos = d == null || d.isNegative() ? 0 : d.toNanos();
        return this;
    }

    public Duration latency() {
        return Duration.ofNanos(latencyNanos);
    }

    /** The top of the latency range; at or below {@link #latency()} (the default, 0) the latency is fixed. */
    public SandboxFaults latencyMax(Duration d) {
        latencyMaxNanos = d == null || d.isNegative() ? 0 : d.toNanos();
        return this;
    }

    public Duration latencyMax() {
        return Duration.ofNanos(latencyMaxNanos);
    }

    public SandboxFaults rate503(double share) {
        rate503 = checkRate(share);
        return this;
    }

    public double rate503() {
        return rate503;
    }

    public SandboxFaults rate429(double share) {
        rate429 = checkRate(share);
        return this;
    }

    public double rate429() {
        return rate429;
    }

    public SandboxFaults dropRate(double share) {
        dropRate = checkRate(share);
        return this;
    }

    public double dropRate() {
        return dropRate;
    }

    public SandboxFaults dropAfterRecordRate(double share) {
        dropAfterRecordRate = checkRate(share);
        return this;
    }

    public double dropAfterRecordRate() {
        return dropAfterRecordRate;
    }

    /** null or zero switches it off. The first revocation happens one period after this call. */
    public SandboxFaults revokeTokensEvery(Duration period) {
        revokeStartNanos = System.nanoTime();
        revokeEveryNanos = period == null || period.isNegative() ? 0 : period.toNanos();
        return this;
    }

    public Duration revokeTokensEvery() {
        return Duration.ofNanos(revokeEveryNanos);
    }

    /** null or zero switches it off. */
    public SandboxFaults expireTokensAfter(Duration lifetime) {
        expireAfterNanos = lifetime == null || lifetime.isNegative() ? 0 : lifetime.toNanos();
        return this;
    }

    public Duration expireTokensAfter() {
        return Duration.ofNanos(expireAfterNanos);
    }

    /** Re-seeds the single Random behind every rate decision. */
    public SandboxFaults seed(long seed) {
        synchronized (random) {
            random.setSeed(seed);
        }
        return this;
    }

    /** Whether 503/429/drop/latency also apply to GET chatmessages and the file download (default false). */
    public SandboxFaults faultsOnHistory(boolean on) {
        faultsOnHistory = on;
        return this;
    }

    public boolean faultsOnHistory() {
        return faultsOnHistory;
    }

    /** Switches every fault off and zeroes the counters. */
    public SandboxFaults reset() {
        latencyNanos = 0;
        latencyMaxNanos = 0;
        rate503 = 0;
        rate429 = 0;
        dropRate = 0;
        dropAfterRecordRate = 0;
        revokeEveryNanos = 0;
        expireAfterNanos = 0;
        faultsOnHistory = false;
        injected503.set(0);
        injected429.set(0);
        dropped.set(0);
        droppedAfterRecord.set(0);
        delayed.set(0);
        delayedNanos.set(0);
        heldNanos.set(0);
        tokensRejectedByRevocation.set(0);
        tokensRejectedByExpiry.set(0);
        return this;
    }

    // ---------------- counters ----------------

    public long injected503() {
        return injected503.get();
    }

    public long injected429() {
        return injected429.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long droppedAfterRecord() {
        return droppedAfterRecord.get();
    }

    public long delayed() {
        return delayed.get();
    }

    /** Latency drawn so far, summed over the delayed calls. */
    public long delayedNanos() {
        return delayedNanos.get();
    }

    /** How long the delayed calls were really held, summed: the drawn latency plus each sleep's late wake-up. */
    public long heldNanos() {
        return heldNanos.get();
    }

    public long tokensRejectedByRevocation() {
        return tokensRejectedByRevocation.get();
    }

    public long tokensRejectedByExpiry() {
        return tokensRejectedByExpiry.get();
    }

    // ---------------- decisions (package-private) ----------------

    private boolean roll(double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        synchronized (random) {
            return random.nextDouble() < rate;
        }
    }

    boolean rollDrop() {
        if (roll(dropRate)) {
            dropped.incrementAndGet();
            return true;
        }
        return false;
    }

    boolean rollDropAfterRecord() {
        if (roll(dropAfterRecordRate)) {
            droppedAfterRecord.incrementAndGet();
            return true;
        }
        return false;
    }

    boolean roll503() {
        if (roll(rate503)) {
            injected503.incrementAndGet();
            return true;
        }
        return false;
    }

    boolean roll429() {
        if (roll(rate429)) {
            injected429.incrementAndGet();
            return true;
        }
        return false;
    }

    void sleepLatency() {
        long n = latencyNanos;
        long max = latencyMaxNanos;
        if (max > n) {
            n += java.util.concurrent.ThreadLocalRandom.current().nextLong(max - n + 1);
        }
        if (n <= 0) {
            return;
        }
        delayed.incrementAndGet();
        delayedNanos.addAndGet(n);
        // parked to the drawn nanosecond: Thread.sleep(ms, ns) rounds up to the next millisecond on Java 17
        long start = System.nanoTime();
        long end = start + n;
        for (long left = n; left > 0 && !Thread.currentThread().isInterrupted(); left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        heldNanos.addAndGet(System.nanoTime() - start);
    }

    /** True if the token issued at {@code issuedNanos} is invalid now because of one of the token faults. */
    boolean tokenKilled(long issuedNanos, long nowNanos) {
        long exp = expireAfterNanos;
        if (exp > 0 && nowNanos - issuedNanos >= exp) {
            tokensRejectedByExpiry.incrementAndGet();
            return true;
        }
        long every = revokeEveryNanos;
        if (every > 0) {
            long start = revokeStartNanos;
            if (revocations(start, every, nowNanos) > revocations(start, every, issuedNanos)) {
                tokensRejectedByRevocation.incrementAndGet();
                return true;
            }
        }
        return false;
    }

    private static long revocations(long start, long every, long t) {
        return t <= start ? 0 : (t - start) / every;
    }

    private static double checkRate(double share) {
        if (Double.isNaN(share) || share < 0 || share > 1) {
            throw new IllegalArgumentException("rate must be within [0,1]: " + share);
        }
        return share;
    }
}
