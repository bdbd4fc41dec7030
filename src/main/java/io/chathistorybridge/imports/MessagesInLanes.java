package io.chathistorybridge.imports;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One file's messages handed to the lanes and not finished yet, and the moment there are none left: after the file
 * has handed in its last line ({@link #allHandedIn}) and every one of them finished.
 */
final class MessagesInLanes {

    // one for the file's reader, released by allHandedIn: a file whose lines are still being read is never done
    private final AtomicInteger unfinished = new AtomicInteger(1);
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    void handedIn() {
        unfinished.incrementAndGet();
    }

    void finishedOne() {
        if (unfinished.decrementAndGet() == 0) {
            done.complete(null);
        }
    }

    /** Completes once the file has handed in its last line and every one of them finished. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** No more messages come (a second call changes nothing); completes once the last one finished. */
    CompletableFuture<Void> allHandedIn() {
        if (reading.compareAndSet(true, false)) {
            finishedOne();
        }
        return done;
    }
}
