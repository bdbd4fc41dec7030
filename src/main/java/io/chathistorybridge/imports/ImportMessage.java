package io.chathistorybridge.imports;

import org.apache.camel.Exchange;

/**
 * One message of a file on its way to the target app (exchange property {@value #PROPERTY}): the line it came
 * from and where it goes. Written once, by {@link ImportLineMapper}; the routes read it, e.g.
 * {@code ${exchangeProperty.importMessage.outcome}}.
 *
 * @param line          line number in the file (1-based)
 * @param original      the line as it is in the file; null when it is not valid UTF-8
 * @param originalBytes the line's bytes when it is not valid UTF-8 (kept for the dead letter), else null
 * @param outcome       where the route takes it
 * @param endpoint      {@code users} or {@code chatgroups}; null unless it is imported
 * @param type          the body's type ({@code txt}, {@code img}, ...); null unless it is imported
 * @param key           its source msg_id, its key in the store of imported messages; null when it has none
 * @param reason        why it is invalid or unsupported, else null
 * @param timestamp     the msg_timestamp it is posted with (Long.MIN_VALUE when the line has none)
 */
public record ImportMessage(int line, String original, byte[] originalBytes, ImportRequestBuilder.Outcome.Kind outcome,
                            String endpoint, String type, String key, String reason, long timestamp) {

    /** Exchange property holding the message. */
    public static final String PROPERTY = "importMessage";

    /** The message an exchange carries. */
    public static ImportMessage of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, ImportMessage.class);
    }
}
