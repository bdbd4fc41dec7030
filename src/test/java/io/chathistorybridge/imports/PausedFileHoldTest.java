package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PausedFileHoldTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void holdsTheInboxAfterAPauseTwiceAsLongEachTimeAtMostAMinute() {
        PausedFileHold hold = new PausedFileHold();
        long t = 1_000 * S;
        assertFalse(hold.holding(t), "nothing paused yet");
        assertEquals(1_000, hold.paused(t));
        assertTrue(hold.holding(t + S / 2));
        assertFalse(hold.holding(t + S), "due after 1 s");
        assertEquals(2_000, hold.paused(t + S));
        assertTrue(hold.holding(t + 2 * S));
        assertFalse(hold.holding(t + 3 * S));
        long last = 0;
        for (int i = 0; i < 10; i++) {
            last = hold.paused(t);
        }
        assertEquals(60_000, last, "at most a minute");
        assertTrue(hold.holding(t + 59 * S));
    }

    @Test
    void aFinishedFileEndsTheHoldAndTheNextPauseStartsAtOneSecond() {
        PausedFileHold hold = new PausedFileHold();
        long t = 5 * S;
        hold.paused(t);
        hold.paused(t);
        hold.finished();
        assertFalse(hold.holding(t));
        assertEquals(1_000, hold.paused(t));
    }
}
