package io.chathistorybridge.attachments;

import io.chathistorybridge.store.AttachmentCopies;

/**
 * What one chatfiles call came to.
 *
 * @param status      HTTP status, 0 when there was no answer (timeout, dropped connection)
 * @param error       the API's {@code error} code (or the exception's kind), "" on success
 * @param description the API's {@code error_description}, "" on success
 * @param copy        an upload's copy in the target app, else null
 * @param bytes       the bytes downloaded or uploaded; for a lifetime call, the files it was set for
 */
public record ChatfileAnswer(int status, String error, String description, AttachmentCopies.Copy copy, long bytes) {

    static ChatfileAnswer ok(AttachmentCopies.Copy copy, long bytes) {
        return new ChatfileAnswer(200, "", "", copy, bytes);
    }

    static ChatfileAnswer noAnswer(Throwable e) {
        return new ChatfileAnswer(0, e.getClass().getSimpleName(), "no answer", null, 0);
    }

    public boolean ok() {
        return status >= 200 && status < 300 && error.isEmpty();
    }

    /** Gone or too big: the message keeps its original url (404 entity_not_found / file_expired, 413). */
    public boolean missing() {
        return status == 404 || status == 413;
    }

    /** Worth another attempt: no answer, 408, 429, 5xx. */
    public boolean transientFailure() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    /** One line for the report and the pause reason (no url, no token, no secret). */
    public String summary() {
        return (status == 0 ? "no answer" : String.valueOf(status)) + (error.isEmpty() ? "" : " " + error)
                + (description.isEmpty() ? "" : ": " + description);
    }
}
