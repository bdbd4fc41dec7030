package io.chathistorybridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.util.Map;

import io.chathistorybridge.token.TokenException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    private static HttpOperationFailedException http(int status, String body) {
        return new HttpOperationFailedException("http://127.0.0.1/x?Signature=abc", status, "text", null, Map.of(), body);
    }

    @Test
    void classifiesStatuses() {
        assertEquals(ApiErrorKind.UNAUTHORIZED, ApiErrors.kindOf(http(401, "")));
        assertEquals(ApiErrorKind.THROTTLED, ApiErrors.kindOf(http(429, "")));
        for (int s : new int[] {500, 502, 503, 504, 408}) {
            assertEquals(ApiErrorKind.TRANSIENT, ApiErrors.kindOf(http(s, "")), "status " + s);
        }
        for (int s : new int[] {400, 403, 404, 413, 415}) {
            assertEquals(ApiErrorKind.PERMANENT, ApiErrors.kindOf(http(s, "")), "status " + s);
        }
    }

    @Test
    void connectionProblemsAreTransientAndBadSecretsPermanent() {
        assertEquals(ApiErrorKind.TRANSIENT, ApiErrors.kindOf(new RuntimeException(new SocketTimeoutException("read"))));
        assertEquals(ApiErrorKind.TRANSIENT, ApiErrors.kindOf(new TokenException("no answer")));
        assertEquals(ApiErrorKind.PERMANENT, ApiErrors.kindOf(new TokenException("bad secret", 400)));
        assertEquals(ApiErrorKind.PERMANENT, ApiErrors.kindOf(new IllegalStateException("bug")));
    }

    @Test
    void aRefusalNamingItsOwnTimestampAsTheLastMeansItWasImportedBefore() {
        ApiError own = new ApiError(400, "illegal_argument", "msg_timestamp 1795341522672 must be greater than the"
                + " last imported message timestamp 1795341522672 of this conversation", 1, ApiErrorKind.PERMANENT);
        assertTrue(own.refusedAsAlreadyAt(1795341522672L));
        ApiError later = new ApiError(400, "illegal_argument", "msg_timestamp 1795341522672 must be greater than the"
                + " last imported message timestamp 1795341522999 of this conversation", 1, ApiErrorKind.PERMANENT);
        assertTrue(later.refusedAsNotLater());
        assertFalse(later.refusedAsAlreadyAt(1795341522672L), "a later message is there: a real refusal");
        ApiError once = new ApiError(400, "illegal_argument", "msg_timestamp 1795341522672 is too early", 1,
                ApiErrorKind.PERMANENT);
        assertFalse(once.refusedAsAlreadyAt(1795341522672L), "naming it once proves nothing");
        ApiError other = new ApiError(400, "illegal_argument", "type 1795341522672 1795341522672", 1,
                ApiErrorKind.PERMANENT);
        assertFalse(other.refusedAsAlreadyAt(1795341522672L), "not the chronological rule");
    }

    @Test
    void describeReadsTheApiErrorBody() {
        ApiError e = ApiErrors.describe(http(400,
                "{\"error\":\"illegal_argument\",\"error_description\":\"type not allow empty\"}"), 1);
        assertEquals(400, e.status());
        assertEquals("illegal_argument", e.error());
        assertEquals("type not allow empty", e.errorDescription());
        assertEquals("400 illegal_argument: type not allow empty after 1 attempt", e.summary());
    }

    @Test
    void describeWithoutAnswerKeepsSignedUrlsOut() {
        ApiError e = ApiErrors.describe(new RuntimeException(
                new java.io.IOException("closed http://h/a.gz?Expires=1&Signature=SECRET")), 3);
        assertEquals(0, e.status());
        assertEquals("IOException", e.error());
        assertFalse(e.errorDescription().contains("SECRET"), e.errorDescription());
        assertTrue(e.summary().startsWith("no answer IOException"));
    }

    @Test
    void redactsBearerTokens() {
        assertEquals("Authorization: Bearer …", Redact.urls("Authorization: Bearer YWMtabc.def-ghi"));
    }

    @Test
    void masksTheJdbcPasswordWhereverItSits() {
        assertEquals("jdbc:postgresql://db/bridge?user=u&password=…&ssl=true",
                Redact.password("jdbc:postgresql://db/bridge?user=u&password=hunter2&ssl=true"));
        assertEquals("jdbc:h2:file:/d;USER=sa;PASSWORD=…;MODE=x", Redact.password("jdbc:h2:file:/d;USER=sa;PASSWORD=pw;MODE=x"));
        assertEquals("jdbc:postgresql://db/bridge", Redact.password("jdbc:postgresql://db/bridge"));
    }

    @Test
    void redactsShareSecrets() {
        assertEquals("share-secret: …", Redact.urls("share-secret: X9dIOla-EemnFYUgtUZLGyqG9Y-S01eL_ysw27NqTV1_g7Yc"));
        assertEquals("{\"share-secret\":\"…\"}", Redact.urls("{\"share-secret\":\"X9dIOla\"}"));
        assertEquals("{\"url\":\"u\",\"secret\":\"…\",\"thumb_secret\":\"…\"}",
                Redact.urls("{\"url\":\"u\",\"secret\":\"abc\",\"thumb_secret\":\"def\"}"));
        assertEquals("{\"secret\":\"\"}", Redact.urls("{\"secret\":\"\"}"), "an empty secret stays");
        assertEquals("http://h/o/a/chatfiles/u?…", Redact.urls("http://h/o/a/chatfiles/u?share-secret=abc"));
    }
}
