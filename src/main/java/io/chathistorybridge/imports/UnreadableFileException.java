package io.chathistorybridge.imports;

/** A dropped file that cannot be read at all: it goes to failed/ with this reason beside it. */
public final class UnreadableFileException extends RuntimeException {
    public UnreadableFileException(String reason) {
        super(reason);
    }
}
