package io.chathistorybridge.api;

import io.chathistorybridge.pace.Pacer;
import io.chathistorybridge.token.AppToken;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before each retry of an API call (the {@code onRedelivery} of api-errors). Camel retries only the
 * failed HTTP step, so this redoes what came before it: drops a token the server rejected, tells the pacer
 * about a 429, waits for a pace permit and puts a valid token on the request again.
 */
public final class ApiRetryPreparer implements Processor {

    /** Exchange property naming the call in log lines, e.g. "import users" or "history 2026112208". */
    public static final String CALL = "apiCall";

    private static final Logger LOG = LoggerFactory.getLogger(ApiRetryPreparer.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiErrorKind kind = failure == null ? ApiErrorKind.TRANSIENT : ApiErrors.kindOf(failure);
        AppToken token = exchange.getProperty(AppToken.PROPERTY, AppToken.class);
        Pacer pacer = exchange.getProperty(Pacer.PROPERTY, Pacer.class);
        if (kind == ApiErrorKind.UNAUTHORIZED && token != null) {
            token.invalidate(exchange.getProperty(AppToken.USED_TOKEN, String.class));
        }
        if (kind == ApiErrorKind.THROTTLED && pacer != null) {
            pacer.throttled();
        }
        int attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
        if (LOG.isDebugEnabled() && failure != null) {
            LOG.debug("Retrying {} (attempt {}) after {}", exchange.getProperty(CALL, "API call", String.class),
                    attempt, ApiErrors.describe(failure, attempt - 1).summary());
        }
        if (pacer != null) {
            pacer.acquire();
        }
        if (token != null) {
            token.process(exchange);
        }
    }
}
