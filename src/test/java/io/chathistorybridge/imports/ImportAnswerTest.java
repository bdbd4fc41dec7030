package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.api.ApiErrorKind;
import io.chathistorybridge.api.ApiRetryPolicy;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ImportAnswerTest {

    private final ImportAnswer answer = new ImportAnswer(new ObjectMapper());

    private static final long SENT_AT = 1795341522672L;

    private static Exchange call(int status, String body) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.setProperty(ImportMessage.PROPERTY, new ImportMessage(7, "{}", null, "txt", "m7", null, SENT_AT));
        if (status > 0) {
            e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        }
        e.getIn().setBody(body);
        return e;
    }

    private ImportAnswer.Kind classify(Exchange e) {
        answer.process(e);
        return e.getProperty(ImportAnswer.PROPERTY, ImportAnswer.Kind.class);
    }

    @Test
    void aTwoHundredWithTheNewMsgIdIsImportedWithThatId() {
        Exchange e = call(200, "{\"data\":{\"msg_id\":\"1883\"}}");
        assertEquals(ImportAnswer.Kind.IMPORTED, classify(e));
        assertEquals("1883", e.getProperty(ImportAnswer.NEW_MSG_ID));
    }

    @Test
    void aCallThatEndedWithoutTheNewMsgIdIsNeverImported() {
        // an exhausted 503 whose failure steps did not run: the body is still the request
        Exchange e = call(503, "{\"from\":\"a\",\"target\":\"b\",\"type\":\"txt\"}");
        assertEquals(ImportAnswer.Kind.RETRY_LATER, classify(e));
        ApiError error = e.getProperty(ApiError.PROPERTY, ApiError.class);
        assertNotNull(error, "the pause has a reason");
        assertEquals(503, error.status());
        assertEquals(ImportAnswer.Kind.RETRY_LATER, classify(call(200, "{\"data\":{}}")));
        assertEquals(ImportAnswer.Kind.RETRY_LATER, classify(call(200, "not json")));
        assertEquals(ImportAnswer.Kind.RETRY_LATER, classify(call(0, null)));
    }

    private static ApiError notLater(long last) {
        return new ApiError(400, "illegal_argument", "msg_timestamp " + SENT_AT + " must be greater than the last"
                + " imported message timestamp " + last + " of this conversation", 1, ApiErrorKind.PERMANENT);
    }

    @Test
    void aRefusalAsNotLaterIsImportedWithoutAnswerOnlyWhereAnEarlierPostLanded() {
        Exchange afterNoAnswer = call(400, "");
        afterNoAnswer.setProperty(ApiError.PROPERTY, notLater(SENT_AT + 5));
        afterNoAnswer.setProperty(ApiRetryPolicy.NO_ANSWER, true);
        assertEquals(ImportAnswer.Kind.IMPORTED_WITHOUT_ANSWER, classify(afterNoAnswer),
                "an attempt without an answer reached the server");

        Exchange ownTimestamp = call(400, "");
        ownTimestamp.setProperty(ApiError.PROPERTY, notLater(SENT_AT));
        assertEquals(ImportAnswer.Kind.IMPORTED_WITHOUT_ANSWER, classify(ownTimestamp),
                "the conversation's last message is this one: accepted before a crash");

        Exchange laterThere = call(400, "");
        laterThere.setProperty(ApiError.PROPERTY, notLater(SENT_AT + 5));
        assertEquals(ImportAnswer.Kind.REFUSED, classify(laterThere), "a later message is there: a real refusal");
    }

    @Test
    void aRecordedFailureThatMayPassRetriesLaterAndAnyOtherIsRefused() {
        Exchange later = call(503, "");
        later.setProperty(ApiError.PROPERTY, new ApiError(503, "service_unavailable", "", 10, ApiErrorKind.TRANSIENT));
        assertEquals(ImportAnswer.Kind.RETRY_LATER, classify(later));

        Exchange throttled = call(429, "");
        throttled.setProperty(ApiError.PROPERTY, new ApiError(429, "too_many_requests", "", 10, ApiErrorKind.THROTTLED));
        assertEquals(ImportAnswer.Kind.RETRY_LATER, classify(throttled));

        Exchange refused = call(400, "");
        refused.setProperty(ApiError.PROPERTY, new ApiError(400, "invalid", "bad", 1, ApiErrorKind.PERMANENT));
        assertEquals(ImportAnswer.Kind.REFUSED, classify(refused));
    }
}
