package io.chathistorybridge.attachments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.api.ApiErrorKind;
import io.chathistorybridge.store.AttachmentCopies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one source file into the target app, once: the store is asked first, and a file that another message is
 * copying right now is waited for, not copied again. A copy goes through a temp file under
 * {@code {data-dir}/tmp-attachments} (download to disk, upload from disk, delete), so no file is held in memory.
 * No answer, 408, 429 and 5xx are retried with exponential backoff and jitter up to the import's attempts; 401 once
 * more with a new token; when they persist the file must wait ({@link CopyResult.Kind#RETRY_LATER}). 404 and 413 (and
 * any other refusal) make it missing: not retried.
 */
public final class AttachmentCopier {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentCopier.class);

    private final ChatfileApi api;
    private final AttachmentCopies copies;
    private final Path tmpDir;
    private final int maxAttempts;
    private final long retryDelayMs;
    private final long maxRetryDelayMs;
    private final Map<String, CompletableFuture<CopyResult>> inFlight = new ConcurrentHashMap<>();
    private final AttachmentArchive archive;

    /** @param archive where each downloaded file is kept too (bridge.attachments.archive-dir), or null */
    public AttachmentCopier(ChatfileApi api, AttachmentCopies copies, Path tmpDir, int maxAttempts, long retryDelayMs,
                            long maxRetryDelayMs, AttachmentArchive archive) {
        this.api = api;
        this.archive = archive;
        this.copies = copies;
        this.tmpDir = tmpDir;
        this.maxAttempts = maxAttempts;
        this.retryDelayMs = retryDelayMs;
        this.maxRetryDelayMs = maxRetryDelayMs;
        try {
            Files.createDirectories(tmpDir);
            // what a killed bridge left: never read again
            try (DirectoryStream<Path> left = Files.newDirectoryStream(tmpDir, "*.part")) {
                for (Path p : left) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + tmpDir + " for attachments", e);
        }
    }

    /** @param msgId the message it is copied for (the archive's manifest names the first one) */
    public CopyResult copy(Attachment a, String msgId) throws InterruptedException {
        AttachmentCopies.Copy known = copies.find(a.uuid());
        if (known != null) {
            return CopyResult.reused(known);
        }
        CompletableFuture<CopyResult> mine = new CompletableFuture<>();
        CompletableFuture<CopyResult> running = inFlight.putIfAbsent(a.uuid(), mine);
        if (running != null) {
            CopyResult other = running.join(); // another message is copying it right now
            return other.kind() == CopyResult.Kind.COPIED ? CopyResult.reused(other.copy()) : other;
        }
        CopyResult result = CopyResult.retryLater(new ApiError(0, "attachment", "the copy of " + a.uuid()
                + " did not finish", 0, ApiErrorKind.TRANSIENT));
        try {
            known = copies.find(a.uuid()); // finished between the first look and this one
            result = known != null ? CopyResult.reused(known) : transfer(a, msgId);
            if (result.kind() == CopyResult.Kind.COPIED) {
                AttachmentCopies.Copy kept = copies.remember(a.uuid(), result.copy());
                result = CopyResult.copied(kept, result.bytes());
            }
            return result;
        } finally {
            inFlight.remove(a.uuid(), mine);
            mine.complete(result);
        }
    }

    private CopyResult transfer(Attachment a, String msgId) throws InterruptedException {
        Path tmp = tmpDir.resolve(UUID.randomUUID() + ".part");
        try {
            Tried down = attempts(() -> {
                Files.deleteIfExists(tmp); // a failed attempt's part is not appended to
                return api.download(a, tmp);
            });
            if (!down.answer().ok()) {
                return outcome("download", a, down);
            }
            if (archive != null) {
                archive.keep(a, tmp, msgId);
            }
            Tried up = attempts(() -> api.upload(a, tmp));
            if (!up.answer().ok()) {
                return outcome("upload", a, up);
            }
            return CopyResult.copied(up.answer().copy(), down.answer().bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy an attachment through " + tmpDir, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.warn("Cannot delete the attachment temp file {}: {}", tmp, e.getMessage());
            }
        }
    }

    private static CopyResult outcome(String call, Attachment a, Tried tried) {
        ChatfileAnswer answer = tried.answer();
        if (!answer.transientFailure()) {
            return CopyResult.missing(call + " " + answer.summary());
        }
        return CopyResult.retryLater(new ApiError(answer.status(), answer.error().isEmpty() ? "no_answer"
                : answer.error(), "attachment " + call + " of " + a.urlField() + " " + a.uuid()
                + (answer.description().isEmpty() ? "" : ": " + answer.description()), tried.attempts(),
                answer.status() == 429 ? ApiErrorKind.THROTTLED : ApiErrorKind.TRANSIENT));
    }

    record Tried(ChatfileAnswer answer, int attempts) {
    }

    interface Attempt {
        ChatfileAnswer call() throws IOException, InterruptedException;
    }

    /** One chatfiles call with the copies' retries: transient failures with backoff, 401 once with a new token. */
    Tried attempts(Attempt attempt) throws IOException, InterruptedException {
        ChatfileAnswer answer = null;
        boolean newToken = false;
        for (int n = 1; n <= maxAttempts; n++) {
            answer = attempt.call();
            if (answer.status() == 401 && !newToken) {
                newToken = true; // the token was dropped: once more with a new one
                continue;
            }
            if (!answer.transientFailure() || n == maxAttempts) {
                return new Tried(answer, n);
            }
            long delay = Math.min(maxRetryDelayMs, retryDelayMs << Math.min(20, n - 1));
            Thread.sleep(Math.max(1, (long) (delay * ThreadLocalRandom.current().nextDouble(0.75, 1.25))));
        }
        return new Tried(answer, maxAttempts);
    }
}
