package io.chathistorybridge.imports;

/**
 * Thrown by the import route for a file left unfinished on purpose (paused or stopped): a failed exchange makes the
 * file consumer leave the file in the inbox. No stack trace: {@link ImportFinish} has logged the reason.
 */
public final class FileLeftInInboxException extends RuntimeException {

    public FileLeftInInboxException(String message) {
        super(message, null, false, false);
    }
}
