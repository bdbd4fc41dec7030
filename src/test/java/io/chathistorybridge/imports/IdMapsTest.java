package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdMapsTest {

    @TempDir
    Path dir;

    @Test
    void mapsListedIdsAndKeepsTheOthers() throws Exception {
        Path users = Files.writeString(dir.resolve("users.csv"), "# source,target\n alice , alice2 \n\nbob,bob9\n");
        IdMaps maps = IdMaps.load(users.toString(), "");
        assertEquals("alice2", maps.user("alice"));
        assertEquals("bob9", maps.user("bob"));
        assertEquals("carol", maps.user("carol"));
        assertEquals("g1", maps.group("g1"));
    }

    @Test
    void aLineThatIsNotAPairIsRefusedNotSkipped() throws Exception {
        Path users = Files.writeString(dir.resolve("users.csv"), "alice,alice2\nbob\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IdMaps.load(users.toString(), ""));
        assertTrue(e.getMessage().startsWith("line 2 of "), e.getMessage());
    }
}
