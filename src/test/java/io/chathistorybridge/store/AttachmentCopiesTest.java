package io.chathistorybridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The copies of source files (schema version 2) on the embedded store and on PostgreSQL. */
class AttachmentCopiesTest {

    @TempDir
    Path dir;

    static List<StoreBackend> backends() {
        return StoreBackend.both();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aCopyIsFoundAgainAfterARestartAndTheFirstOneWins(StoreBackend backend) throws Exception {
        StoreBackend.require(backend);
        String target = StoreBackend.freshApp();
        DataSource ds = backend.open(dir);
        try {
            AttachmentCopies copies = new AttachmentCopies(ds, target, "src#app");
            assertNull(copies.find("u1"));
            AttachmentCopies.Copy first = new AttachmentCopies.Copy("https://t/o/a/chatfiles/n1", "sec-1");
            assertEquals(first, copies.remember("u1", first));
            // another bridge on the shared store copied it too: every message points at the first copy
            assertEquals(first, copies.remember("u1", new AttachmentCopies.Copy("https://t/o/a/chatfiles/n2", null)));
            copies.remember("u2", new AttachmentCopies.Copy("https://t/o/a/chatfiles/n3", null));
            assertNull(copies.find("u2").secret(), "an unrestricted copy has no secret");
            assertNull(new AttachmentCopies(ds, StoreBackend.freshApp(), "src#app").find("u1"),
                    "another target app has its own copies");
            assertNull(new AttachmentCopies(ds, target, "src#other").find("u1"), "and another source app");
        } finally {
            StoreBackend.close(ds);
        }
        DataSource again = backend.open(dir);
        try {
            assertEquals("sec-1", new AttachmentCopies(again, target, "src#app").find("u1").secret());
        } finally {
            StoreBackend.close(again);
        }
    }
}
