package io.chathistorybridge.export;

import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.export.ExportHour.Answer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Classifies the answer of one download, as {@link HistoryAnswer} does the history call's: no API error means the
 * body is the file; a 403 means the signed URL expired, so a new one is asked for while renewals are left, and the
 * hour ends as URL_EXPIRED when none is; any other API error fails the hour.
 */
public final class DownloadAnswer implements Processor {

    private final int urlRenewals;

    public DownloadAnswer(int urlRenewals) {
        this.urlRenewals = urlRenewals;
    }

    @Override
    public void process(Exchange exchange) {
        ExportHour hour = ExportHour.of(exchange);
        ApiError error = exchange.getProperty(ApiError.PROPERTY, ApiError.class);
        if (error == null) {
            hour.fileReceived();
        } else if (error.status() != 403) {
            hour.end(Answer.FAILED, "download failed: " + error.summary());
        } else if (hour.renewals() < urlRenewals) {
            hour.renewUrl();
        } else {
            hour.end(Answer.URL_EXPIRED, "download URL expired (403) before the download, also after " + urlRenewals
                    + " new URLs");
        }
    }
}
