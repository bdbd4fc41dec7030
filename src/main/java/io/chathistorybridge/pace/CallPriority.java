package io.chathistorybridge.pace;

import java.util.function.LongSupplier;

/**
 * The priority of the calls the current thread makes: the work left in the conversation it posts for, read each
 * time it is compared (a conversation's lane fills while its caller waits). When callers wait for a {@link Pacer}'s
 * permits, the one with the most work left goes first, so a long conversation (the critical path of a file) does not
 * queue behind short ones.
 */
public final class CallPriority {

    private static final LongSupplier LAST = () -> 0;
    private static final ThreadLocal<LongSupplier> CURRENT = ThreadLocal.withInitial(() -> LAST);

    private CallPriority() {
    }

    /** Sets the current thread's priority until {@link #clear()}: the work left as it is whenever asked. */
    public static void set(LongSupplier workLeft) {
        CURRENT.set(workLeft);
    }

    /** Sets a fixed priority until {@link #clear()}. */
    public static void set(long workLeft) {
        CURRENT.set(() -> workLeft);
    }

    public static void clear() {
        CURRENT.set(LAST);
    }

    /** The current thread's priority; 0 (last) unless set. */
    public static LongSupplier current() {
        return CURRENT.get();
    }
}
