package io.chathistorybridge.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Last step of api-errors once retrying is over: stores the classified {@link ApiError} on the exchange
 * so the calling route decides what a failure means (dead letter for a message, pending for an hour).
 */
public final class ApiFailureClassifier implements Processor {

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
        }
    }
}
