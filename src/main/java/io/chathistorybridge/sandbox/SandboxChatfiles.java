package io.chathistorybridge.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * One app's file storage (attachments.md §1-2): {@code POST /{org}/{app}/chatfiles} (multipart, part {@code file},
 * {@code restrict-access} by its presence) and {@code GET /{org}/{app}/chatfiles/{uuid}} (token,
 * {@code Accept: application/octet-stream}, {@code share-secret} for a restricted file). Files are streamed to and
 * from disk. Answers: 401 without a valid token, 403 for a restricted file without its share-secret, 404
 * {@code entity_not_found} / {@code file_expired}, 413 over {@link #MAX_BYTES}, 429 over the rate (100/s per
 * direction), and the sandbox's faults (drop, 503, 429, latency) as for imports.
 */
public final class SandboxChatfiles {

    /** The documented default limit of one file. */
    public static final long MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_RATE_PER_SECOND = 100;
    private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored file; {@code secret} is null when it was uploaded without restrict-access. */
    public record StoredFile(String uuid, Path path, String secret, String filename, long bytes) {
        public byte[] read() {
            try {
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final EasemobSandbox sandbox;
    private final SandboxApp app;
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final Set<String> expired = ConcurrentHashMap.newKeySet();
    private final ArrivalLog uploadArrivals = new ArrivalLog();
    private final ArrivalLog downloadArrivals = new ArrivalLog();
    private final AtomicInteger uploads = new AtomicInteger();
    private final Map<String, AtomicInteger> uploadsByFilename = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> downloadsByUuid = new ConcurrentHashMap<>();
    private volatile int ratePerSecond = DEFAULT_RATE_PER_SECOND;

    SandboxChatfiles(EasemobSandbox sandbox, SandboxApp app) {
        this.sandbox = sandbox;
        this.app = app;
    }

    // ---- seeding and observations (tests)

    /** Stores a file as an upload would; restricted files get a share-secret. */
    public StoredFile put(byte[] content, String filename, boolean restricted) {
        try {
            Path p = Files.createTempFile(sandbox.tempDir(), "chatfile-", ".bin");
            Files.write(p, content);
            return store(p, content.length, filename, restricted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores a file under the uuid and share-secret a history record already names (the demo's generated media):
     * a non-empty secret makes it restricted.
     */
    public StoredFile seed(String uuid, byte[] content, String filename, String secret) {
        try {
            Path p = Files.createTempFile(sandbox.tempDir(), "chatfile-", ".bin");
            Files.write(p, content);
            StoredFile f = new StoredFile(uuid, p, secret == null || secret.isEmpty() ? null : secret, filename,
                    content.length);
            files.put(uuid, f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on the file answers 404 file_expired. */
    public SandboxChatfiles expire(String uuid) {
        expired.add(uuid);
        return this;
    }

    public SandboxChatfiles ratePerSecond(int limit) {
        this.ratePerSecond = limit;
        return this;
    }

    /** The url a message carries for a stored file: {base}/{org}/{app}/chatfiles/{uuid}. */
    public String url(String uuid) {
        return uri() + "/" + uuid;
    }

    public StoredFile file(String uuid) {
        return files.get(uuid);
    }

    /** Every stored file (seeded or uploaded). */
    public List<StoredFile> files() {
        return List.copyOf(files.values());
    }

    /** Uploads accepted (200). */
    public int uploads() {
        return uploads.get();
    }

    /** Uploads accepted with this part filename. */
    public int uploads(String filename) {
        AtomicInteger n = uploadsByFilename.get(filename);
        return n == null ? 0 : n.get();
    }

    /** Download requests for this uuid, whatever their answer. */
    public int downloads(String uuid) {
        AtomicInteger n = downloadsByUuid.get(uuid);
        return n == null ? 0 : n.get();
    }

    public int downloadRequests() {
        return downloadArrivals.size();
    }

    public int uploadRequests() {
        return uploadArrivals.size();
    }

    void reset() {
        uploadArrivals.clear();
        downloadArrivals.clear();
        uploads.set(0);
        uploadsByFilename.clear();
        downloadsByUuid.clear();
    }

    // ---- HTTP

    Resp upload(HttpExchange ex, Resp auth) throws IOException {
        Resp early = gate(ex, "POST", uploadArrivals, auth);
        if (early != null) {
            drain(ex.getRequestBody());
            return early;
        }
        String boundary = MultipartReader.boundary(ex.getRequestHeaders().getFirst("Content-Type"));
        if (boundary == null) {
            drain(ex.getRequestBody());
            return Errors.illegalArgument("file must be provided.");
        }
        Path tmp = Files.createTempFile(sandbox.tempDir(), "upload-", ".bin");
        FilePart part = FilePart.copy(new MultipartReader(ex.getRequestBody(), boundary), tmp, MAX_BYTES);
        drain(ex.getRequestBody());
        if (part == null) {
            Files.deleteIfExists(tmp);
            return Errors.illegalArgument("file must be provided.");
        }
        if (part.size() > MAX_BYTES) {
            Files.deleteIfExists(tmp);
            return Resp.error(413, "file exceeding maximum limit", "FileExceedingMaximumLimitException",
                    "the file size exceeds the maximum limit.");
        }
        // presence, not value, restricts the file (old servers; attachments.md §1)
        boolean restricted = ex.getRequestHeaders().containsKey("restrict-access");
        StoredFile f = store(tmp, part.size(), part.filename(), restricted);
        uploads.incrementAndGet();
        uploadsByFilename.computeIfAbsent(f.filename(), k -> new AtomicInteger()).incrementAndGet();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("action", "post");
        o.put("application", app.applicationUuid());
        o.put("path", "/chatfiles");
        o.put("uri", uri());
        ObjectNode e = o.putArray("entities").addObject();
        e.put("uuid", f.uuid());
        e.put("type", "chatfile");
        e.put("share-secret", f.secret() != null ? f.secret() : newSecret());
        o.put("timestamp", System.currentTimeMillis());
        o.put("duration", 0);
        o.put("organization", app.org());
        o.put("applicationName", app.app());
        return Resp.json(200, o);
    }

    /** Streams the file; null when the answer was streamed. */
    Resp download(HttpExchange ex, String uuid, Resp auth) throws IOException {
        downloadsByUuid.computeIfAbsent(uuid, k -> new AtomicInteger()).incrementAndGet();
        Resp early = gate(ex, "GET", downloadArrivals, auth);
        if (early != null) {
            return early;
        }
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept == null || !accept.contains("application/octet-stream")) {
            return Resp.error(406, "web_application", "javax.ws.rs.NotAcceptableException",
                    "HTTP 406 Not Acceptable: send Accept: application/octet-stream");
        }
        StoredFile f = files.get(uuid);
        if (f == null) {
            return Resp.error(404, "entity_not_found", "EntityNotFoundException", "file may not exists");
        }
        if (expired.contains(uuid)) {
            return Resp.error(404, "file_expired", "FileExpiredException", "file " + uuid + " is expired");
        }
        if (f.secret() != null && !f.secret().equals(ex.getRequestHeaders().getFirst("share-secret"))) {
            return Resp.error(403, "forbidden_op", "ForbiddenOpException",
                    "file " + uuid + " is restricted: a valid share-secret header is required");
        }
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, f.bytes() == 0 ? -1 : f.bytes());
        try (InputStream in = Files.newInputStream(f.path()); OutputStream out = ex.getResponseBody()) {
            in.transferTo(out);
        } catch (IOException gone) {
            // the client went away
        }
        return null;
    }

    /** Method, rate, faults, token; null when the call may go on. */
    private Resp gate(HttpExchange ex, String method, ArrivalLog arrivals, Resp auth) {
        if (!method.equals(ex.getRequestMethod())) {
            return Errors.methodNotAllowed();
        }
        SandboxFaults faults = sandbox.faults();
        if (faults.rollDrop()) {
            return Resp.DROP;
        }
        faults.sleepLatency();
        if (arrivals.arrive(WINDOW_NANOS).inWindow() > ratePerSecond) {
            return Errors.reachLimit();
        }
        if (faults.roll503()) {
            return Errors.serviceUnavailable();
        }
        if (faults.roll429()) {
            return Errors.reachLimit();
        }
        return auth;
    }

    private StoredFile store(Path p, long size, String filename, boolean restricted) {
        StoredFile f = new StoredFile(UUID.randomUUID().toString(), p, restricted ? newSecret() : null, filename, size);
        files.put(f.uuid(), f);
        return f;
    }

    private String uri() {
        return sandbox.baseUrl() + "/" + app.org() + "/" + app.app() + "/chatfiles";
    }

    private static String newSecret() {
        byte[] b = new byte[36];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b); // 48 characters, as in the docs' sample
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client went away
        }
    }
}
