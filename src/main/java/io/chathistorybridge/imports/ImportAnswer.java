package io.chathistorybridge.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.api.ApiErrorKind;
import io.chathistorybridge.api.ApiRetryPolicy;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies what became of one import call into property {@value #PROPERTY} ({@link Kind}). A message counts as
 * imported only with a 200 answer that holds its new msg_id: anything else is never remembered as imported (an
 * exhausted call whose failure steps did not run would otherwise pass for a success and lose the message).
 */
public final class ImportAnswer implements Processor {

    /** Exchange property: the {@link Kind} of the last import call. */
    public static final String PROPERTY = "importAnswer";
    /** Exchange property of an imported message: the msg_id the target app gave it. */
    public static final String NEW_MSG_ID = "importNewMsgId";

    /** What the route does with the message. */
    public enum Kind {
        /** Accepted: the answer holds the new msg_id. */
        IMPORTED,
        /**
         * Refused as not later where an earlier post of it landed: after an attempt that got no answer (it reached
         * the server), or the refusal names the message's own timestamp as the conversation's last (accepted just
         * before a crash, not yet remembered). Imported, its new msg_id unknown.
         */
        IMPORTED_WITHOUT_ANSWER,
        /** The API kept failing (5xx, 429, no answer, no msg_id): the file pauses. */
        RETRY_LATER,
        /** Refused for good: dead letter. */
        REFUSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(ImportAnswer.class);

    private final ObjectMapper json;

    public ImportAnswer(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(PROPERTY, classify(exchange));
    }

    private Kind classify(Exchange exchange) {
        ApiError failure = exchange.getProperty(ApiError.PROPERTY, ApiError.class);
        if (failure != null) {
            boolean noAnswerBefore = exchange.getProperty(ApiRetryPolicy.NO_ANSWER, false, Boolean.class);
            if (noAnswerBefore && failure.refusedAsNotLater()
                    || failure.refusedAsAlreadyAt(ImportMessage.of(exchange).timestamp())) {
                return Kind.IMPORTED_WITHOUT_ANSWER;
            }
            return failure.kind() == ApiErrorKind.THROTTLED || failure.kind() == ApiErrorKind.TRANSIENT
                    ? Kind.RETRY_LATER : Kind.REFUSED;
        }
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String newMsgId = status == 200 ? newMsgId(exchange) : "";
        if (!newMsgId.isEmpty()) {
            exchange.setProperty(NEW_MSG_ID, newMsgId);
            return Kind.IMPORTED;
        }
        int attempts = exchange.getProperty(ApiRetryPolicy.ATTEMPTS, 1, Integer.class);
        ApiError error = new ApiError(status, "no_msg_id", "the call ended without an answer holding the new msg_id",
                attempts, ApiErrorKind.TRANSIENT);
        exchange.setProperty(ApiError.PROPERTY, error);
        LOG.warn("Import of line {} ended without the new msg_id ({}); the file pauses and it is posted again",
                ImportMessage.of(exchange).line(), error.summary());
        return Kind.RETRY_LATER;
    }

    private String newMsgId(Exchange exchange) {
        String answer = exchange.getIn().getBody(String.class);
        if (answer == null || answer.isEmpty()) {
            return "";
        }
        try {
            JsonNode data = json.readTree(answer).path("data");
            return data.path("msg_id").asText("");
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
