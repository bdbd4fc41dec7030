package io.chathistorybridge.api;

/** What the bridge does about a failed API call. */
public enum ApiErrorKind {
    /** 401: drop the token, fetch a new one, retry once. */
    UNAUTHORIZED,
    /** 429: slow down, back off, retry. */
    THROTTLED,
    /** 5xx, 408, timeouts, dropped connections: back off and retry. */
    TRANSIENT,
    /** Other 4xx and anything unexpected: retrying will not help. */
    PERMANENT
}
