package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One simulated Easemob app (appkey {@code org#app}) inside an {@link EasemobSandbox}: its settings, and the
 * token issuer, hourly history files, import endpoints and file storage it delegates to, with what they saw.
 *
 * <p>Order of checks on an app API call (history and import): connection drop fault, then the rate window
 * (every request that reaches this point counts, whatever it is answered later - like a gateway limiting
 * by appkey in front of the service), then the 429/503 faults, then the bearer token, then the request itself.
 */
public final class SandboxApp {
    public static final String USERS_IMPORT = "users";
    public static final String GROUPS_IMPORT = "chatgroups";

    public static final long DEFAULT_TOKEN_TTL_SECONDS = 7L * 24 * 3600;
    public static final Duration DEFAULT_URL_TTL = Duration.ofSeconds(1800);
    public static final int DEFAULT_HISTORY_CALLS_PER_MINUTE = 10;
    public static final int DEFAULT_IMPORT_RATE_PER_SECOND = 100;
    /** Largest accepted import request body, in bytes (5 KB). */
    public static final int MAX_IMPORT_BODY_BYTES = 5 * 1024;
    public static final Set<String> MESSAGE_TYPES = Set.of("txt", "img", "audio", "video", "file", "loc", "cmd", "custom");

    private final String org;
    private final String app;
    private final String clientId;
    private final String clientSecret;
    private final String uuid;

    private volatile long tokenTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS;
    private volatile Duration urlTtl = DEFAULT_URL_TTL;
    private volatile int historyCallsPerMinute = DEFAULT_HISTORY_CALLS_PER_MINUTE;
    private volatile int importRatePerSecond = DEFAULT_IMPORT_RATE_PER_SECOND;
    private volatile boolean requireGroups;
    private final Map<String, Long> groups = new ConcurrentHashMap<>();

    private final SandboxTokens tokens;
    private final SandboxHistory history;
    private final SandboxImports imports;
    private final SandboxChatfiles chatfiles;
    private final SandboxFileLifetime fileLifetime;

    SandboxApp(EasemobSandbox sandbox, String org, String app, String clientId, String clientSecret) {
        this.org = org;
        this.app = app;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.uuid = UUID.nameUUIDFromBytes((org + "#" + app).getBytes(StandardCharsets.UTF_8)).toString();
        this.tokens = new SandboxTokens(sandbox, this);
        this.history = new SandboxHistory(sandbox, this, tokens);
        this.imports = new SandboxImports(sandbox, this, tokens);
        this.chatfiles = new SandboxChatfiles(sandbox, this);
        this.fileLifetime = new SandboxFileLifetime(chatfiles);
    }

    /** The app's file storage (attachments: upload, download, observations). */
    public SandboxChatfiles chatfiles() {
        return chatfiles;
    }

    /** The app's retention API for its files (PUT users/{username}/chatfiles/lifetime). */
    public SandboxFileLifetime fileLifetime() {
        return fileLifetime;
    }

    Resp fileLifetime(HttpExchange ex) throws IOException {
        return fileLifetime.handle(ex, tokens.authenticate(ex));
    }

    Resp uploadChatfile(HttpExchange ex) throws IOException {
        return chatfiles.upload(ex, tokens.authenticate(ex));
    }

    Resp downloadChatfile(HttpExchange ex, String fileUuid) throws IOException {
        return chatfiles.download(ex, fileUuid, tokens.authenticate(ex));
    }

    public String org() {
        return org;
    }

    public String app() {
        return app;
    }

    /** "org#app". */
    public String appKey() {
        return org + "#" + app;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** The "application" UUID the API reports (stable per appkey). */
    public String applicationUuid() {
        return uuid;
    }

    /** Default token lifetime when the token request has no ttl; 0 = never expires. */
    public SandboxApp tokenTtlSeconds(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("ttl must be >= 0");
        }
        tokenTtlSeconds = seconds;
        return this;
    }

    public long tokenTtlSeconds() {
        return tokenTtlSeconds;
    }

    /** Lifetime of the signed download URLs (default 1800 s). Expires is whole seconds, rounded up. */
    public SandboxApp urlTtl(Duration ttl) {
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("urlTtl must be >= 0");
        }
        urlTtl = ttl;
        return this;
    }

    public Duration urlTtl() {
        return urlTtl;
    }

    public SandboxApp historyCallsPerMinute(int limit) {
        historyCallsPerMinute = limit;
        return this;
    }

    public int historyCallsPerMinute() {
        return historyCallsPerMinute;
    }

    /** Per endpoint: more than this many requests within any sliding 1000 ms are answered 429. */
    public SandboxApp importRatePerSecond(int limit) {
        importRatePerSecond = limit;
        return this;
    }

    public int importRatePerSecond() {
        return importRatePerSecond;
    }

    /** When on, group imports need a group made with {@link #createGroup} and a msg_timestamp later than its creation. */
    public SandboxApp requireGroups(boolean on) {
        requireGroups = on;
        return this;
    }

    public boolean requireGroups() {
        return requireGroups;
    }

    public SandboxApp createGroup(String groupId, long createdAtMs) {
        groups.put(groupId, createdAtMs);
        return this;
    }

    /** Creation time of a group made with {@link #createGroup}, or null. */
    Long groupCreatedAt(String groupId) {
        return groups.get(groupId);
    }

    /** Token requests received (any outcome). */
    public int tokenRequests() {
        return tokens.requests();
    }

    /** Every token issued so far stops working now (401 unauthorized); new ones work. */
    public void revokeTokens() {
        tokens.revoke();
    }

    Resp token(HttpExchange ex) throws IOException {
        return tokens.token(ex);
    }

    /** Serves this gzip file byte for byte for the hour (yyyyMMddHH). The file is not copied. */
    public Path putHistory(String hour, Path gzFile) {
        return history.put(hour, gzFile);
    }

    /** Serves these bytes for the hour (written to a file in the sandbox's temp folder). */
    public Path putHistory(String hour, byte[] gz) {
        return history.put(hour, gz);
    }

    /**
     * Streams a synthetic history file of {@code records} lines for the hour (interpreted in {@code zone}) into
     * the sandbox's temp folder, serves it for the hour and returns its path. Deterministic for a seed.
     */
    public Path generateHistory(String hour, ZoneId zone, int records, long seed) {
        return history.generate(hour, zone, records, seed);
    }

    /** The hour answers 400 "maybe chat message history is expired or unstored" (not generated yet, or expired). */
    public SandboxApp markUnstored(String hour) {
        history.markUnstored(hour);
        return this;
    }

    /** The hour has no file (no traffic): 404 storage_object_not_found, which is also the default for unknown hours. */
    public SandboxApp markEmpty(String hour) {
        history.markEmpty(hour);
        return this;
    }

    /** Wall-clock times of every GET chatmessages call that reached the rate window, oldest first. */
    public List<Instant> historyCallTimes() {
        return history.callTimes();
    }

    /** GET chatmessages calls answered 429 because of the per-minute limit or an injected fault. */
    public int history429() {
        return history.count429();
    }

    /** Downloads answered 200 (streaming started). */
    public int downloadCount() {
        return history.downloads();
    }

    Path historyFile(String hour) {
        return history.file(hour);
    }

    void countDownload() {
        history.countDownload();
    }

    Resp history(HttpExchange ex, String time) {
        return history.handle(ex, time);
    }

    Resp importMessage(HttpExchange ex, String endpointName) {
        return imports.handle(ex, endpointName);
    }

    /** Snapshot of every accepted import of both endpoints, in acceptance order. */
    public List<AcceptedImport> imports() {
        return imports.accepted();
    }

    /** Snapshot of the accepted imports of one endpoint, in acceptance order. */
    public List<AcceptedImport> imports(String endpoint) {
        return imports.accepted(endpoint);
    }

    /** What one import endpoint ({@link #USERS_IMPORT} or {@link #GROUPS_IMPORT}) saw. */
    public ImportEndpoint endpoint(String name) {
        return imports.endpoint(name);
    }

    /** Chronological-rule rejections of both endpoints. */
    public int orderViolations() {
        return imports.orderViolations();
    }

    /**
     * Forgets what was observed: imports, conversation order state, arrival logs, counters, history call times,
     * token request count, download count. Keeps settings, groups, history files and issued tokens.
     */
    public void reset() {
        imports.reset();
        history.reset();
        tokens.resetRequests();
        chatfiles.reset();
        fileLifetime.reset();
    }

    ObjectNode stats(Duration window) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("appKey", appKey());
        o.put("tokenRequests", tokenRequests());
        history.putStats(o);
        imports.putStats(o, window);
        return o;
    }
}
