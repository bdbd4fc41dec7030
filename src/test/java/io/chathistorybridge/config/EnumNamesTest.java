package io.chathistorybridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chathistorybridge.imports.ImportAnswer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class EnumNamesTest {

    @Test
    void aRoutesComparisonOfAnOutcomeWithItsNameFindsAConverterForTheExactPair() throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.start();
        // without a converter for the exact pair, the registry scans all of them on every comparison
        assertNull(context.getTypeConverterRegistry().lookup(String.class, ImportAnswer.Kind.class));

        EnumNames.register(context, ImportAnswer.Kind.class);

        assertNotNull(context.getTypeConverterRegistry().lookup(String.class, ImportAnswer.Kind.class));
        assertNotNull(context.getTypeConverterRegistry().lookup(ImportAnswer.Kind.class, String.class));
        Predicate refused = context.resolveLanguage("simple")
                .createPredicate("${exchangeProperty.importAnswer} == 'REFUSED'");
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(ImportAnswer.PROPERTY, ImportAnswer.Kind.REFUSED);
        assertTrue(refused.matches(exchange));
        exchange.setProperty(ImportAnswer.PROPERTY, ImportAnswer.Kind.RETRY_LATER);
        assertFalse(refused.matches(exchange));
        assertEquals(ImportAnswer.Kind.IMPORTED, context.getTypeConverter().convertTo(ImportAnswer.Kind.class, "IMPORTED"));
        assertNull(context.getTypeConverter().tryConvertTo(ImportAnswer.Kind.class, "NO_SUCH_NAME"));
        context.stop();
    }
}
