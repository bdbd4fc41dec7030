package io.chathistorybridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyJournalTest {

    @TempDir
    Path dir;

    @Test
    void whatARunAppendedIsReadBackByTheNextInOrderWithoutALineACrashCut() throws Exception {
        KeyJournal journal = new KeyJournal(dir, "org#target", 100);
        assertEquals(List.of(), journal.open());
        List<String> keys = List.of("m1", "line\nbreak", "back\\slash", "cr\rhere");
        journal.append(keys.subList(0, 2));
        journal.append(keys.subList(2, 4));
        journal.closeCurrent();
        journal.append(List.of("m5"));
        // a kill -9 in the middle of the next append
        Path current = dir.resolve("org%23target.2.keys");
        Files.writeString(current, "cut-o", StandardOpenOption.APPEND);

        List<KeyJournal.Segment> left = new KeyJournal(dir, "org#target", 100).open();
        assertEquals(2, left.size());
        assertEquals(keys, left.get(0).keys(), "escaped characters come back as they were");
        assertEquals(List.of("m5"), left.get(1).keys(), "a last line without its newline was never committed");
        assertEquals(List.of(), new KeyJournal(dir, "org#other", 100).open(), "another target app has its own files");
    }

    @Test
    void aFullSegmentIsClosedAndHandedBackOnceAndAnEmptyOneLeavesNoFile() throws Exception {
        KeyJournal journal = new KeyJournal(dir, "org#target", 3);
        journal.open();
        journal.append(List.of("k1", "k2"));
        assertEquals(List.of(), journal.takeClosed());
        journal.append(List.of("k3", "k4"));
        List<KeyJournal.Segment> closed = journal.takeClosed();
        assertEquals(1, closed.size());
        assertEquals(List.of("k1", "k2", "k3", "k4"), closed.get(0).keys());
        assertEquals(List.of(), journal.takeClosed(), "handed back once");
        KeyJournal.delete(closed.get(0));
        assertFalse(Files.exists(closed.get(0).file()));

        journal.append(List.of("k5"));
        journal.closeCurrent();
        assertEquals(1, journal.takeClosed().size());
        journal.append(List.of());
        journal.closeCurrent();
        assertTrue(journal.takeClosed().isEmpty());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the k5 segment only: the empty one was deleted");
        }
    }
}
