package io.chathistorybridge.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * A message waiting in its conversation's lane, kept as what differs from its file's first message: its body, its id,
 * the Camel properties its split step set (its index, ...), and its headers and properties only where an edited step
 * changed them. It becomes an exchange of its own when its turn comes. Why: a hot conversation's lane holds thousands
 * of messages, and a whole copy, with the file's headers, is about 3 KB where this is the line and a few dozen bytes.
 */
final class WaitingMessage {

    private static final ExchangePropertyKey[] KEYS = ExchangePropertyKey.values();

    private final Exchange prototype;
    private final Object body;
    private final String exchangeId;
    /** The Camel properties that differ from the prototype's, as key, value pairs; null when none. */
    private final Object[] camelProperties;
    /** Null where the prototype's are the same. */
    private final Map<String, Object> headers;
    private final Map<String, Object> properties;
    private final String to;

    private WaitingMessage(Exchange prototype, Exchange part, String to) {
        this.prototype = prototype;
        this.body = part.getIn().getBody();
        this.exchangeId = part.getExchangeId();
        this.camelProperties = camelPropertiesDiffering(part, prototype);
        Map<String, Object> ownHeaders = part.getIn().getHeaders();
        this.headers = ownHeaders.equals(prototype.getIn().getHeaders()) ? null : new HashMap<>(ownHeaders);
        Map<String, Object> ownProperties = part.getProperties();
        this.properties = ownProperties.equals(prototype.getProperties()) ? null : new HashMap<>(ownProperties);
        this.to = to;
    }

    /**
     * The part as it waits, next to the prototype of its file (a copy of one of its parts, with no unit of work).
     *
     * @param to where a worker sends it
     */
    static WaitingMessage of(Exchange part, Exchange prototype, String to) {
        return new WaitingMessage(prototype, part, to);
    }

    /** A copy of a part that shares nothing with it: the prototype of its file's messages. */
    static Exchange prototypeOf(Exchange part) {
        Exchange copy = part.copy();
        // a copy shares its parent's unit of work, whose route stack is not thread-safe: lanes pushing and popping
        // routes on one stack made Camel look up the wrong route's onException (api-errors' steps skipped); each
        // message gets a unit of work of its own from the route it is sent to
        copy.getExchangeExtension().setUnitOfWork(null);
        return copy;
    }

    String to() {
        return to;
    }

    /** The message as an exchange of its own, equal to a copy of the part it was made from. */
    Exchange exchange() {
        Exchange copy = prototypeOf(prototype);
        copy.setExchangeId(exchangeId);
        copy.getIn().setBody(body);
        if (headers != null) {
            copy.getIn().getHeaders().clear();
            copy.getIn().getHeaders().putAll(headers);
        }
        if (properties != null) {
            copy.getProperties().clear();
            copy.getProperties().putAll(properties);
        }
        if (camelProperties != null) {
            for (int i = 0; i < camelProperties.length; i += 2) {
                ExchangePropertyKey key = (ExchangePropertyKey) camelProperties[i];
                if (camelProperties[i + 1] == null) {
                    copy.removeProperty(key);
                } else {
                    copy.setProperty(key, camelProperties[i + 1]);
                }
            }
        }
        return copy;
    }

    private static Object[] camelPropertiesDiffering(Exchange part, Exchange prototype) {
        List<Object> differing = null;
        for (ExchangePropertyKey key : KEYS) {
            Object own = part.getProperty(key);
            if (!Objects.equals(own, prototype.getProperty(key))) {
                if (differing == null) {
                    differing = new ArrayList<>(6);
                }
                differing.add(key);
                differing.add(own);
            }
        }
        return differing == null ? null : differing.toArray();
    }
}
