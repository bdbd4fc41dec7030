package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitingMessageTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    /** A file's exchange as the file consumer and ImportFileStart leave it. */
    private Exchange file() {
        Exchange file = new DefaultExchange(context);
        file.getIn().setHeader(Exchange.FILE_NAME, "2026120701.gz");
        file.getIn().setHeader(Exchange.FILE_LENGTH, 1234L);
        file.setProperty("importFileBase", "2026120701");
        return file;
    }

    /** One line's part, as the split makes it: a copy of the file's exchange with its line and index. */
    private static Exchange part(Exchange file, int index, String line) {
        Exchange part = file.copy();
        part.setExchangeId("part-" + index);
        part.getIn().setBody(new OrderedLine(index + 1, line, 1000L + index, 7L, false));
        part.setProperty(ExchangePropertyKey.SPLIT_INDEX, index);
        return part;
    }

    @Test
    void aWaitingMessageBecomesTheExchangeItsPartWas() {
        Exchange file = file();
        Exchange first = part(file, 0, "{\"msg_id\":\"1\"}");
        Exchange prototype = WaitingMessage.prototypeOf(first);
        Exchange third = part(file, 2, "{\"msg_id\":\"3\"}");

        Exchange sent = WaitingMessage.of(third, prototype, "direct:import-message").exchange();

        assertNotSame(third, sent);
        assertEquals("part-2", sent.getExchangeId());
        assertEquals(third.getIn().getBody(), sent.getIn().getBody());
        assertEquals(2, sent.getProperty(ExchangePropertyKey.SPLIT_INDEX));
        assertEquals("2026120701.gz", sent.getIn().getHeader(Exchange.FILE_NAME));
        assertEquals(1234L, sent.getIn().getHeader(Exchange.FILE_LENGTH));
        assertEquals("2026120701", sent.getProperty("importFileBase"));
        assertNull(sent.getUnitOfWork(), "each message gets a unit of work of its own from the route it goes to");
    }

    @Test
    void whatAnEditedStepSetOnOneMessageStaysOnThatMessageOnly() {
        Exchange file = file();
        Exchange prototype = WaitingMessage.prototypeOf(part(file, 0, "a"));
        Exchange edited = part(file, 1, "b");
        edited.getIn().setHeader("tenant", "blue");
        edited.getIn().removeHeader(Exchange.FILE_LENGTH);
        edited.setProperty("importFileBase", "renamed");
        edited.setProperty("seen", true);
        Exchange plain = part(file, 2, "c");

        Exchange editedSent = WaitingMessage.of(edited, prototype, "direct:x").exchange();
        Exchange plainSent = WaitingMessage.of(plain, prototype, "direct:x").exchange();

        assertEquals("blue", editedSent.getIn().getHeader("tenant"));
        assertNull(editedSent.getIn().getHeader(Exchange.FILE_LENGTH));
        assertEquals("renamed", editedSent.getProperty("importFileBase"));
        assertEquals(true, editedSent.getProperty("seen"));
        assertNull(plainSent.getIn().getHeader("tenant"));
        assertEquals(1234L, plainSent.getIn().getHeader(Exchange.FILE_LENGTH));
        assertEquals("2026120701", plainSent.getProperty("importFileBase"));
        assertNull(plainSent.getProperty("seen"));
    }

    @Test
    void aCamelPropertyThePartLacksIsNotTakenFromTheFirstPart() {
        Exchange file = file();
        Exchange first = part(file, 0, "a");
        first.setProperty(ExchangePropertyKey.SPLIT_COMPLETE, true);
        Exchange prototype = WaitingMessage.prototypeOf(first);
        Exchange other = part(file, 1, "b");

        Exchange sent = WaitingMessage.of(other, prototype, "direct:x").exchange();

        assertNull(sent.getProperty(ExchangePropertyKey.SPLIT_COMPLETE));
        assertEquals(1, sent.getProperty(ExchangePropertyKey.SPLIT_INDEX));
    }

    @Test
    void eachExchangeIsNewAndSharesNoMapWithTheOthers() {
        Exchange file = file();
        Exchange prototype = WaitingMessage.prototypeOf(part(file, 0, "a"));
        WaitingMessage waiting = WaitingMessage.of(part(file, 1, "b"), prototype, "direct:x");

        Exchange once = waiting.exchange();
        once.getIn().removeHeaders("*"); // as import-post does before its call
        once.setProperty("importFileBase", "changed");
        Exchange twice = waiting.exchange();

        assertEquals("2026120701.gz", twice.getIn().getHeader(Exchange.FILE_NAME));
        assertEquals("2026120701", twice.getProperty("importFileBase"));
        assertEquals("2026120701.gz", prototype.getIn().getHeader(Exchange.FILE_NAME));
        assertFalse(once.getIn().getHeaders().containsKey(Exchange.FILE_NAME));
        assertSame("direct:x", waiting.to());
    }
}
