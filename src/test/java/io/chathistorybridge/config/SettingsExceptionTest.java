package io.chathistorybridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class SettingsExceptionTest {

    @Test
    void aKeyCamelCannotResolveBecomesOneLineNamingIt() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exception missing = assertThrows(Exception.class,
                    () -> camel.resolvePropertyPlaceholders("{{bridge.export.keep-raw}}"));
            // as bean post-processing wraps it at start
            SettingsException found = SettingsException.in(new RuntimeCamelException("Error during post processing of bean",
                    new RuntimeCamelException(missing)));
            assertEquals(List.of(SettingsCheck.notSet("bridge.export.keep-raw")), found.problems());
        }
    }

    @Test
    void ourOwnProblemsAreFoundAndOtherFailuresAreNot() {
        SettingsException ours = new SettingsException(List.of("bridge.a: wrong"));
        assertSame(ours, SettingsException.in(new RuntimeCamelException(ours)));
        assertNull(SettingsException.in(new RuntimeCamelException(new IllegalArgumentException("port in use"))));
        assertNull(SettingsException.in(new IllegalStateException("Property with key [x] not found, but not Camel's")));
    }
}
