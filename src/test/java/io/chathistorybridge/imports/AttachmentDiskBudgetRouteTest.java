package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.chathistorybridge.sandbox.SandboxChatfiles;
import org.junit.jupiter.api.Test;

/**
 * bridge.attachments.disk-budget-mb: the copies ahead together reserve at most the budget, each the size its record
 * declares; a copy that finds no room waits (its message copies it on its lane when its turn comes).
 */
class AttachmentDiskBudgetRouteTest extends AttachmentRouteTestSupport {

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("bridge.attachments.disk-budget-mb", "10");
        return p;
    }

    @Test
    void copiesAheadWaitForRoomOnDisk() throws Exception {
        List<SandboxChatfiles.StoredFile> files = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SandboxChatfiles.StoredFile f = source.chatfiles().put(new byte[500 + i], "d" + i + ".mp4", false);
            files.add(f);
            // each conversation posts a text first: its image's copy can only go ahead meanwhile
            lines.add(text("chat", "u" + i, "v" + i, BASE + 2L * i, "t" + i));
            // 6 MB as the record declares it: two of them do not fit into 10 MB at once
            lines.add(history("chat", "u" + i, "v" + i, BASE + 2L * i + 1, "d" + i, "{\"type\":\"video\",\"url\":\""
                    + source.chatfiles().url(f.uuid()) + "\",\"filename\":\"d" + i + ".mp4\",\"file_length\":6291456}"));
        }
        sandbox.faults().latency(Duration.ofMillis(400));
        drop("budget.ndjson", lines);
        await(() -> files.stream().anyMatch(f -> source.chatfiles().downloads(f.uuid()) > 0), Duration.ofSeconds(20),
                () -> "a download");
        Thread.sleep(200); // the texts are still being posted: only the copies ahead run
        long downloading = files.stream().filter(f -> source.chatfiles().downloads(f.uuid()) > 0).count();
        assertEquals(1, downloading, "one 6 MB copy ahead at a time within a 10 MB budget");
        JsonNode report = awaitReport("budget", Duration.ofSeconds(60));
        sandbox.faults().latency(Duration.ZERO);
        assertEquals(8, report.get("imported").asInt(), report.toString());
        assertEquals(4, report.get("attachmentsCopied").asInt(), report.toString());
    }
}
