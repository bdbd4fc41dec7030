package io.chathistorybridge.imports;

import io.chathistorybridge.api.ApiError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chathistorybridge.ops.BridgeMetrics;
import java.nio.file.Path;

import org.apache.camel.Exchange;

/** Counts what became of each message in its file's run (and the bridge's metrics). */
public final class MessageOutcomes {

    /** The field added to a record in unsupported/: why it was not imported. */
    public static final String UNSUPPORTED = "bridge_unsupported";

    /** Exchange property set once a message's outcome is counted: a message a route ended without one was skipped. */
    public static final String COUNTED = "importCounted";

    private final ObjectMapper json;
    private final BridgeMetrics metrics;
    private final Path dataDir;

    public MessageOutcomes(ObjectMapper json, BridgeMetrics metrics, Path dataDir) {
        this.json = json;
        this.metrics = metrics;
        this.dataDir = dataDir;
    }

    /** The API accepted it: its new msg_id goes to the file's msg_id map. */
    public void imported(Exchange exchange) throws Exception {
        String targetId = exchange.getProperty(ImportAnswer.NEW_MSG_ID, "", String.class);
        ImportMessage message = ImportMessage.of(exchange);
        run(exchange).imported(ImportMessage.endpointOf(exchange), message.key(), targetId);
        metrics.imported(ImportMessage.endpointOf(exchange), message.type());
    }

    /**
     * An attempt got no answer, and its retry was refused because the conversation already had this message's
     * time: the first attempt was imported. Its new msg_id is unknown.
     */
    public void importedWithoutAnswer(Exchange exchange) {
        ImportMessage message = ImportMessage.of(exchange);
        run(exchange).importedWithoutAnswer(ImportMessage.endpointOf(exchange), message.key());
        metrics.imported(ImportMessage.endpointOf(exchange), message.type());
    }

    /** Imported before (an earlier run, a re-dropped file, or a repeated record). */
    public void duplicate(Exchange exchange) {
        run(exchange).duplicates.incrementAndGet();
    }

    /**
     * Not a message the import API takes (chat room, recall, edit, notify, no body): kept in
     * unsupported/{file}.ndjson, its text as it was with a {@code bridge_unsupported} field (reason, file, line)
     * added at the end.
     */
    public void unsupported(Exchange exchange) {
        ImportRun run = run(exchange);
        ImportMessage message = ImportMessage.of(exchange);
        String original = message.original().stripTrailing();
        ObjectNode note = json.createObjectNode();
        note.put("reason", message.reason());
        note.put("file", run.file());
        note.put("line", message.line());
        String entry = withNote(original, note);
        run.append(dataDir.resolve("unsupported").resolve(run.base() + ".ndjson"), entry);
        run.unsupported.incrementAndGet();
    }

    /** The record's own text is not re-serialised: the note goes before its closing brace, nothing else changes. */
    private static String withNote(String record, ObjectNode note) {
        int close = record.lastIndexOf('}');
        if (close < 0) {
            return record; // only objects are mapped: not reached, kept as it is all the same
        }
        String head = record.substring(0, close);
        String comma = head.stripTrailing().endsWith("{") ? "" : ",";
        return head + comma + "\"" + UNSUPPORTED + "\":" + note + record.substring(close);
    }

    /**
     * The API kept failing for this message (5xx, 429, no answer) after every attempt: the file pauses. Its other
     * messages are not started, and the file stays in the inbox and is tried again at the next poll.
     */
    public void paused(Exchange exchange) {
        ApiError error = exchange.getProperty(ApiError.PROPERTY, ApiError.class);
        run(exchange).pause("the API kept failing (line " + ImportMessage.of(exchange).line() + ": "
                + (error == null ? "the API failed" : error.summary()) + ")");
    }

    /** A failed or invalid message: its dead-letter entry (the body) goes to failed/{file}.ndjson. */
    public void deadLetter(Exchange exchange) {
        ImportRun run = run(exchange);
        run.append(dataDir.resolve("failed").resolve(run.base() + ".ndjson"), exchange.getIn().getBody(String.class));
    }

    /** Dry run: the line maps to a valid request; nothing is posted. */
    public void validated(Exchange exchange) {
        run(exchange).validated.incrementAndGet();
    }

    private static ImportRun run(Exchange exchange) {
        exchange.setProperty(COUNTED, true);
        return exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
    }
}
