package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.sandbox.AcceptedImport;
import io.chathistorybridge.sandbox.SandboxChatfiles;
import org.junit.jupiter.api.Test;

/** bridge.import.attachments=link: today's behaviour, the body keeps the source url and nothing is fetched. */
class AttachmentLinkRouteTest extends AttachmentRouteTestSupport {

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("bridge.import.attachments", "link");
        return p;
    }

    @Test
    void linkKeepsTheSourceUrlAndFetchesNothing() throws Exception {
        SandboxChatfiles.StoredFile f = source.chatfiles().put(new byte[100], "p.jpg", true);
        String body = "{\"type\":\"img\",\"url\":\"" + source.chatfiles().url(f.uuid()) + "\",\"secret\":\"" + f.secret()
                + "\",\"filename\":\"p.jpg\"}";
        drop("link.ndjson", List.of(history("chat", "a", "b", BASE, "l-1", body)));
        JsonNode report = awaitReport("link", Duration.ofSeconds(30));
        assertEquals(1, report.get("imported").asInt(), report.toString());
        AcceptedImport imported = target.imports().get(0);
        assertEquals(source.chatfiles().url(f.uuid()), JSON.readTree(imported.body()).path("url").asText());
        assertFalse(imported.needDownload());
        assertEquals(0, source.chatfiles().downloads(f.uuid()));
        assertEquals(0, target.chatfiles().uploads());
    }
}
