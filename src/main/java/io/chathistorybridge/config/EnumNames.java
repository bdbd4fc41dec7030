package io.chathistorybridge.config;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.TypeConverterSupport;

/**
 * The routes branch on typed outcomes by name ({@code ${exchangeProperty.importAnswer} == 'REFUSED'}). Simple's
 * {@code ==} converts one side to the other's type; without a converter for the exact pair, Camel's registry scans
 * every converter it has on each comparison. Each outcome type gets its two converters, name to constant and back,
 * so the lookup is one map hit.
 */
public final class EnumNames {

    private EnumNames() {
    }

    @SafeVarargs
    public static void register(CamelContext context, Class<? extends Enum<?>>... types) {
        TypeConverterRegistry registry = context.getTypeConverterRegistry();
        for (Class<? extends Enum<?>> type : types) {
            Map<String, Object> byName = new HashMap<>();
            for (Enum<?> constant : type.getEnumConstants()) {
                byName.put(constant.name(), constant);
            }
            registry.addTypeConverter(type, String.class, new TypeConverterSupport() {
                @Override
                public <T> T convertTo(Class<T> to, Exchange exchange, Object name) throws TypeConversionException {
                    return to.cast(byName.get(name.toString())); // null for a name the type does not have
                }
            });
            registry.addTypeConverter(String.class, type, new TypeConverterSupport() {
                @Override
                public <T> T convertTo(Class<T> to, Exchange exchange, Object constant) throws TypeConversionException {
                    return to.cast(((Enum<?>) constant).name());
                }
            });
        }
    }
}
