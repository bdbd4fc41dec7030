package io.chathistorybridge.imports;

import java.util.ArrayDeque;

/**
 * One conversation's messages waiting behind the one it sends or that waits for a worker. Changed under the lanes'
 * lock; its work left is read without it too (the pace line reads it for every waiting caller).
 */
final class ConversationLane<T> {

    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private volatile long workLeft = 1;

    /** Queues a message behind the others. */
    void add(T message) {
        waiting.addLast(message);
        workLeft = waiting.size() + 1L;
    }

    /** The next message to send, or null when the lane is empty. */
    T next() {
        T next = waiting.pollFirst();
        workLeft = waiting.size() + 1L;
        return next;
    }

    /** Messages waiting, plus the one being sent or waiting for a worker; any thread. */
    long workLeft() {
        return workLeft;
    }
}
