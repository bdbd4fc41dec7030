package io.chathistorybridge.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * An embedded Easemob (Agora Chat) REST simulator: a real HTTP server on 127.0.0.1 that speaks the token,
 * history-file and message-import APIs as documented (see /work/shared/research/easemob-api.md), serves the
 * signed history download URLs, injects faults on demand and records what it accepted.
 *
 * <pre>
 * POST /{org}/{app}/token
 * GET  /{org}/{app}/chatmessages/{yyyyMMddHH}
 * POST /{org}/{app}/messages/users/import
 * POST /{org}/{app}/messages/chatgroups/import
 * POST /{org}/{app}/chatfiles          GET /{org}/{app}/chatfiles/{uuid}   (see SandboxChatfiles)
 * PUT /{org}/{app}/users/{username}/chatfiles/lifetime                    (see SandboxFileLifetime)
 * GET  /history/3D/{org}/{app}/{yyyyMMddHH}.gz?Expires=…&amp;OSSAccessKeyId=sandbox&amp;Signature=…   (no auth)
 * GET  /_sandbox/stats  GET /_sandbox/imports?app=org%23app  GET|POST /_sandbox/faults
 * POST /_sandbox/reset  POST /_sandbox/revoke-tokens[?app=org%23app]
 * </pre>
 */
public final class EasemobSandbox implements AutoCloseable {
    static {
        // Without TCP_NODELAY the JDK server's separate header/body writes meet delayed ACKs (~40 ms per call).
        // Only effective if no HttpServer was created in this JVM before.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final System.Logger LOG = System.getLogger(EasemobSandbox.class.getName());
    private static final AtomicLong MSG_IDS = new AtomicLong(System.currentTimeMillis() << 20);

    private final HttpServer server;
    private final ExecutorService executor;
    private final int port;
    private final String baseUrl;
    private final Map<String, SandboxApp> apps = new ConcurrentHashMap<>();
    private final SandboxFaults faults = new SandboxFaults();
    private final Path tempDir;
    private final long wallAnchorMs;
    private final long nanoAnchor;
    private final SandboxAdmin admin;
    private final SandboxOss oss;
    private volatile boolean closed;

    private EasemobSandbox(int requestedPort) throws IOException {
        this.wallAnchorMs = System.currentTimeMillis();
        this.nanoAnchor = System.nanoTime();
        this.tempDir = Files.createTempDirectory("easemob-sandbox-");
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "easemob-sandbox-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), requestedPort), 1024);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        this.port = server.getAddress().getPort();
        this.baseUrl = "http://127.0.0.1:" + port;
        this.admin = new SandboxAdmin(this);
        this.oss = new SandboxOss(this, baseUrl);
    }

    /** Starts a sandbox on 127.0.0.1:{port}; 0 picks a free port. */
    public static EasemobSandbox start(int port) {
        try {
            return new EasemobSandbox(port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Easemob sandbox on port " + port, e);
        }
    }

    /** "http://127.0.0.1:&lt;port&gt;", no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return port;
    }

    /** Adds an app (appkey org#app) with its client credentials. */
    public SandboxApp addApp(String org, String app, String clientId, String clientSecret) {
        SandboxApp a = new SandboxApp(this, org, app, clientId, clientSecret);
        if (apps.putIfAbsent(org + "#" + app, a) != null) {
            throw new IllegalStateException("app already exists: " + org + "#" + app);
        }
        return a;
    }

    /** The app, or IllegalArgumentException if it was never added. */
    public SandboxApp app(String org, String app) {
        SandboxApp a = apps.get(org + "#" + app);
        if (a == null) {
            throw new IllegalArgumentException("no such app: " + org + "#" + app);
        }
        return a;
    }

    SandboxApp findApp(String appKey) {
        return apps.get(appKey);
    }

    /** All apps, sorted by appkey. */
    public List<SandboxApp> apps() {
        List<SandboxApp> l = new ArrayList<>(apps.values());
        l.sort(Comparator.comparing(SandboxApp::appKey));
        return l;
    }

    public SandboxFaults faults() {
        return faults;
    }

    /** Folder holding generated / byte-array history files; deleted on close. */
    public Path tempDir() {
        return tempDir;
    }

    /** Resets every app's observations (see {@link SandboxApp#reset()}) and switches all faults off. */
    public void reset() {
        for (SandboxApp a : apps.values()) {
            a.reset();
        }
        faults.reset();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try (Stream<Path> s = Files.walk(tempDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    long nextMsgId() {
        return MSG_IDS.incrementAndGet();
    }

    Instant toInstant(long nanos) {
        return Instant.ofEpochMilli(wallAnchorMs).plusNanos(nanos - nanoAnchor);
    }

    long toEpochMillis(long nanos) {
        return wallAnchorMs + Math.floorDiv(nanos - nanoAnchor, 1_000_000L);
    }

    /** A signed download URL of an hour's history file, valid until {@code expiresEpochSec}. */
    String signedUrl(String org, String app, String hour, long expiresEpochSec) {
        return oss.signedUrl(org, app, hour, expiresEpochSec);
    }

    private void handle(HttpExchange ex) throws IOException {
        boolean drop = false;
        try {
            Resp r = route(ex);
            if (r != null && r.isDrop()) {
                drop = true;
            } else if (r != null) {
                r.send(ex);
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "sandbox handler failed for " + ex.getRequestURI(), t);
            if (ex.getResponseCode() == -1) {
                try {
                    Errors.internal(String.valueOf(t)).send(ex);
                } catch (IOException ignored) {
                    // connection is gone
                }
            }
        } finally {
            // For a drop no header was sent: closing the exchange closes the TCP connection with no answer at all.
            ex.close();
        }
        if (drop) {
            // Makes the JDK server also forget the (already closed) connection instead of keeping it registered.
            throw new IOException("sandbox fault: connection dropped without an answer");
        }
    }

    /** The answer to send, {@link Resp#DROP}, or null when the handler already streamed its answer. */
    private Resp route(HttpExchange ex) throws IOException {
        List<String> seg = SandboxUrls.segments(ex.getRequestURI().getRawPath());
        if (seg.size() >= 1 && seg.get(0).equals("_sandbox")) {
            return admin.handle(ex, seg);
        }
        if (seg.size() == 5 && seg.get(0).equals("history")) {
            return oss.download(ex, seg.get(2), seg.get(3), seg.get(4));
        }
        if (seg.size() >= 3) {
            String org = seg.get(0);
            String appName = seg.get(1);
            String rest = String.join("/", seg.subList(2, seg.size()));
            SandboxApp app = apps.get(org + "#" + appName);
            boolean known = rest.equals("token") || seg.size() == 4 && seg.get(2).equals("chatmessages")
                    || seg.size() == 5 && seg.get(2).equals("messages") && seg.get(4).equals("import")
                    && (seg.get(3).equals(SandboxApp.USERS_IMPORT) || seg.get(3).equals(SandboxApp.GROUPS_IMPORT))
                    || (seg.size() == 3 || seg.size() == 4) && seg.get(2).equals("chatfiles")
                    || seg.size() == 6 && seg.get(2).equals("users") && rest.endsWith("/chatfiles/lifetime");
            if (known && app == null) {
                return Errors.appNotFound(org, appName, rest);
            }
            if (known) {
                if (rest.equals("token")) {
                    return app.token(ex);
                }
                if (seg.get(2).equals("users")) {
                    return app.fileLifetime(ex);
                }
                if (seg.get(2).equals("chatfiles")) {
                    return seg.size() == 3 ? app.uploadChatfile(ex) : app.downloadChatfile(ex, seg.get(3));
                }
                if (seg.get(2).equals("chatmessages")) {
                    return app.history(ex, seg.get(3));
                }
                return app.importMessage(ex, seg.get(3));
            }
        }
        return Errors.resourceNotFound("Service resource not found: " + ex.getRequestURI().getPath());
    }

}
