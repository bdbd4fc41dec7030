package io.chathistorybridge.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;

/**
 * One hour on its way through {@code export-hour}, held in exchange property {@code exportHour}: the export's
 * processors each write their own facts here (answer, URLs, downloads, renewals, counts, state), and the route
 * reads the boolean methods ({@code ${exchangeProperty.exportHour.needsUrl}}) to decide the next step.
 */
public final class ExportHour {

    public static final String PROPERTY = "exportHour";

    /** The answer so far: of the history call, then of the downloads, then of the writer. */
    public enum Answer {
        /** 200 with download URLs. */
        URLS,
        /** 404 storage_object_not_found: an hour without messages. */
        EMPTY,
        /** 400 "... expired or unstored": not there yet, or gone. */
        UNSTORED,
        /** Anything else: the error says what. */
        FAILED,
        /** A download answered 403 and no renewal is left. */
        URL_EXPIRED,
        /** The hour's file is written. */
        WRITTEN
    }

    private final String hour;
    private final long startedMillis;
    private boolean needsUrl = true;
    private Answer answer;
    private String error;
    private List<String> urls = List.of();
    private int taken;
    private String url;
    private String rawName;
    private final List<Path> rawFiles = new ArrayList<>();
    private boolean downloadOk;
    private int renewals;
    private HourFileWriter.Result written;
    private String state;
    private String outcome;

    public ExportHour(String hour, long startedMillis) {
        this.hour = hour;
        this.startedMillis = startedMillis;
    }

    /** The record of an hour whose export starts now: export-hour's first step calls it (beanType, static). */
    public static ExportHour start(String hour) {
        return new ExportHour(hour, System.currentTimeMillis());
    }

    /** The hour on this exchange; it must have been started. */
    public static ExportHour of(Exchange exchange) {
        ExportHour hour = exchange.getProperty(PROPERTY, ExportHour.class);
        if (hour == null) {
            throw new IllegalStateException("no " + PROPERTY + " on the exchange: export-hour starts one");
        }
        return hour;
    }

    // ---- written by the processors, one fact each

    /** The history call's answer: a new answer replaces the URLs, downloads and error of the last one. */
    void answered(Answer answer, List<String> urls, String error) {
        this.needsUrl = false;
        this.answer = answer;
        this.urls = List.copyOf(urls);
        this.error = error;
        this.taken = 0;
        this.url = null;
        this.rawName = null;
        this.rawFiles.clear();
        this.downloadOk = false;
    }

    /** Takes the next download URL, saved as {@code rawName} at {@code rawFile}. */
    void takeUrl(String rawName, Path rawFile) {
        if (!urlLeft()) {
            throw new IllegalStateException("no download URL left for hour " + hour);
        }
        this.url = urls.get(taken++);
        this.rawName = rawName;
        this.rawFiles.add(rawFile);
        this.downloadOk = false;
    }

    /** The download answered with the file: its body is saved next. */
    void fileReceived() {
        this.downloadOk = true;
    }

    /** The URL expired before its download: a new one is asked for. */
    void renewUrl() {
        this.renewals++;
        this.answer = Answer.URL_EXPIRED;
        this.needsUrl = true;
    }

    /** The hour ends without a file, for the given reason. */
    void end(Answer answer, String error) {
        this.answer = answer;
        this.error = error;
        this.needsUrl = false;
    }

    void written(HourFileWriter.Result result) {
        this.answer = Answer.WRITTEN;
        this.written = result;
    }

    void recorded(String state, String outcome) {
        this.state = state;
        this.outcome = outcome;
    }

    // ---- read by the route

    /** A history call is due: none made yet, or the last URL expired with renewals left. */
    public boolean needsUrl() {
        return needsUrl;
    }

    /** The history call answered download URLs (and no download failed yet). */
    public boolean hasUrls() {
        return answer == Answer.URLS;
    }

    /** A URL of the answer is still to download. */
    public boolean urlLeft() {
        return answer == Answer.URLS && taken < urls.size();
    }

    /** The last download answered with the file (not an error). */
    public boolean downloadOk() {
        return downloadOk;
    }

    /** Every URL of the answer is downloaded: the hour's file can be written. */
    public boolean downloaded() {
        return answer == Answer.URLS && !urls.isEmpty() && taken == urls.size();
    }

    /** Recorded as expired: a gap in the export. */
    public boolean gap() {
        return HourState.EXPIRED.equals(state);
    }

    /** Recorded as pending because something failed (an hour not stored yet is no failure). */
    public boolean failed() {
        return HourState.PENDING.equals(state) && answer != Answer.UNSTORED;
    }

    // ---- values

    public String hour() {
        return hour;
    }

    public long startedMillis() {
        return startedMillis;
    }

    public Answer answer() {
        return answer;
    }

    public String error() {
        return error;
    }

    public List<String> urls() {
        return urls;
    }

    /** URLs taken so far (the part number of the last one). */
    public int taken() {
        return taken;
    }

    public String url() {
        return url;
    }

    public String rawName() {
        return rawName;
    }

    public List<Path> rawFiles() {
        return List.copyOf(rawFiles);
    }

    /** New URLs asked for after one expired. */
    public int renewals() {
        return renewals;
    }

    public HourFileWriter.Result written() {
        return written;
    }

    public String state() {
        return state;
    }

    public String outcome() {
        return outcome;
    }

    @Override
    public String toString() {
        return hour;
    }
}
