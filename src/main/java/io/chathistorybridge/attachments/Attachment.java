package io.chathistorybridge.attachments;

/**
 * One source file a message body points at: which body fields hold its url and secret, and the parts of the url.
 *
 * @param urlField    {@code url} or {@code thumb}
 * @param secretField {@code secret} or {@code thumb_secret}
 * @param url         the url as the body has it
 * @param uuid        the file's uuid in the source app
 * @param query       what followed the uuid ({@code ?vframe=true}), "" for none: kept on the copy's url
 * @param secret      the body's share-secret, "" when absent or empty (an unrestricted file)
 * @param filename    the body's filename for the upload, else the uuid
 * @param declaredBytes the body's {@code file_length} for its {@code url}, 0 when unknown (a thumb, or not given)
 */
public record Attachment(String urlField, String secretField, String url, String uuid, String query, String secret,
                         String filename, long declaredBytes) {

    public boolean restricted() {
        return !secret.isEmpty();
    }

    @Override
    public String toString() {
        // a share-secret is a credential: never in a log line or an exception
        return "Attachment[" + urlField + " " + uuid + (restricted() ? " restricted" : "") + "]";
    }
}
