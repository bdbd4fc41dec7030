package io.chathistorybridge.attachments;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chathistorybridge.api.ApiError;
import io.chathistorybridge.imports.ImportMessage;
import io.chathistorybridge.imports.ImportRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Per message, before it is posted (bridge.import.attachments=copy): takes the copies of the files its body points
 * at (started ahead by {@link CopyAhead}) and rewrites their url and secret fields (nothing else). Tells the route what came of it in the
 * exchange property {@value #PROPERTY}, an {@link Outcome}. A file that is gone or too big leaves its url as it was,
 * counted in the run and listed in {@code reports/{file}.attachments-missing.csv}; a file whose calls kept failing
 * (no answer, 429, 5xx) makes the message wait: {@link Outcome#PAUSED}, with the {@code apiError} the pause names.
 */
public final class AttachmentCopy implements Processor {

    /** Exchange property: the {@link Outcome} of the message's attachments. */
    public static final String PROPERTY = "attachmentCopy";

    /** What the route goes on with. */
    public enum Outcome {
        /** Nothing to copy (no source file, or not in copy mode): the body is as it was. */
        NONE,
        /** Every source file points at its copy now; a missing one kept its url. */
        COPIED,
        /** A file could not be copied for now: the message is not posted, the file pauses. */
        PAUSED
    }

    private final AttachmentMode mode;
    private final CopyAhead copies;
    private final AttachmentLifetime lifetime;
    private final ObjectMapper json;
    private final AttachmentCounts counts;

    public AttachmentCopy(AttachmentMode mode, CopyAhead copies, AttachmentLifetime lifetime, ObjectMapper json,
                          AttachmentCounts counts) {
        this.mode = mode;
        this.copies = copies;
        this.lifetime = lifetime;
        this.json = json;
        this.counts = counts;
    }

    static boolean mayHaveFiles(String type, String body) {
        if (type == null || body == null) {
            return false;
        }
        return switch (type) {
            case "img", "audio", "video", "file" -> true;
            case "txt" -> body.contains("sub_combine");
            default -> false;
        };
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.setProperty(PROPERTY, Outcome.NONE);
        if (mode != AttachmentMode.COPY) {
            return;
        }
        String body = exchange.getIn().getBody(String.class);
        if (!mayHaveFiles(ImportMessage.of(exchange).type(), body)) {
            return; // most messages are text: not parsed again
        }
        ObjectNode request = (ObjectNode) json.readTree(body);
        List<Attachment> found = copies.finder().find(request);
        if (found.isEmpty()) {
            return;
        }
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        String msgId = ImportMessage.of(exchange).key();
        for (Attachment a : found) {
            CopyResult result = copies.copy(a, msgId, run); // started ahead, most of the time
            counts.count(result);
            switch (result.kind()) {
                case COPIED, REUSED -> {
                    AttachmentFinder.rewrite(request, a, result.copy());
                    run.attachmentCopied(result.kind() == CopyResult.Kind.COPIED, result.bytes());
                    if (result.kind() == CopyResult.Kind.COPIED) {
                        lifetime.add(request.path("from").asText(""), result.copy().url());
                    }
                }
                case MISSING -> run.attachmentMissing(msgId, a.url(), result.reason());
                case RETRY_LATER -> {
                    exchange.setProperty(ApiError.PROPERTY, result.error());
                    exchange.setProperty(PROPERTY, Outcome.PAUSED);
                    return; // posted at the file's next try, with all its files
                }
                default -> throw new IllegalStateException(result.kind().name());
            }
        }
        exchange.getIn().setBody(request.toString());
        exchange.setProperty(PROPERTY, Outcome.COPIED);
    }
}
