package io.chathistorybridge.pace;

/**
 * Which callers of a {@link Pacer} are on a file's critical path: those whose conversation has far more work left
 * than usual (the long conversation the file's end waits for, which posts one message at a time). Such a caller takes
 * the next slot without waiting for its time, and while one was seen within the last window the other callers leave
 * it {@value #PLACES} place of the window guard, so its next call finds room at once. Not thread-safe: its pacer holds
 * it under its lock.
 */
final class CriticalPath {

    /** The least work left for a critical caller. */
    static final long MIN_WORK_LEFT = 8;
    /** Places of the window guard the other callers leave free while a critical caller runs. */
    static final int PLACES = 1;
    /** Permits the usual work left is averaged over. */
    private static final double AVERAGED_OVER = 64;

    private final long windowNanos;
    private double usualWorkLeft;
    private long heldUntil = Long.MIN_VALUE;

    CriticalPath(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** Whether the work left is at least {@value #MIN_WORK_LEFT} and twice the usual. */
    boolean critical(long workLeft) {
        return workLeft >= MIN_WORK_LEFT && workLeft >= 2 * usualWorkLeft;
    }

    /** A permit was taken: its work left joins the usual one. */
    void permitted(long workLeft) {
        usualWorkLeft += (workLeft - usualWorkLeft) / AVERAGED_OVER;
    }

    /** A critical caller enters the window guard: the others leave it a place for a window from now. */
    void entering(long now) {
        heldUntil = now + windowNanos;
    }

    /** The guard's places for a caller: all of them, or all but {@value #PLACES} for others while one runs. */
    double places(double rate, boolean critical, long now) {
        boolean held = !critical && heldUntil != Long.MIN_VALUE && now - heldUntil < 0;
        return held ? rate - PLACES : rate;
    }
}
