package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.LogCapture;
import io.chathistorybridge.sandbox.AcceptedImport;
import io.chathistorybridge.sandbox.SandboxChatfiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bridge.attachments.lifetime=forever against the sandbox: the target app is asked to keep each new copy (one call
 * per sender, the sender as the user), and an app without extended storage (403 forbidden_op) gets one WARN while
 * the import goes on.
 */
class AttachmentLifetimeRouteTest extends AttachmentRouteTestSupport {

    private LogCapture log;

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("bridge.attachments.lifetime", "forever");
        return p;
    }

    @BeforeEach
    void captureLog() {
        log = LogCapture.start();
    }

    @AfterEach
    void restoreLog() {
        log.close();
    }

    /** {@code n} images from {@code from}, each with a file of its own, and one more pointing at the first file. */
    List<String> images(String prefix, String from, String to, long ts, int n) {
        List<String> lines = new ArrayList<>();
        SandboxChatfiles.StoredFile first = null;
        for (int i = 0; i <= n; i++) {
            SandboxChatfiles.StoredFile f = i < n ? source.chatfiles().put(new byte[100 + i], prefix + i + ".jpg", i % 2 == 0)
                    : first;
            first = first == null ? f : first;
            lines.add(history("chat", from, to, ts + i, prefix + i, "{\"type\":\"img\",\"url\":\""
                    + source.chatfiles().url(f.uuid()) + "\",\"secret\":\"" + (f.secret() == null ? "" : f.secret())
                    + "\",\"filename\":\"" + prefix + i + ".jpg\"}"));
        }
        return lines;
    }

    List<String> copiedUuids() throws Exception {
        List<String> uuids = new ArrayList<>();
        String prefix = target.chatfiles().url("");
        for (AcceptedImport i : target.imports()) {
            String url = JSON.readTree(i.body()).path("url").asText();
            if (url.startsWith(prefix)) {
                uuids.add(url.substring(prefix.length()));
            }
        }
        return uuids;
    }

    @Test
    void everyNewCopyIsKeptForeverWithOneCallPerSender() throws Exception {
        target.fileLifetime().extendedStorage(true);
        List<String> lines = new ArrayList<>(images("a", "alice", "bob", BASE, 3));
        lines.addAll(images("c", "carol", "dave", BASE, 2));
        drop("keep.ndjson", lines);
        JsonNode report = awaitReport("keep", Duration.ofSeconds(30));
        assertEquals(7, report.get("imported").asInt(), report.toString());
        assertEquals(5, report.get("attachmentsCopied").asInt(), report.toString());
        await(() -> target.fileLifetime().calls() >= 2, Duration.ofSeconds(10), () -> "two lifetime calls");
        for (String uuid : copiedUuids()) {
            assertEquals("forever", target.fileLifetime().lifetime(uuid), "the copy " + uuid + " is kept");
        }
        assertEquals(2, target.fileLifetime().calls(), "one call per sender: alice's 3 copies, carol's 2");
        io.micrometer.core.instrument.MeterRegistry meters = context.getRegistry()
                .findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
        assertEquals(5.0, meters.find("bridge_attachment_lifetime").tag("outcome", "set").functionCounter().count());
    }

    @Test
    void anAppWithoutExtendedStorageGetsOneWarningAndTheImportGoesOn() throws Exception {
        drop("a.ndjson", images("a", "alice", "bob", BASE, 2));
        JsonNode first = awaitReport("a", Duration.ofSeconds(30));
        assertEquals(3, first.get("imported").asInt(), first.toString());
        await(() -> target.fileLifetime().calls() >= 1, Duration.ofSeconds(10), () -> "the lifetime call");
        drop("b.ndjson", images("b", "carol", "dave", BASE + 100, 2));
        JsonNode second = awaitReport("b", Duration.ofSeconds(30));
        assertEquals(3, second.get("imported").asInt(), "the import goes on: " + second);
        Thread.sleep(300);
        assertEquals(1, target.fileLifetime().calls(), "no more calls after the 403");
        String text = log.text();
        assertEquals(1, text.split("403 forbidden_op", -1).length - 1, "one warning: " + text);
        assertTrue(text.contains("extended file storage is not enabled"), text);
        assertTrue(copiedUuids().stream().allMatch(u -> target.fileLifetime().lifetime(u) == null));
    }
}
