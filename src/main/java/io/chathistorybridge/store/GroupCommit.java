package io.chathistorybridge.store;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Keys written together: a caller queues its key and returns at once. The caller that finds the writer free writes
 * what is queued (its own key included, up to {@value #MAX_BATCH} at a time) in one go; a caller that finds it busy
 * leaves its key to the writer, which looks at the queue again before it leaves. Each key's future completes after
 * the lock is released (a caller's continuation may add again at once).
 */
final class GroupCommit {

    private static final int MAX_BATCH = 512;

    /** A key waiting for its write; the writer sets whether it was new, or why it failed. */
    static final class Pending {
        private final String key;
        private final CompletableFuture<Boolean> done = new CompletableFuture<>();
        private boolean added;
        private SQLException failure;

        Pending(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }

        void added(boolean added) {
            this.added = added;
        }

        void fail(SQLException failure) {
            this.failure = failure;
        }

        private void complete() {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(added);
            }
        }
    }

    interface Task {
        void run() throws IOException;
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Consumer<List<Pending>> write;

    /** @param write writes a batch under the lock, and sets each key's outcome */
    GroupCommit(Consumer<List<Pending>> write) {
        this.write = write;
    }

    /** Queues the key; the future completes with whether it was new once it is written. */
    CompletableFuture<Boolean> add(String key) {
        Pending pending = new Pending(key);
        queue.add(pending);
        drainIfFree();
        return pending.done;
    }

    /**
     * Runs the task under the writer's lock (no batch is written meanwhile), then writes the keys queued meanwhile:
     * their callers found the lock taken and left them to its holder, which is not a batch write here.
     */
    void underLock(Task task) throws IOException {
        lock.lock();
        try {
            task.run();
        } finally {
            lock.unlock();
        }
        drainIfFree();
    }

    private void drainIfFree() {
        while (!queue.isEmpty() && lock.tryLock()) {
            List<Pending> batch = new ArrayList<>();
            try {
                // keys queued while the last write ran go together in this one
                for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
                    batch.add(p);
                }
                if (!batch.isEmpty()) {
                    write.accept(batch);
                }
            } finally {
                lock.unlock();
            }
            batch.forEach(Pending::complete);
        }
    }
}
