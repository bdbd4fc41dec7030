package io.chathistorybridge.imports;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The lane workers of one import endpoint (1:1 or groups): as many threads as its target says within 1 and the
 * ceiling, asked again every {@value #RESIZE_EVERY} finished messages, and the bound on its messages sent and not
 * yet finished or on disk (what a crash can leave unremembered: those being posted, plus accepted ones waiting for
 * the next group commit).
 */
final class EndpointWorkers {

    /** Finished messages between two looks at the target concurrency. */
    static final int RESIZE_EVERY = 32;

    private final String threadPrefix;
    private final int maxInFlight;
    private final IntSupplier target;
    private final Semaphore unrecorded;
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicLong queued = new AtomicLong();
    private ThreadPoolExecutor pool;

    EndpointWorkers(String threadPrefix, int maxInFlight, IntSupplier target) {
        this.threadPrefix = threadPrefix;
        this.maxInFlight = maxInFlight;
        this.target = target;
        this.unrecorded = new Semaphore(2 * maxInFlight);
    }

    /** Messages sent and not yet finished or on disk: taken before a message goes, given back once it is done. */
    Semaphore unrecorded() {
        return unrecorded;
    }

    void start() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            int size = size();
            // a fixed pool (core = max, unbounded queue, the most work left first) whose size finishedOne() changes
            pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
                Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Runs the task when a worker is free, before those with less work left, else in the order given. */
    void execute(Runnable task, long workLeft) {
        pool.execute(new Task(task, workLeft, queued.getAndIncrement()));
    }

    private record Task(Runnable task, long workLeft, long seq) implements Runnable, Comparable<Task> {
        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Task other) {
            int byWork = Long.compare(other.workLeft, workLeft);
            return byWork != 0 ? byWork : Long.compare(seq, other.seq);
        }
    }

    /** A message finished: every {@value #RESIZE_EVERY}, the pool takes its target's size. */
    void finishedOne() {
        if (finished.incrementAndGet() % RESIZE_EVERY != 0) {
            return;
        }
        int size = size();
        synchronized (this) {
            // more start at once for waiting conversations, fewer when idle
            if (size > pool.getMaximumPoolSize()) {
                pool.setMaximumPoolSize(size);
                pool.setCorePoolSize(size);
            } else if (size < pool.getCorePoolSize()) {
                pool.setCorePoolSize(size);
                pool.setMaximumPoolSize(size);
            }
        }
    }

    private int size() {
        return Math.max(1, Math.min(maxInFlight, target.getAsInt()));
    }

    /** Threads now: what the target made of the ceiling. */
    int threads() {
        return pool.getCorePoolSize();
    }

    void stop() {
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool = null;
        }
    }
}
