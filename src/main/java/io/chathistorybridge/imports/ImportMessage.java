package io.chathistorybridge.imports;

import org.apache.camel.Exchange;

/**
 * One message of a file on its way to the target app (exchange property {@value #PROPERTY}): the line it came
 * from and what it is. Written once, by {@link ImportLineMapper}, with the two facts the routes branch on beside it
 * as exchange properties of their own: {@value #OUTCOME} (where the route takes it) and {@value #ENDPOINT}. A
 * {@code when} on a property is a lookup, where one on a field of the record ({@code ${exchangeProperty.importMessage.x}})
 * makes Camel introspect the record's class again on every evaluation.
 *
 * @param line          line number in the file (1-based)
 * @param original      the line as it is in the file; null when it is not valid UTF-8
 * @param originalBytes the line's bytes when it is not valid UTF-8 (kept for the dead letter), else null
 * @param type          the body's type ({@code txt}, {@code img}, ...); null unless it is imported
 * @param key           its source msg_id, its key in the store of imported messages; null when it has none
 * @param reason        why it is invalid or unsupported, else null
 * @param timestamp     the msg_timestamp it is posted with (Long.MIN_VALUE when the line has none)
 */
public record ImportMessage(int line, String original, byte[] originalBytes, String type, String key, String reason,
                            long timestamp) {

    /** Exchange property holding the message. */
    public static final String PROPERTY = "importMessage";
    /** Exchange property holding where the route takes it: an {@link ImportRequestBuilder.Outcome.Kind}. */
    public static final String OUTCOME = "importOutcome";
    /** Exchange property holding its import API, {@code users} or {@code chatgroups}; absent unless it is imported. */
    public static final String ENDPOINT = "importEndpoint";

    /** The import API of the message an exchange carries. */
    public static String endpointOf(Exchange exchange) {
        return exchange.getProperty(ENDPOINT, String.class);
    }

    /** The message an exchange carries. */
    public static ImportMessage of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, ImportMessage.class);
    }
}
