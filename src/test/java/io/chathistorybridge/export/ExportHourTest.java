package io.chathistorybridge.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.api.ApiErrorKind;
import io.chathistorybridge.api.ApiRetryPreparer;
import io.chathistorybridge.export.ExportHour.Answer;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The hour's record through the download steps: next URL, classified download answers, renewals. */
class ExportHourTest {

    private static final Path RAW = Path.of("/data/export/raw");
    private static final ApiError EXPIRED = new ApiError(403, "AccessDenied", "Request has expired", 1,
            ApiErrorKind.PERMANENT);

    private final NextDownload next = new NextDownload(RAW);
    private final DownloadAnswer classify = new DownloadAnswer(2);

    /** An exchange of export-hour whose history call answered these URLs. */
    private static Exchange answered(String... urls) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        ExportHour hour = ExportHour.start("2026112208");
        e.setProperty(ExportHour.PROPERTY, hour);
        assertTrue(hour.needsUrl(), "a new hour asks for its URL");
        hour.answered(Answer.URLS, List.of(urls), null);
        return e;
    }

    /** One download step of export-downloads: next URL, the call's outcome, its classification. */
    private ExportHour download(Exchange e, ApiError outcome) {
        next.process(e);
        e.removeProperty(ApiError.PROPERTY);
        if (outcome != null) {
            e.setProperty(ApiError.PROPERTY, outcome);
        }
        classify.process(e);
        return ExportHour.of(e);
    }

    @Test
    void everyUrlDownloadedMakesTheHourReadyToWrite() {
        Exchange e = answered("http://h/a.gz?Signature=1", "http://h/b.gz?Signature=2");
        ExportHour hour = ExportHour.of(e);
        assertTrue(hour.hasUrls() && hour.urlLeft() && !hour.needsUrl() && !hour.downloaded());

        download(e, null);
        assertEquals("http://h/a.gz?Signature=1", hour.url());
        assertEquals("2026112208.gz", hour.rawName());
        assertEquals("download 2026112208 part 1", e.getProperty(ApiRetryPreparer.CALL));
        assertTrue(hour.downloadOk() && hour.urlLeft() && !hour.downloaded());

        download(e, null);
        assertEquals("2026112208-2.gz", hour.rawName());
        assertTrue(hour.downloadOk() && !hour.urlLeft() && hour.downloaded() && !hour.needsUrl());
        assertEquals(List.of(RAW.resolve("2026112208.gz"), RAW.resolve("2026112208-2.gz")), hour.rawFiles());
        assertThrows(IllegalStateException.class, () -> next.process(e), "no URL left");
    }

    @Test
    void anExpiredUrlIsRenewedWhileRenewalsAreLeft() {
        Exchange e = answered("http://h/a.gz?Signature=1");
        ExportHour hour = download(e, EXPIRED);
        assertTrue(hour.needsUrl(), "renewal 1 of 2");
        assertEquals(1, hour.renewals());
        assertFalse(hour.downloadOk() || hour.urlLeft() || hour.hasUrls() || hour.downloaded());

        // the new history answer starts the downloads over, with the renewal counted
        hour.answered(Answer.URLS, List.of("http://h/a.gz?Signature=new"), null);
        assertFalse(hour.needsUrl());
        assertTrue(hour.urlLeft());
        download(e, EXPIRED);
        assertTrue(hour.needsUrl(), "renewal 2 of 2");
        assertEquals(2, hour.renewals());

        hour.answered(Answer.URLS, List.of("http://h/a.gz?Signature=newer"), null);
        download(e, EXPIRED);
        assertFalse(hour.needsUrl(), "no renewal left");
        assertEquals(2, hour.renewals());
        assertEquals(Answer.URL_EXPIRED, hour.answer());
        assertTrue(hour.error().contains("expired (403)") && hour.error().contains("after 2 new URLs"), hour.error());
        assertFalse(hour.urlLeft() || hour.downloaded());
    }

    @Test
    void noRenewalsMeansTheFirstExpiredUrlEndsTheHour() {
        Exchange e = answered("http://h/a.gz");
        next.process(e);
        e.setProperty(ApiError.PROPERTY, EXPIRED);
        new DownloadAnswer(0).process(e);
        ExportHour hour = ExportHour.of(e);
        assertFalse(hour.needsUrl());
        assertEquals(Answer.URL_EXPIRED, hour.answer());
        assertEquals(0, hour.renewals());
    }

    @Test
    void anotherDownloadErrorFailsTheHourAndStopsItsDownloads() {
        Exchange e = answered("http://h/a.gz", "http://h/b.gz");
        ExportHour hour = download(e, new ApiError(503, "service_unavailable", "busy", 3, ApiErrorKind.TRANSIENT));
        assertEquals(Answer.FAILED, hour.answer());
        assertTrue(hour.error().startsWith("download failed: 503"), hour.error());
        assertFalse(hour.needsUrl() || hour.downloadOk() || hour.urlLeft() || hour.downloaded());
        assertEquals(0, hour.renewals());
    }

    @Test
    void anExceptionInTheHoursStepsFailsItWithItsMessage() {
        Exchange e = answered("http://h/a.gz");
        e.setProperty(Exchange.EXCEPTION_CAUGHT, new java.io.IOException("downloaded history file x.gz is not gzip"));
        new HourFailure().process(e);
        ExportHour hour = ExportHour.of(e);
        assertEquals(Answer.FAILED, hour.answer());
        assertEquals("downloaded history file x.gz is not gzip", hour.error());
        assertFalse(hour.needsUrl() || hour.urlLeft() || hour.downloaded());
    }

    @Test
    void theRecordedStateTellsTheLogLevel() {
        ExportHour failed = ExportHour.start("2026112208");
        failed.end(Answer.URL_EXPIRED, "download URL expired (403)");
        failed.recorded(HourState.PENDING, "line");
        assertTrue(failed.failed() && !failed.gap());

        ExportHour notYet = ExportHour.start("2026112208");
        notYet.answered(Answer.UNSTORED, List.of(), "400");
        notYet.recorded(HourState.PENDING, "line");
        assertFalse(notYet.failed() || notYet.gap());

        ExportHour gap = ExportHour.start("2026112208");
        gap.answered(Answer.UNSTORED, List.of(), "400");
        gap.recorded(HourState.EXPIRED, "line");
        assertTrue(gap.gap() && !gap.failed());
        assertNull(ExportHour.start("2026112208").outcome());
    }
}
