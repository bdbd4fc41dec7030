package io.chathistorybridge.export;

/**
 * What the bridge knows about one history hour.
 *
 * @param hour       yyyyMMddHH in the export time zone
 * @param state      done, empty, pending or expired
 * @param records    records written (done only)
 * @param duplicates records dropped as repeated msg_id (done only)
 * @param rejects    lines that were not JSON records (done only)
 * @param lastError  why the hour is still pending, or why it expired
 * @param attempts   export attempts so far
 */
public record HourState(String hour, String state, long records, long duplicates, long rejects, String lastError,
                        int attempts) {

    public static final String DONE = "done";
    public static final String EMPTY = "empty";
    public static final String PENDING = "pending";
    public static final String EXPIRED = "expired";

    /** Done, empty and expired hours are not asked for again (unless a re-export is requested). */
    public boolean isFinal() {
        return !PENDING.equals(state);
    }
}
