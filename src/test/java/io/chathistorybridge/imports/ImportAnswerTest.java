package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.api.ApiErrorKind;
import io.chathistorybridge.api.ApiFailureRecorder;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ImportAnswerTest {

    private final ImportAnswer answer = new ImportAnswer(new ObjectMapper());

    private static Exchange call(int status, String body) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
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

    @Test
    void aRecordedFailureIsLandedBeforeRetryLaterOrRefused() {
        Exchange landed = call(400, "");
        landed.setProperty(ApiError.PROPERTY, new ApiError(400, "illegal_argument", "msg_timestamp", 2, ApiErrorKind.PERMANENT));
        landed.setProperty(ApiFailureRecorder.LANDED_BEFORE, true);
        assertEquals(ImportAnswer.Kind.LANDED_BEFORE, classify(landed));

        Exchange later = call(503, "");
        later.setProperty(ApiError.PROPERTY, new ApiError(503, "service_unavailable", "", 10, ApiErrorKind.TRANSIENT));
        later.setProperty(ApiFailureRecorder.RETRY_LATER, true);
        assertEquals(ImportAnswer.Kind.RETRY_LATER, classify(later));

        Exchange refused = call(400, "");
        refused.setProperty(ApiError.PROPERTY, new ApiError(400, "invalid", "bad", 1, ApiErrorKind.PERMANENT));
        assertEquals(ImportAnswer.Kind.REFUSED, classify(refused));
    }
}
