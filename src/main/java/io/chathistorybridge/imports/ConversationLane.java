package io.chathistorybridge.imports;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One conversation's messages waiting behind the one it sends, and the start of its next message while that waits
 * for a worker. A worker queue cannot change a waiting task's priority, so a start that waits while its lane fills
 * is queued again each time its work left reaches the next power of two ({@link EndpointWorkers#workClass}), and
 * whichever copy a worker takes first sends, the others do nothing. Without it a conversation queued with one
 * message left starves behind busier ones as long as they have more. Guarded by the lanes' lock.
 */
final class ConversationLane<T> {

    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private Start start;
    private long startWorkLeft;

    /** Runs its message once, whichever of its queued copies a worker takes first. */
    static final class Start implements Runnable {
        private final AtomicBoolean taken = new AtomicBoolean();
        private final Runnable send;
        private final long since;

        Start(Runnable send, long since) {
            this.send = send;
            this.since = since;
        }

        /** When it began to wait for a worker: the same for each of its queued copies. */
        long since() {
            return since;
        }

        @Override
        public void run() {
            if (taken.compareAndSet(false, true)) {
                send.run();
            }
        }
    }

    /** The next message waits for a worker from {@code since} on, queued with this much work left. */
    Start waitsForWorker(Runnable send, long workLeft, long since) {
        start = new Start(send, since);
        startWorkLeft = workLeft;
        return start;
    }

    /**
     * Queues a message behind the others.
     *
     * @return the work left to queue the waiting start again with, or 0 when it need not be (no start waits, or
     *         it was queued with work left of the same power of two)
     */
    long add(T message) {
        waiting.addLast(message);
        long workLeft = workLeft();
        if (start == null || start.taken.get()
                || EndpointWorkers.workClass(workLeft) <= EndpointWorkers.workClass(startWorkLeft)) {
            return 0;
        }
        startWorkLeft = workLeft;
        return workLeft;
    }

    Start start() {
        return start;
    }

    /** The next message to send, or null when the lane is empty. */
    T next() {
        return waiting.pollFirst();
    }

    /** Messages waiting, plus the one being sent or waiting for a worker. */
    long workLeft() {
        return waiting.size() + 1L;
    }
}
