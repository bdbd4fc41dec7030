package io.chathistorybridge.sandbox;

/** The fields of a valid import request body, filled by {@link ImportValidation#validate}. */
final class ImportRequest {
    String from;
    String target;
    String type;
    String bodyJson;
    String extJson;
    Long msgTimestamp;
    boolean needDownload;
}
