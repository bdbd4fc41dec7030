package io.chathistorybridge.sandbox;

/**
 * One import the sandbox accepted (answered or about to answer 200).
 *
 * @param endpoint      {@link SandboxApp#USERS_IMPORT} or {@link SandboxApp#GROUPS_IMPORT}
 * @param from          sender
 * @param target        user id (1:1) or group id
 * @param type          txt, img, audio, video, file, loc, cmd or custom
 * @param body          the request's {@code body} object, as compact JSON
 * @param ext           the request's {@code ext} object as compact JSON, or null when absent
 * @param msgTimestamp  the effective msg_timestamp (the request's, or arrival wall time when omitted)
 * @param msgIdValue    the msg_id the sandbox assigned, as a number (see {@link #msgId()})
 * @param arrivalNanos  System.nanoTime() when the request entered the rate window
 * @param needDownload  the request's need_download (false when absent)
 */
public record AcceptedImport(String endpoint, String from, String target, String type, String body, String ext,
                             long msgTimestamp, long msgIdValue, long arrivalNanos, boolean needDownload) {

    /** The msg_id returned to the client, a numeric string. */
    public String msgId() {
        return Long.toString(msgIdValue);
    }

    /** Conversation key the chronological rule uses: "users:a|b" (sorted pair) or "chatgroups:groupId". */
    public String conversation() {
        return SandboxImports.conversationKey(endpoint, from, target);
    }
}
