package io.chathistorybridge.token;

/** A token could not be obtained. The message names the app and the answer, never the secret. */
public final class TokenException extends RuntimeException {
    private final int status;

    public TokenException(String message) {
        this(message, 0);
    }

    public TokenException(String message, int status) {
        super(message);
        this.status = status;
    }

    public TokenException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** HTTP status of the token answer, 0 when there was none. */
    public int status() {
        return status;
    }
}
