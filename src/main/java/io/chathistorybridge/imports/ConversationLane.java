package io.chathistorybridge.imports;

import java.util.ArrayDeque;

/**
 * One conversation's messages waiting behind the one it sends or that waits for a worker, and how many there are
 * for readers without the lanes' lock (the pace line reads it for every waiting caller). Guarded by the lanes' lock.
 */
final class ConversationLane<T> {

    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private volatile long workLeftNow = 1;

    /** Queues a message behind the others. */
    void add(T message) {
        waiting.addLast(message);
        workLeftNow = workLeft();
    }

    /** The next message to send, or null when the lane is empty. */
    T next() {
        T next = waiting.pollFirst();
        workLeftNow = workLeft();
        return next;
    }

    /** Messages waiting, plus the one being sent or waiting for a worker. */
    long workLeft() {
        return waiting.size() + 1L;
    }

    /** {@link #workLeft()} as last changed, read without the lock. */
    long workLeftNow() {
        return workLeftNow;
    }
}
