package io.chathistorybridge.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;

/** Reads a request body up to a size limit, refusing early when Content-Length already says it is too long. */
final class RequestBody {
    private RequestBody() {
    }

    /** The body, or null when it is longer than {@code limit} bytes. */
    static byte[] read(HttpExchange ex, int limit) throws IOException {
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        if (cl != null) {
            try {
                if (Long.parseLong(cl.trim()) > limit) {
                    return null;
                }
            } catch (NumberFormatException ignored) {
                // let the read decide
            }
        }
        byte[] b = ex.getRequestBody().readNBytes(limit + 1);
        return b.length > limit ? null : b;
    }
}
