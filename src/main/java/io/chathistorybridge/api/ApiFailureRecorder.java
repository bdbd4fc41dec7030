package io.chathistorybridge.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Last step of api-errors once retrying is over: stores the classified {@link ApiError} on the exchange
 * so the calling route decides what a failure means (dead letter for a message, pending for an hour).
 */
public final class ApiFailureRecorder implements Processor {

    /**
     * Exchange property: an import retried after an attempt that got no answer is now refused because the
     * conversation already has its timestamp. The unanswered attempt reached the server: it is imported.
     */
    public static final String LANDED_BEFORE = "apiLandedBefore";

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempts = exchange.getProperty(ApiRetryPolicy.ATTEMPTS, 1, Integer.class);
        if (failure != null) {
            ApiError error = ApiErrors.describe(failure, attempts);
            exchange.setProperty(ApiError.PROPERTY, error);
            boolean noAnswerBefore = exchange.getProperty(ApiRetryPolicy.NO_ANSWER, false, Boolean.class);
            exchange.setProperty(LANDED_BEFORE, noAnswerBefore && error.refusedAsNotLater());
        }
    }
}
