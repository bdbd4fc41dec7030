package io.chathistorybridge.attachments;

import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.store.AttachmentCopies;

/**
 * What became of one source file.
 *
 * @param kind   copied now, copied before (the store had it), missing (gone, too big, refused), or retry later
 * @param copy   the copy in the target app when copied
 * @param reason why it is missing or must wait (no url, no secret)
 * @param bytes  bytes copied now
 * @param error  the failure that persisted, when it must wait (the pause names it)
 */
public record CopyResult(Kind kind, AttachmentCopies.Copy copy, String reason, long bytes, ApiError error) {

    public enum Kind { COPIED, REUSED, MISSING, RETRY_LATER }

    static CopyResult copied(AttachmentCopies.Copy copy, long bytes) {
        return new CopyResult(Kind.COPIED, copy, null, bytes, null);
    }

    static CopyResult reused(AttachmentCopies.Copy copy) {
        return new CopyResult(Kind.REUSED, copy, null, 0, null);
    }

    static CopyResult missing(String reason) {
        return new CopyResult(Kind.MISSING, null, reason, 0, null);
    }

    static CopyResult retryLater(ApiError error) {
        return new CopyResult(Kind.RETRY_LATER, null, error.summary(), 0, error);
    }
}
