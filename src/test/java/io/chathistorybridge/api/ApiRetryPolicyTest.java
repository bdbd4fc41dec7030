package io.chathistorybridge.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.chathistorybridge.token.AppToken;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ApiRetryPolicyTest {

    private final ApiRetryPolicy policy = new ApiRetryPolicy();

    private static Exchange failedWith(int status, int attemptsSoFar) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(new HttpOperationFailedException("u", status, "s", null, Map.of(), ""));
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, attemptsSoFar);
        exchange.setProperty(ApiRetryPolicy.MAX_ATTEMPTS, 3);
        return exchange;
    }

    @Test
    void unauthorizedIsRetriedWithANewTokenButNotWhenTheSameTokenIsRefusedAgain() {
        Exchange exchange = failedWith(401, 1);
        exchange.setProperty(AppToken.USED_TOKEN, "t1");
        assertTrue(policy.shouldRetry(exchange), "first 401: new token, retry");
        exchange.setProperty(AppToken.USED_TOKEN, "t2");
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 2);
        assertTrue(policy.shouldRetry(exchange), "revoked again while waiting: another new token, retry");
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 3);
        assertFalse(policy.shouldRetry(exchange), "the budget is spent");
        Exchange refused = failedWith(401, 1);
        refused.setProperty(AppToken.USED_TOKEN, "bad");
        assertTrue(policy.shouldRetry(refused));
        refused.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 2);
        assertFalse(policy.shouldRetry(refused), "the same token refused twice: the credentials are wrong");
    }

    @Test
    void rememberesWhenAnAttemptGotNoAnswer() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(new java.io.IOException("connection reset"));
        exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 1);
        exchange.setProperty(ApiRetryPolicy.MAX_ATTEMPTS, 3);
        assertTrue(policy.shouldRetry(exchange));
        assertTrue(exchange.getProperty(ApiRetryPolicy.NO_ANSWER, false, Boolean.class));
        assertFalse(failedWith(503, 1).getProperty(ApiRetryPolicy.NO_ANSWER, false, Boolean.class));
    }

    @Test
    void throttledAndTransientAreRetriedUntilTheBudgetIsSpent() {
        assertTrue(policy.shouldRetry(failedWith(429, 1)));
        assertTrue(policy.shouldRetry(failedWith(503, 2)));
        assertFalse(policy.shouldRetry(failedWith(503, 3)));
    }

    @Test
    void theRouteSetsTheBudget() {
        Exchange exchange = failedWith(503, 3);
        exchange.setProperty(ApiRetryPolicy.MAX_ATTEMPTS, 5);
        assertTrue(policy.shouldRetry(exchange));
        exchange.setProperty(ApiRetryPolicy.MAX_ATTEMPTS, 3);
        assertFalse(policy.shouldRetry(exchange));
    }

    @Test
    void aRouteWithoutABudgetIsAMistakeNotADefault() {
        Exchange exchange = failedWith(503, 1);
        exchange.removeProperty(ApiRetryPolicy.MAX_ATTEMPTS);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> policy.shouldRetry(exchange));
        assertTrue(e.getMessage().contains("sets no apiMaxAttempts"), e.getMessage());
    }

    @Test
    void clientErrorsAreNeverRetried() {
        for (int status : new int[] {400, 403, 404, 413, 415}) {
            assertFalse(policy.shouldRetry(failedWith(status, 1)), "status " + status);
        }
    }
}
