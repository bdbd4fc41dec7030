package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.sandbox.AcceptedImport;
import org.junit.jupiter.api.Test;

/**
 * The old bridge.import.need-download=true still works: it means bridge.import.attachments=server (need_download=true,
 * the target fetches the url), whatever the new key says, and no source app is needed.
 */
class AttachmentServerRouteTest extends ImportRouteTestSupport {

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("bridge.import.attachments", "copy");
        p.setProperty("bridge.import.need-download", "true");
        return p;
    }

    @Test
    void theOldKeySendsNeedDownload() throws Exception {
        drop("server.ndjson", List.of(history("chat", "a", "b", BASE, "s-1",
                "{\"type\":\"img\",\"url\":\"https://cdn.example.com/p.jpg\"}")));
        JsonNode report = awaitReport("server", Duration.ofSeconds(30));
        assertEquals(1, report.get("imported").asInt(), report.toString());
        AcceptedImport imported = target.imports().get(0);
        assertTrue(imported.needDownload());
        assertEquals("https://cdn.example.com/p.jpg", JSON.readTree(imported.body()).path("url").asText());
    }
}
