package io.chathistorybridge.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Last step of api-errors once retrying is over: stores the classified {@link ApiError} on the exchange
 * so the calling route decides what a failure means (dead letter for a message, pending for an hour).
 */
public final class ApiFailureRecorder implements Processor {

    /**
     * Exchange property: the import is refused because the conversation already has its timestamp, and either an
     * earlier attempt got no answer (that attempt reached the server) or the refusal names its own timestamp as
     * the conversation's last (accepted just before a crash, not yet remembered). Either way it is imported.
     */
    public static final String LANDED_BEFORE = "apiLandedBefore";
    /** Exchange property: the call failed for a reason that may pass (5xx, 429, no answer), not for good. */
    public static final String RETRY_LATER = "apiRetryLater";
    /** Exchange property of an import call: the msg_timestamp it sends. */
    public static final String MSG_TIMESTAMP = "importTimestamp";

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempts = exchange.getProperty(ApiRetryPolicy.ATTEMPTS, 1, Integer.class);
        if (failure != null) {
            ApiError error = ApiErrors.describe(failure, attempts);
            exchange.setProperty(ApiError.PROPERTY, error);
            io.chathistorybridge.ops.ApiHealth health =
                    exchange.getContext().getRegistry().findSingleByType(io.chathistorybridge.ops.ApiHealth.class);
            if (health != null) {
                health.failed(error); // the status page's last 429 / 5xx / 401
            }
            boolean noAnswerBefore = exchange.getProperty(ApiRetryPolicy.NO_ANSWER, false, Boolean.class);
            Long msgTimestamp = exchange.getProperty(MSG_TIMESTAMP, Long.class);
            exchange.setProperty(LANDED_BEFORE, noAnswerBefore && error.refusedAsNotLater()
                    || msgTimestamp != null && error.refusedAsAlreadyAt(msgTimestamp));
            exchange.setProperty(RETRY_LATER, error.kind() == ApiErrorKind.THROTTLED || error.kind() == ApiErrorKind.TRANSIENT);
        }
    }
}
