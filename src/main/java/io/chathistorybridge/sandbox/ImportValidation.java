package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The checks the import endpoints make on a request body before the chronological rule, each answering the error
 * the real API gives: required fields, the message type and its body fields, ext, flags and msg_timestamp.
 */
final class ImportValidation {
    private static final Pattern CUSTOM_EVENT = Pattern.compile("[a-zA-Z0-9\\-_/.]{1,32}");

    private ImportValidation() {
    }

    /** null when the body is a valid import (then {@code req} holds its fields), otherwise the error to answer. */
    static Resp validate(JsonNode n, ImportRequest req) throws IOException {
        JsonNode type = n.get("type");
        if (type == null || type.isNull() || type.isTextual() && type.asText().isEmpty()) {
            return Errors.illegalArgument("type not allow empty");
        }
        if (!type.isTextual()) {
            return Errors.invalidRequestBody();
        }
        JsonNode body = n.get("body");
        if (body == null || body.isNull() || body.isObject() && body.isEmpty()
                || body.isTextual() && body.asText().isEmpty()) {
            return Errors.illegalArgument("message body not allow empty");
        }
        if (!body.isObject()) {
            return Errors.invalidRequestBody();
        }
        for (String field : new String[] {"from", "target"}) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull() || v.isTextual() && v.asText().isBlank()) {
                return Errors.illegalArgument(field + " not allow empty");
            }
            if (!v.isTextual()) {
                return Errors.invalidRequestBody();
            }
        }
        req.type = type.asText();
        req.from = n.get("from").asText();
        req.target = n.get("target").asText();
        if (!SandboxApp.MESSAGE_TYPES.contains(req.type)) {
            return Errors.illegalArgument("type " + req.type
                    + " is not supported, it must be one of txt, img, audio, video, file, loc, cmd, custom");
        }
        Resp bodyProblem = validateBody(req.type, body);
        if (bodyProblem != null) {
            return bodyProblem;
        }
        JsonNode ext = n.get("ext");
        if (ext != null && !ext.isNull()) {
            if (!ext.isObject()) {
                return Errors.invalidRequestBody();
            }
            req.extJson = Json.MAPPER.writeValueAsString(ext);
        }
        for (String flag : new String[] {"need_download", "is_ack_read"}) {
            JsonNode v = n.get(flag);
            if (v != null && !v.isNull() && !v.isBoolean()
                    && !(v.isTextual() && (v.asText().equals("true") || v.asText().equals("false")))) {
                return Errors.invalidRequestBody();
            }
        }
        JsonNode nd = n.get("need_download");
        req.needDownload = nd != null && (nd.isBoolean() ? nd.booleanValue() : "true".equals(nd.asText()));
        JsonNode ts = n.get("msg_timestamp");
        if (ts != null && !ts.isNull()) {
            Long v = Json.longValue(ts);
            if (v == null) {
                return Errors.invalidRequestBody();
            }
            if (v < 1000) {
                return Errors.illegalArgument("msg_timestamp " + v + " is invalid, it must not be less than 1000");
            }
            long now = System.currentTimeMillis();
            if (v > now + 60_000) {
                return Errors.illegalArgument("msg_timestamp " + v + " is invalid, it must be earlier than now (" + now + ")");
            }
            req.msgTimestamp = v;
        }
        req.bodyJson = Json.MAPPER.writeValueAsString(body);
        return null;
    }

    private static Resp validateBody(String type, JsonNode body) {
        String[] required = switch (type) {
            case "txt" -> new String[] {"msg"};
            case "img", "audio", "video", "file" -> new String[] {"url"};
            case "loc" -> new String[] {"lat", "lng", "addr"};
            case "cmd" -> new String[] {"action"};
            case "custom" -> new String[] {"customEvent"};
            default -> new String[0];
        };
        for (String f : required) {
            JsonNode v = body.get(f);
            if (v == null || v.isNull() || v.isTextual() && v.asText().isEmpty()) {
                return Errors.illegalArgument("body." + f + " not allow empty for type " + type);
            }
            if (v.isContainerNode()) {
                return Errors.illegalArgument("body." + f + " must be a plain value for type " + type);
            }
        }
        if (type.equals("loc")) {
            for (String f : new String[] {"lat", "lng"}) {
                JsonNode v = body.get(f);
                boolean ok = v.isNumber();
                if (!ok && v.isTextual()) {
                    try {
                        Double.parseDouble(v.asText().trim());
                        ok = true;
                    } catch (NumberFormatException ignored) {
                        ok = false;
                    }
                }
                if (!ok) {
                    return Errors.illegalArgument("body." + f + " must be a number for type loc: " + v);
                }
            }
        }
        if (type.equals("custom")) {
            String ev = body.get("customEvent").asText();
            if (!CUSTOM_EVENT.matcher(ev).matches()) {
                return Errors.illegalArgument("body.customEvent " + ev + " is invalid, it must match [a-zA-Z0-9-_/\\.]{1,32}");
            }
            JsonNode exts = body.get("customExts");
            if (exts != null && !exts.isNull()) {
                if (!exts.isObject()) {
                    return Errors.illegalArgument("body.customExts must be a map (JSON object) of string to string");
                }
                if (exts.size() > 16) {
                    return Errors.illegalArgument("body.customExts must not have more than 16 entries");
                }
            }
        }
        return null;
    }
}
