package io.chathistorybridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

    @Test
    void keysQueuedWhileAWriteRunsGoTogetherInTheNextAndEachLearnsItsOutcome() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit commits = new GroupCommit(batch -> {
            batches.add(batch.stream().map(GroupCommit.Pending::key).toList());
            if (batches.size() == 1) {
                writing.countDown();
                await(release);
            }
            batch.forEach(p -> p.added(!p.key().startsWith("old")));
        });
        CompletableFuture<CompletableFuture<Boolean>> first = CompletableFuture.supplyAsync(() -> commits.add("k0"));
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        // the writer is busy: these callers leave their keys to it and return at once
        List<CompletableFuture<Boolean>> queued = new ArrayList<>();
        for (String key : List.of("k1", "old2", "k3")) {
            queued.add(commits.add(key));
        }
        queued.forEach(f -> assertFalse(f.isDone(), "not written yet"));
        release.countDown();
        assertTrue(first.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));
        assertTrue(queued.get(0).get(5, TimeUnit.SECONDS));
        assertFalse(queued.get(1).get(5, TimeUnit.SECONDS), "the writer said old2 was there");
        assertTrue(queued.get(2).get(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of("k0"), List.of("k1", "old2", "k3")), batches, "one write for the three queued");
    }

    @Test
    void aFailedWriteFailsEachOfItsKeysAndTheNextWriteGoesOn() throws Exception {
        SQLException away = new SQLException("database away");
        GroupCommit commits = new GroupCommit(batch -> {
            batches.add(batch.stream().map(GroupCommit.Pending::key).toList());
            batch.forEach(p -> {
                if (batches.size() == 1) {
                    p.fail(away);
                } else {
                    p.added(true);
                }
            });
        });
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> commits.add("k1").get(5, TimeUnit.SECONDS));
        assertSame(away, failed.getCause());
        assertTrue(commits.add("k1").get(5, TimeUnit.SECONDS), "tried again: written");
    }

    @Test
    void aKeyAddedWhileATaskHoldsTheLockIsWrittenAfterIt() throws Exception {
        GroupCommit commits = new GroupCommit(batch -> {
            batches.add(batch.stream().map(GroupCommit.Pending::key).toList());
            batch.forEach(p -> p.added(true));
        });
        List<CompletableFuture<Boolean>> added = new ArrayList<>();
        commits.underLock(() -> {
            // another thread adds meanwhile: it finds the lock taken and leaves its key to the holder
            CompletableFuture.runAsync(() -> added.add(commits.add("k1"))).join();
            assertEquals(List.of(), batches, "nothing is written while the task runs");
        });
        assertTrue(added.get(0).get(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of("k1")), batches);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
