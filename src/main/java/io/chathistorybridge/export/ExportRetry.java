package io.chathistorybridge.export;

/**
 * The export's own retry after a run (or an hour) stopped on a failure outside the API's error handling, such as the
 * store's database away: the export runs again {@code bridge.export.retry-seconds} later instead of at the next
 * cron, up to an hour away. The failure handler reports each failure; the retry timer asks whether a run is due.
 */
public final class ExportRetry {

    private final long afterMs;
    /** When the oldest failure not yet retried happened, or 0. */
    private long failedAt;

    public ExportRetry(long afterSeconds) {
        this.afterMs = afterSeconds * 1000;
    }

    /** A run or an hour stopped on a failure. */
    public synchronized void failed() {
        if (failedAt == 0) {
            failedAt = System.currentTimeMillis();
        }
    }

    /** True once per failure, when its retry is due: the caller starts the run. */
    public synchronized boolean dueNow() {
        if (failedAt == 0 || System.currentTimeMillis() - failedAt < afterMs) {
            return false;
        }
        failedAt = 0;
        return true;
    }
}
