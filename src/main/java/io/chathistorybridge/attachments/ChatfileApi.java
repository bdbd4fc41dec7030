package io.chathistorybridge.attachments;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chathistorybridge.api.Redact;
import io.chathistorybridge.pace.Pacer;
import io.chathistorybridge.store.AttachmentCopies;
import io.chathistorybridge.token.AppToken;

/**
 * The two chatfiles calls, one attempt each, paced per app and streamed through a file: a download
 * ({@code GET {source}/chatfiles/{uuid}}, source token, {@code Accept: application/octet-stream},
 * {@code share-secret} for a restricted file) straight to disk, and an upload ({@code POST {target}/chatfiles},
 * multipart with one part {@code file} read from disk, {@code restrict-access: true} only for a restricted file;
 * never {@code false}, which old servers read as true). A 401 drops the token; the caller retries.
 */
public final class ChatfileApi {

    private final HttpClient http;
    private final ObjectMapper json;
    private final String sourceFiles;
    private final String targetFiles;
    private final AppToken sourceToken;
    private final AppToken targetToken;
    private final Pacer downloads;
    private final Pacer uploads;
    private final Duration timeout;

    /** @param sourceFiles {base-url}/{org}/{app}/chatfiles of the source app; targetFiles the same of the target */
    public ChatfileApi(HttpClient http, ObjectMapper json, String sourceFiles, String targetFiles,
                       AppToken sourceToken, AppToken targetToken, Pacer downloads, Pacer uploads, Duration timeout) {
        this.http = http;
        this.json = json;
        this.sourceFiles = sourceFiles;
        this.targetFiles = targetFiles;
        this.sourceToken = sourceToken;
        this.targetToken = targetToken;
        this.downloads = downloads;
        this.uploads = uploads;
        this.timeout = timeout;
    }

    /** Downloads the file to {@code to} (written only on a 200). */
    public ChatfileAnswer download(Attachment a, Path to) throws InterruptedException {
        String token = sourceToken.token();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sourceFiles + "/"
                        + URLEncoder.encode(a.uuid(), StandardCharsets.UTF_8).replace("+", "%20")))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/octet-stream")
                .GET();
        if (a.restricted()) {
            request.header("share-secret", a.secret());
        }
        HttpResponse.BodyHandler<String> toFile = info -> info.statusCode() == 200
                ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofFile(to), p -> "")
                : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        ChatfileAnswer answer = call(downloads, sourceToken, token, request.build(), toFile, body -> {
            try {
                return ChatfileAnswer.ok(null, Files.size(to));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the downloaded file's size", e);
            }
        });
        return answer;
    }

    /** Uploads the file read from {@code from}; the answer carries the copy. */
    public ChatfileAnswer upload(Attachment a, Path from) throws InterruptedException, IOException {
        String token = targetToken.token();
        String boundary = "bridge-" + UUID.randomUUID();
        String name = a.filename().replaceAll("[\"\\\\\\r\\n]", "_");
        long size = Files.size(from);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(targetFiles))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data;"
                                + " name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: application/octet-stream"
                                + "\r\n\r\n", StandardCharsets.UTF_8),
                        HttpRequest.BodyPublishers.ofFile(from),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")));
        if (a.restricted()) {
            request.header("restrict-access", "true");
        }
        return call(uploads, targetToken, token, request.build(), HttpResponse.BodyHandlers.ofString(),
                body -> copyOf(body, a.restricted(), size));
    }

    /**
     * Sets the retention of files in the target app ({@code PUT {target}/users/{username}/chatfiles/lifetime}, at
     * most 100 uuids, the app token; attachments.md §3). The answer's {@code bytes} is the number of files the API
     * answered {@code success} for.
     */
    public ChatfileAnswer lifetime(String username, List<String> uuids, String lifetime) throws InterruptedException {
        String token = targetToken.token();
        ObjectNode body = json.createObjectNode().put("lifetime", lifetime);
        uuids.forEach(body.putArray("chatfile_ids")::add);
        String target = targetFiles.substring(0, targetFiles.length() - "/chatfiles".length());
        HttpRequest request = HttpRequest.newBuilder(URI.create(target + "/users/"
                        + URLEncoder.encode(username, StandardCharsets.UTF_8).replace("+", "%20") + "/chatfiles/lifetime"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        // its documented limit is 100 calls/s like the uploads'; one call carries up to 100 files' uploads
        return call(uploads, targetToken, token, request, HttpResponse.BodyHandlers.ofString(), answer -> {
            try {
                long set = 0;
                for (JsonNode v : json.readTree(answer).path("data")) {
                    set += "success".equals(v.asText()) ? 1 : 0;
                }
                return ChatfileAnswer.ok(null, set);
            } catch (IOException e) {
                return new ChatfileAnswer(200, "unexpected_answer", "the lifetime answer is not JSON", null, 0);
            }
        });
    }

    private interface OnSuccess {
        ChatfileAnswer answer(String body);
    }

    private ChatfileAnswer call(Pacer pacer, AppToken appToken, String token, HttpRequest request,
                                HttpResponse.BodyHandler<String> handler, OnSuccess onSuccess)
            throws InterruptedException {
        Pacer.Call call = pacer.begin();
        HttpResponse<String> response;
        try {
            response = http.send(request, handler);
            call.answered();
        } catch (IOException e) {
            call.failed();
            return ChatfileAnswer.noAnswer(e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return onSuccess.answer(response.body());
        }
        if (status == 401) {
            appToken.invalidate(token);
        } else if (status == 429) {
            pacer.throttled();
        }
        return failure(status, response.body());
    }

    private ChatfileAnswer copyOf(String body, boolean restricted, long size) {
        try {
            JsonNode answer = json.readTree(body);
            JsonNode entity = answer.path("entities").path(0);
            String uuid = entity.path("uuid").asText("");
            String uri = answer.path("uri").asText("");
            String secret = entity.path("share-secret").asText("");
            // an answer without a chatfile entity did not reach /chatfiles (emchat-server-examples#89)
            if (!"chatfile".equals(entity.path("type").asText("")) || uuid.isEmpty() || uri.isEmpty()
                    || restricted && secret.isEmpty()) {
                return new ChatfileAnswer(200, "unexpected_answer", "the upload's answer has no chatfile entity"
                        + (restricted ? " with a share-secret" : ""), null, 0);
            }
            return ChatfileAnswer.ok(new AttachmentCopies.Copy(stripSlash(uri) + "/" + uuid,
                    restricted ? secret : null), size);
        } catch (IOException e) {
            return new ChatfileAnswer(200, "unexpected_answer", "the upload's answer is not JSON", null, 0);
        }
    }

    private ChatfileAnswer failure(int status, String body) {
        String error = "";
        String description = "";
        try {
            JsonNode n = json.readTree(body == null ? "" : body);
            if (n != null) {
                error = n.path("error").asText("");
                description = Redact.urls(n.path("error_description").asText(""));
            }
        } catch (IOException notJson) {
            // a gateway's page: the status says enough
        }
        return new ChatfileAnswer(status, error, description, null, 0);
    }

    static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
