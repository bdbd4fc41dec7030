package io.chathistorybridge.pace;

/**
 * The priority of the calls the current thread makes: the work left in the conversation it posts for. When callers
 * wait for a {@link Pacer}'s permits, the one with the most work left goes first, so a long conversation (the
 * critical path of a file) does not queue behind short ones.
 */
public final class CallPriority {

    private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[1]);

    private CallPriority() {
    }

    /** Sets the current thread's priority until {@link #clear()}. */
    public static void set(long workLeft) {
        CURRENT.get()[0] = workLeft;
    }

    public static void clear() {
        CURRENT.get()[0] = 0;
    }

    /** The current thread's priority; 0 (last) unless set. */
    public static long current() {
        return CURRENT.get()[0];
    }
}
