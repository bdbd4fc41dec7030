package io.chathistorybridge.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StartupSummaryTest {

    @Test
    void saysWhatWillHappenAndMasksSecrets() {
        Map<String, String> s = new HashMap<>();
        s.put("bridge.export.enabled", "true");
        s.put("bridge.import.enabled", "true");
        s.put("bridge.source.org", "o");
        s.put("bridge.source.app", "src");
        s.put("bridge.target.org", "o");
        s.put("bridge.target.app", "dst");
        s.put("bridge.source.client-secret", "very-secret-1");
        s.put("bridge.target.client-secret", "");
        s.put("bridge.import.rate-per-second", "37");
        s.put("bridge.export.time-zone", "UTC");
        s.put("bridge.store.jdbc-url", "jdbc:postgresql://db/bridge?user=u&password=hunter2");
        String text = String.join("\n", StartupSummary.lines(k -> s.getOrDefault(k, "")));
        assertTrue(text.contains("o#src"), text);
        assertTrue(text.contains("o#dst"), text);
        assertTrue(text.contains("37/s per endpoint"), text);
        assertTrue(text.contains("in UTC"), text);
        assertTrue(text.contains("target client secret NOT SET"), text);
        assertFalse(text.contains("very-secret-1"), text);
        assertFalse(text.contains("hunter2"), text);
    }

    @Test
    void saysWhenARouteIsOff() {
        String text = String.join("\n", StartupSummary.lines(k -> k.equals("bridge.import.enabled") ? "true" : ""));
        assertTrue(text.contains("export : off"), text);
    }
}
