package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ImportDryRunTest extends ImportRouteTestSupport {

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("bridge.import.dry-run", "true");
        return p;
    }

    @Test
    void validatesAndMapsEveryLineWithoutPosting() throws Exception {
        drop("dry.ndjson", List.of(text("chat", "a", "b", BASE + 1, "d1"), text("groupchat", "a", "g", BASE + 2, "d2"),
                "{broken", text("chatroom", "a", "r", BASE + 3, "d3")));
        JsonNode report = awaitReport("dry", Duration.ofSeconds(60));
        assertEquals(true, report.get("dryRun").asBoolean());
        assertEquals(2, report.get("validated").asInt(), report.toString());
        assertEquals(1, report.get("invalid").asInt());
        assertEquals(1, report.get("unsupported").asInt());
        assertEquals(0, report.get("imported").asInt());
        assertEquals(0, target.imports().size(), "nothing posted");
        assertEquals(0, target.tokenRequests(), "not even a token was asked for");
        assertEquals(1, deadLetters("dry").size());
    }
}
