package io.chathistorybridge.imports;

import java.util.concurrent.TimeUnit;

/**
 * After a file paused, no file is taken from the inbox ({@link InboxGate}) until its retry is due, 1 s after the first
 * pause and twice as long after each pause in a row, at most a minute; a finished file ends the hold. The whole
 * inbox waits, not just the paused file: a later file may continue the paused file's conversations.
 */
public final class PausedFileHold {

    static final long FIRST_MILLIS = 1_000;
    static final long MAX_MILLIS = 60_000;

    private long nextHoldMillis = FIRST_MILLIS;
    private long retryAt = Long.MIN_VALUE;

    synchronized boolean holding(long now) {
        return retryAt != Long.MIN_VALUE && now - retryAt < 0;
    }

    /** A file paused: holds the inbox and returns for how long, in milliseconds. */
    public long paused() {
        return paused(System.nanoTime());
    }

    synchronized long paused(long now) {
        long hold = nextHoldMillis;
        retryAt = now + TimeUnit.MILLISECONDS.toNanos(hold);
        nextHoldMillis = Math.min(MAX_MILLIS, hold * 2);
        return hold;
    }

    /** A file finished: the next pause holds for the first interval again. */
    public synchronized void finished() {
        nextHoldMillis = FIRST_MILLIS;
        retryAt = Long.MIN_VALUE;
    }
}
