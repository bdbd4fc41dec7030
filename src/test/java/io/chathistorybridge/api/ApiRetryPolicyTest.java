package io.chathistorybridge.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ApiRetryPolicyTest {

    private final ApiRetryPolicy policy = new ApiRetryPolicy(3);

    private static Exchange failedWith(int status, int attemptsSoFar) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(new HttpOperationFailedException("u", status, "s", null, Map.of(), ""));
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, attemptsSoFar);
        return exchange;
    }

    @Test
    void unauthorizedIsRetriedExactlyOnce() {
        Exchange exchange = failedWith(401, 1);
        assertTrue(policy.shouldRetry(exchange));
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 2);
        assertFalse(policy.shouldRetry(exchange));
    }

    @Test
    void throttledAndTransientAreRetriedUntilTheBudgetIsSpent() {
        assertTrue(policy.shouldRetry(failedWith(429, 1)));
        assertTrue(policy.shouldRetry(failedWith(503, 2)));
        assertFalse(policy.shouldRetry(failedWith(503, 3)));
    }

    @Test
    void routeBudgetOverridesTheDefault() {
        Exchange exchange = failedWith(503, 3);
        exchange.setProperty(ApiRetryPolicy.MAX_ATTEMPTS, 5);
        assertTrue(policy.shouldRetry(exchange));
    }

    @Test
    void clientErrorsAreNeverRetried() {
        for (int status : new int[] {400, 403, 404, 413, 415}) {
            assertFalse(policy.shouldRetry(failedWith(status, 1)), "status " + status);
        }
    }
}
