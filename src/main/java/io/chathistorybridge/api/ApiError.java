package io.chathistorybridge.api;

/**
 * The final outcome of an API call that did not succeed, as the routes and dead letters record it.
 *
 * @param status           HTTP status, 0 when there was no HTTP answer (timeout, dropped connection)
 * @param error            the API's {@code error} code, or the exception kind when there was no answer
 * @param errorDescription the API's {@code error_description}, or a short description
 * @param attempts         calls made, including retries
 * @param kind             how the failure was classified
 */
public record ApiError(int status, String error, String errorDescription, int attempts, ApiErrorKind kind) {

    /** Exchange property holding the ApiError of the last failed call of a route. */
    public static final String PROPERTY = "apiError";

    /** The import API's chronological rule refused it: the conversation already has a message this late. */
    public boolean refusedAsNotLater() {
        return status == 400 && errorDescription != null && errorDescription.contains("msg_timestamp");
    }

    /**
     * Refused as not later, and the refusal names the message's own timestamp twice: as the one sent and as the
     * conversation's last imported one ("msg_timestamp T must be greater than … timestamp T"). Timestamps are
     * unique within a conversation, so the conversation's last message is this one: it was imported before.
     * A wording that names the timestamp once proves nothing and stays a refusal.
     */
    public boolean refusedAsAlreadyAt(long msgTimestamp) {
        if (!refusedAsNotLater()) {
            return false;
        }
        String own = Long.toString(msgTimestamp);
        int first = errorDescription.indexOf(own);
        return first >= 0 && errorDescription.indexOf(own, first + own.length()) >= 0;
    }

    /** One line for logs and reports (no URL, no token). */
    public String summary() {
        return (status == 0 ? "no answer" : String.valueOf(status)) + " " + error
                + (errorDescription == null || errorDescription.isEmpty() ? "" : ": " + errorDescription)
                + " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
    }
}
