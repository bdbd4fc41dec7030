package io.chathistorybridge.attachments;

import java.util.concurrent.atomic.AtomicLong;

/** Totals since start, for the metrics: files copied, found copied before, missing; bytes copied; pauses. */
public final class AttachmentCounts {

    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();

    void count(CopyResult result) {
        switch (result.kind()) {
            case COPIED -> {
                copied.incrementAndGet();
                bytes.addAndGet(result.bytes());
            }
            case REUSED -> reused.incrementAndGet();
            case MISSING -> missing.incrementAndGet();
            case RETRY_LATER -> pauses.incrementAndGet();
            default -> throw new IllegalStateException(result.kind().name());
        }
    }

    public long copied() {
        return copied.get();
    }

    public long reused() {
        return reused.get();
    }

    public long missing() {
        return missing.get();
    }

    public long bytesCopied() {
        return bytes.get();
    }

    public long pauses() {
        return pauses.get();
    }
}
