package io.chathistorybridge.api;

import org.apache.camel.Exchange;

/**
 * The {@code retryWhile} of the shared api-errors configuration: a 401 is retried once (with a new
 * token), 429 and transient failures until the route's attempt budget is spent, anything else never.
 */
public final class ApiRetryPolicy {

    /** Exchange property a route sets to its attempt budget (first call included). */
    public static final String MAX_ATTEMPTS = "apiMaxAttempts";
    /** Exchange property: calls made so far (Camel clears its redelivery counter before onException steps run). */
    public static final String ATTEMPTS = "apiAttempts";
    private static final String AUTH_RETRIED = "apiAuthRetried";

    private final int defaultMaxAttempts;

    public ApiRetryPolicy(int defaultMaxAttempts) {
        this.defaultMaxAttempts = defaultMaxAttempts;
    }

    public boolean shouldRetry(Exchange exchange) {
        Throwable failure = exchange.getException() != null
                ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            return false;
        }
        // evaluated after every failed call, with the counter at the number of calls made so far
        int attemptsSoFar = Math.max(1, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        exchange.setProperty(ATTEMPTS, attemptsSoFar);
        int maxAttempts = exchange.getProperty(MAX_ATTEMPTS, defaultMaxAttempts, Integer.class);
        return switch (ApiErrors.kindOf(failure)) {
            case UNAUTHORIZED -> {
                boolean first = !exchange.getProperty(AUTH_RETRIED, false, Boolean.class);
                exchange.setProperty(AUTH_RETRIED, true);
                yield first;
            }
            case THROTTLED, TRANSIENT -> attemptsSoFar < maxAttempts;
            case PERMANENT -> false;
        };
    }
}
