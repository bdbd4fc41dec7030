package io.chathistorybridge.api;

import io.chathistorybridge.token.AppToken;
import org.apache.camel.Exchange;

/**
 * The {@code retryWhile} of the shared api-errors configuration: a 401 is retried with a new token (but not
 * when that new token is refused too), 429 and transient failures until the route's attempt budget is spent,
 * anything else never.
 */
public final class ApiRetryPolicy {

    /** Exchange property a route sets to its attempt budget (first call included). */
    public static final String MAX_ATTEMPTS = "apiMaxAttempts";
    /** Exchange property: calls made so far (Camel clears its redelivery counter before onException steps run). */
    public static final String ATTEMPTS = "apiAttempts";
    /** Exchange property: an earlier attempt got no answer at all (the server may still have done it). */
    public static final String NO_ANSWER = "apiHadNoAnswer";
    private static final String AUTH_RETRIED = "apiAuthRejectedToken";

    public boolean shouldRetry(Exchange exchange) {
        Throwable failure = exchange.getException() != null
                ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            return false;
        }
        // evaluated after every failed call, with the counter at the number of calls made so far
        int attemptsSoFar = Math.max(1, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        exchange.setProperty(ATTEMPTS, attemptsSoFar);
        Integer maxAttempts = exchange.getProperty(MAX_ATTEMPTS, Integer.class);
        if (maxAttempts == null) {
            throw new IllegalStateException("route " + exchange.getFromRouteId() + " uses api-errors but sets no "
                    + MAX_ATTEMPTS + " (its attempt budget, the first call included)");
        }
        return switch (ApiErrors.kindOf(failure)) {
            case UNAUTHORIZED -> {
                // each 401 earns one retry with a new token (tokens can be revoked again while a call waits);
                // the same token refused twice means the credentials themselves are the problem
                String rejected = exchange.getProperty(AppToken.USED_TOKEN, String.class);
                boolean sameAsBefore = rejected != null && rejected.equals(exchange.getProperty(AUTH_RETRIED, String.class));
                exchange.setProperty(AUTH_RETRIED, rejected == null ? "" : rejected);
                yield !sameAsBefore && attemptsSoFar < maxAttempts;
            }
            case THROTTLED, TRANSIENT -> {
                if (ApiErrors.describe(failure, attemptsSoFar).status() == 0) {
                    exchange.setProperty(NO_ANSWER, true); // the server may have done it: see ApiError.afterNoAnswer
                }
                yield attemptsSoFar < maxAttempts;
            }
            case PERMANENT -> false;
        };
    }
}
