package io.chathistorybridge.attachments;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chathistorybridge.store.AttachmentCopies;

/**
 * Finds the source files of a mapped import request and points them at their copies.
 * <ul>
 *   <li>{@code img}, {@code audio}, {@code video}, {@code file}: {@code url} (+ {@code secret}); a video's
 *       {@code thumb} (+ {@code thumb_secret}) too;</li>
 *   <li>a combined message ({@code txt} with {@code subType: "sub_combine"}): {@code url} (+ {@code secret}).</li>
 * </ul>
 * A url counts only when its path is {@code /{source org}/{source app}/chatfiles/{uuid}}, on any host; any other url
 * (an external CDN, another app) is left as it is.
 */
public final class AttachmentFinder {

    private static final Pattern CHATFILE = Pattern.compile("(?i)^https?://[^/?#]+/([^/?#]+)/([^/?#]+)/chatfiles/([^/?#]+)(\\?[^#]*)?$");

    private final String sourceOrg;
    private final String sourceApp;

    public AttachmentFinder(String sourceOrg, String sourceApp) {
        this.sourceOrg = sourceOrg == null ? "" : sourceOrg.trim();
        this.sourceApp = sourceApp == null ? "" : sourceApp.trim();
    }

    /** The source files the request's body points at, in body order (url before thumb). */
    public List<Attachment> find(ObjectNode request) {
        return find(text(request, "type"), request.get("body"));
    }

    /**
     * The source files a line of a dropped file points at, before it is mapped: a history record's
     * {@code payload.bodies[0]} (its type inside), or an import-shape line's {@code type} and {@code body}.
     */
    public List<Attachment> findInRecord(JsonNode record) {
        JsonNode bodies = record.path("payload").path("bodies");
        if (bodies.isArray()) {
            JsonNode body = bodies.size() == 1 ? bodies.get(0) : null;
            return body == null ? new ArrayList<>()
                    : find(text(body, "type").isEmpty() ? "txt" : text(body, "type"), body);
        }
        return find(text(record, "type"), record.get("body"));
    }

    private List<Attachment> find(String type, JsonNode body) {
        List<Attachment> found = new ArrayList<>();
        if (body == null || !body.isObject() || sourceOrg.isEmpty() || sourceApp.isEmpty()) {
            return found;
        }
        boolean media = switch (type) {
            case "img", "audio", "video", "file" -> true;
            case "txt" -> "sub_combine".equals(text(body, "subType"));
            default -> false;
        };
        if (!media) {
            return found;
        }
        String filename = text(body, "filename");
        add(found, body, "url", "secret", filename);
        if (type.equals("video")) {
            add(found, body, "thumb", "thumb_secret", "");
        }
        return found;
    }

    private void add(List<Attachment> found, JsonNode body, String urlField, String secretField, String filename) {
        String url = text(body, urlField);
        Matcher m = CHATFILE.matcher(url);
        if (!m.matches() || !decode(m.group(1)).equalsIgnoreCase(sourceOrg)
                || !decode(m.group(2)).equalsIgnoreCase(sourceApp)) {
            return;
        }
        String uuid = decode(m.group(3));
        long declared = urlField.equals("url") && body.path("file_length").canConvertToLong()
                ? Math.max(0, body.path("file_length").asLong(0)) : 0;
        found.add(new Attachment(urlField, secretField, url, uuid, m.group(4) == null ? "" : m.group(4),
                text(body, secretField), filename.isEmpty() ? uuid : filename, declared));
    }

    /**
     * Points one field at its copy: {@code url = copy url (+ the source url's query)}; the secret field gets the
     * copy's share-secret when it is restricted, and is left as it was otherwise. Every other field is unchanged.
     */
    public static void rewrite(ObjectNode request, Attachment a, AttachmentCopies.Copy copy) {
        ObjectNode body = (ObjectNode) request.get("body");
        body.put(a.urlField(), copy.url() + a.query());
        if (copy.secret() != null) {
            body.put(a.secretField(), copy.secret());
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText("");
    }
}
