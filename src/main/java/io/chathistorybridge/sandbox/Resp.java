package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A complete (non-streamed) HTTP answer, or the {@link #DROP} marker for "close the socket, answer nothing". */
final class Resp {
    static final Resp DROP = new Resp(-1, null, new byte[0]);

    final int status;
    final String contentType;
    final byte[] body;

    private Resp(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    boolean isDrop() {
        return this == DROP;
    }

    static Resp json(int status, ObjectNode node) {
        try {
            return new Resp(status, "application/json", Json.MAPPER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Easemob error shape: {"error","exception","timestamp","duration","error_description"}. */
    static Resp error(int status, String error, String exception, String description) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", error);
        n.put("exception", exception);
        n.put("timestamp", System.currentTimeMillis());
        n.put("duration", 0);
        n.put("error_description", description);
        return json(status, n);
    }

    static Resp xml(int status, String xml) {
        return new Resp(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    void send(HttpExchange ex) throws IOException {
        if (isDrop()) {
            throw new IllegalStateException("DROP cannot be sent");
        }
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
