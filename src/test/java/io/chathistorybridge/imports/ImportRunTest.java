package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportRunTest {

    @TempDir
    Path dir;

    @Test
    void reportCountsEveryOutcomeAndTheMsgIdMapPairsIds() throws Exception {
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 0);
        ImportRun run = runs.start("2026112208.ndjson.gz");
        assertEquals("2026112208", run.base());
        run.indexed(6, 0, 1, 3);
        run.imported("users", "m1", "900");
        run.imported("chatgroups", "m,2", "901");
        run.duplicates.incrementAndGet();
        run.failed.incrementAndGet();
        run.invalid.incrementAndGet();
        run.unsupported.incrementAndGet();
        assertEquals(6, run.done());
        assertEquals(0, runs.linesWaiting());

        Map<String, Object> report = run.report();
        assertEquals(6, report.get("lines"));
        assertEquals(2L, report.get("imported"));
        assertEquals(1L, report.get("skippedDuplicates"));
        assertEquals(1L, report.get("failed"));
        assertEquals(1L, report.get("invalid"));
        assertEquals(1L, report.get("unsupported"));
        assertEquals(1, report.get("shiftedTimestamps"));
        assertTrue(((Map<?, ?>) report.get("endpoints")).containsKey("chatgroups"));
        List<String> map = Files.readAllLines(dir.resolve("reports/2026112208.msgid-map.csv"));
        assertEquals(List.of("source_msg_id,target_msg_id", "m1,900", "\"m,2\",901"), map);
    }

    @Test
    void theNextFileStartsWithinTheLookAheadAndAPauseHoldsEveryFileAfterItUntilTheyAllLeft() {
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 100);
        assertTrue(runs.roomForAnother(), "nothing in flight");
        ImportRun first = runs.start("2026112201.gz");
        first.indexed(150, 0, 0, 1);
        assertFalse(runs.roomForAnother(), "150 lines unfinished, the look-ahead is 100");
        first.imported.addAndGet(60);
        assertTrue(runs.roomForAnother(), "90 lines unfinished");
        ImportRun second = runs.start("2026112202.gz");
        second.indexed(5, 0, 0, 1);
        ImportRun third = runs.start("2026112203.gz");
        third.indexed(5, 0, 0, 1);
        assertEquals(100, runs.linesWaiting());
        assertEquals(List.of("2026112202.gz", "2026112203.gz"), runs.status().get("alsoInProgress"));

        first.pause("the API kept failing");
        assertEquals("the file before it, 2026112202.gz, paused", third.pausedBy());
        assertEquals("the file before it, 2026112201.gz, paused", second.pausedBy());
        assertFalse(second.pausedHere());
        assertFalse(runs.roomForAnother(), "no file while one paused");
        runs.finish(first);
        assertTrue(third.pausedBy() != null, "still held: the paused file left, its retry comes first");
        runs.finish(second);
        assertTrue(third.pausedBy() != null);
        assertFalse(runs.roomForAnother());
        runs.finish(third);
        assertTrue(runs.roomForAnother());
        ImportRun retry = runs.start("2026112201.gz");
        assertEquals(null, retry.pausedBy(), "the retry starts after the files it held have left");
    }

    @Test
    void aFileThatFinishedLeavesTheFilesAfterItHeldOnlyByTheFilesBeforeIt() {
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 100);
        ImportRun first = runs.start("a.ndjson");
        ImportRun second = runs.start("b.ndjson");
        ImportRun third = runs.start("c.ndjson");
        runs.finish(second); // all its lines were done before anything paused
        first.pause("the store failed");
        assertEquals("the file before it, a.ndjson, paused", third.pausedBy());
        runs.finish(first);
        runs.finish(third);
        ImportRun fourth = runs.start("d.ndjson");
        assertEquals(null, fourth.pausedBy());
        assertTrue(runs.roomForAnother());
    }

    @Test
    void theInboxListShowsWhatTheConsumerTakesTheApisOwnNamesIncluded() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        for (String name : List.of("2026112208.gz", "b.ndjson", "notes.txt", ".hidden.ndjson", "c.ndjson.part",
                "b.ndjson.camelLock")) {
            Files.writeString(inbox.resolve(name), "{}");
        }
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), inbox, false, "(\\..*)|(.*\\.part)", 0);
        List<Object> names = runs.inboxFiles().stream().map(f -> f.get("name")).toList();
        assertEquals(List.of("2026112208.gz", "b.ndjson", "notes.txt"), names);
        assertEquals(3, runs.filesWaiting());
    }

    @Test
    void aMessageARouteEndedCountsAsSkippedByARouteSoTheLinesAddUp() throws Exception {
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 0);
        ImportRun run = runs.start("2026112210.ndjson");
        run.indexed(3, 0, 0, 2);
        run.imported("users", "m1", "900");
        run.skippedByRoute.incrementAndGet();
        run.skippedByRoute.incrementAndGet();
        assertEquals(3, run.done(), "the file is finished");
        assertEquals(2L, run.report().get("skippedByRoute"));
        assertTrue(run.summary().contains("2 skipped by a route"), run.summary());
        run.closeMap();
    }

    @Test
    void aFileContinuedInALaterRunKeepsTheMsgIdRowsOfTheEarlierOne() throws Exception {
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 0);
        ImportRun first = runs.start("2026112209.ndjson");
        first.indexed(2, 0, 0, 1);
        first.imported("users", "m1", "900");
        first.pause("line 2: 503 service_unavailable after 12 attempts");
        first.pause("line 3: a later reason");
        assertEquals("line 2: 503 service_unavailable after 12 attempts", first.pausedBy());
        first.closeMap();
        runs.finish(first);

        ImportRun second = runs.start("2026112209.ndjson");
        assertEquals(null, second.pausedBy());
        second.imported("users", "m2", "901");
        second.report(); // closes the map
        List<String> map = Files.readAllLines(dir.resolve("reports/2026112209.msgid-map.csv"));
        assertEquals(List.of("source_msg_id,target_msg_id", "m1,900", "m2,901"), map);
    }

    @Test
    void progressLineSaysLinesRateAndEta() {
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 0);
        ImportRun run = runs.start("big.ndjson");
        run.indexed(1000, 0, 0, 10);
        for (int i = 0; i < 250; i++) {
            run.imported("users", "m" + i, "t" + i);
        }
        String progress = run.progress();
        assertTrue(progress.startsWith("Importing big.ndjson: 250/1000 lines, 250 imported, 0 failed, "), progress);
        assertTrue(progress.contains("msg/s, ETA "), progress);
        assertEquals(750, runs.linesWaiting());
        assertEquals("big.ndjson", ((Map<?, ?>) runs.status().get("inProgress")).get("file"));
        assertFalse(progress.contains("attachments"), "no attachment seen: not mentioned");
        run.attachmentCopied(true, 2_500_000);
        run.attachmentCopied(false, 0);
        run.attachmentMissing("m9", "https://h/o/a/chatfiles/u?share-secret=S3CRET", "download 404 file_expired: gone");
        assertTrue(run.progress().endsWith(", attachments: 1 copied (2.5 MB), 1 copied before, 1 missing"),
                run.progress());
        Map<String, Object> report = run.report();
        assertEquals(1000, report.get("lines"), "attachments are no line outcomes");
        assertEquals(1L, report.get("attachmentsMissing"));
    }

    @Test
    void missingAttachmentsAreListedWithoutTheirQuery() throws Exception {
        ImportRuns runs = new ImportRuns(dir.resolve("reports"), dir.resolve("inbox"), false, "\\..*", 0);
        ImportRun run = runs.start("h.ndjson");
        run.attachmentMissing("m1", "https://h/o/a/chatfiles/u1", "upload 413 too big, really");
        run.attachmentMissing("m2", "https://h/o/a/chatfiles/u2?share-secret=S3CRET", "download 404 file_expired");
        run.report();
        assertEquals(List.of("msg_id,url,reason", "m1,https://h/o/a/chatfiles/u1,\"upload 413 too big, really\"",
                "m2,https://h/o/a/chatfiles/u2?…,download 404 file_expired"),
                Files.readAllLines(dir.resolve("reports/h.attachments-missing.csv")));
    }
}
