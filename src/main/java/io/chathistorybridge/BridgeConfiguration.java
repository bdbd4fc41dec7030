package io.chathistorybridge;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiFailureRecorder;
import io.chathistorybridge.attachments.AttachmentCopier;
import io.chathistorybridge.attachments.AttachmentCopy;
import io.chathistorybridge.attachments.AttachmentCounts;
import io.chathistorybridge.attachments.AttachmentFinder;
import io.chathistorybridge.attachments.AttachmentMode;
import io.chathistorybridge.attachments.ChatfileApi;
import io.chathistorybridge.store.AttachmentCopies;
import io.chathistorybridge.imports.ConversationLanes;
import io.chathistorybridge.imports.DeadLetterEntry;
import io.chathistorybridge.imports.IdMaps;
import io.chathistorybridge.imports.ImportedBefore;
import io.chathistorybridge.imports.ImportFileStart;
import io.chathistorybridge.imports.ImportFinish;
import io.chathistorybridge.imports.ImportLineMapper;
import io.chathistorybridge.imports.ImportPacing;
import io.chathistorybridge.imports.ImportOrder;
import io.chathistorybridge.imports.ImportRecorder;
import io.chathistorybridge.imports.ImportRequests;
import io.chathistorybridge.imports.ImportRuns;
import io.chathistorybridge.imports.RememberImported;
import io.chathistorybridge.imports.UnreadableFile;
import io.chathistorybridge.ops.BridgeMetrics;
import io.chathistorybridge.cluster.BridgeRole;
import io.chathistorybridge.cluster.ClusterServices;
import io.chathistorybridge.store.ImportedMessages;
import java.util.Map;
import io.chathistorybridge.ops.BridgeStatus;
import io.chathistorybridge.reload.RouteReloads;
import io.chathistorybridge.api.ApiRetryPolicy;
import io.chathistorybridge.api.ApiRetryPreparer;
import io.chathistorybridge.export.HistoryAnswer;
import io.chathistorybridge.export.HourFileWriter;
import io.chathistorybridge.export.HourPlanner;
import io.chathistorybridge.export.HourRecorder;
import io.chathistorybridge.export.HourStates;
import io.chathistorybridge.export.Hours;
import io.chathistorybridge.export.NextDownload;
import io.chathistorybridge.export.ReexportRequest;
import io.chathistorybridge.pace.Pacer;
import io.chathistorybridge.store.StoreDataSource;
import io.chathistorybridge.ops.UntimedRoutes;
import io.chathistorybridge.token.AppToken;
import javax.sql.DataSource;
import java.nio.file.Path;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.spi.RoutePolicy;

/** Every bean the routes use, bound from the settings in one place. */
public class BridgeConfiguration implements CamelConfiguration {

    /**
     * The store stops with the context, after the routes: a graceful stop moves its key journal to the table (a
     * registry bean is not stopped by itself); the database's pool closes after it. The per-message routes are left out of Camel's route metrics.
     */
    @Override
    public void configure(CamelContext camelContext) throws Exception {
        DataSource database = camelContext.getRegistry().lookupByNameAndType("bridgeDataSource", DataSource.class);
        if (database != null) {
            camelContext.addService(StoreDataSource.closer(database), true, true);
        }
        ImportedMessages store = camelContext.getRegistry().lookupByNameAndType("importedMessages",
                ImportedMessages.class);
        if (store != null) {
            camelContext.addService(store, true, false);
        }
        // added before the routes start: the leader's route policy finds it among the context's services
        CamelClusterService cluster = ClusterServices.create(camelContext.getPropertiesComponent());
        if (cluster != null) {
            camelContext.addService(cluster, true, false);
        }
        UntimedRoutes.leaveOut(camelContext,
                camelContext.resolvePropertyPlaceholders("{{bridge.metrics.untimed-routes:}}"));
    }

    /** Leader or standby: the export triggers and the inbox run on the leader only (bridge.cluster.service). */
    @BindToRegistry
    public BridgeRole bridgeRole(@PropertyInject(value = "bridge.cluster.service", defaultValue = "none") String service)
            throws Exception {
        return BridgeRole.of(!"none".equals(service.trim()));
    }

    /** The route policy of the leader's routes (routePolicy: bridgeLeader). */
    @BindToRegistry
    public RoutePolicy bridgeLeader(BridgeRole bridgeRole) {
        return bridgeRole.policy();
    }

    /** One JSON mapper for the whole bridge (Camel's json data format picks it up too). */
    /** Who may read the status page and /observe/bridge (basic auth beyond loopback). */
    @BindToRegistry
    public io.chathistorybridge.ops.ManagementAccess managementAccess(
            @PropertyInject(value = "bridge.management.host", defaultValue = "127.0.0.1") String host,
            @PropertyInject(value = "bridge.management.user", defaultValue = "bridge") String user,
            @PropertyInject(value = "bridge.management.password", defaultValue = "") String password,
            @PropertyInject(value = "bridge.management.open", defaultValue = "false") boolean open) {
        return new io.chathistorybridge.ops.ManagementAccess(host, user, password, open);
    }

    /** The last 429 / 5xx / 401 of the API, for the status page. */
    @BindToRegistry
    public io.chathistorybridge.ops.ApiHealth apiHealth() {
        return new io.chathistorybridge.ops.ApiHealth();
    }

    /** The import rate of the last 10 minutes, for the status page's sparkline. */
    @BindToRegistry
    public io.chathistorybridge.ops.ImportRateHistory importRateHistory() {
        return new io.chathistorybridge.ops.ImportRateHistory();
    }

    /** reports/summary.json once a backlog is caught up. */
    @BindToRegistry
    public io.chathistorybridge.ops.BacklogSummary backlogSummary(
            @PropertyInject("bridge.data-dir") String dataDir,
            @PropertyInject(value = "bridge.export.time-zone", defaultValue = "UTC") String zone,
            @PropertyInject(value = "bridge.export.backfill-hours", defaultValue = "48") int backfillHours,
            @PropertyInject(value = "bridge.export.settle-minutes", defaultValue = "10") int settleMinutes,
            ObjectMapper jsonMapper) {
        return new io.chathistorybridge.ops.BacklogSummary(Path.of(dataDir, "reports"),
                new io.chathistorybridge.export.Hours(java.time.ZoneId.of(zone)), backfillHours,
                Duration.ofMinutes(settleMinutes), jsonMapper);
    }

    /** The status page served at / and /observe/ui. */
    @BindToRegistry
    public io.chathistorybridge.ops.StatusPage statusPage() {
        return new io.chathistorybridge.ops.StatusPage();
    }

    @BindToRegistry
    public ObjectMapper jsonMapper() {
        return new ObjectMapper();
    }

    /** HTTP client for token requests (the routes' own calls go through camel-http). */
    @BindToRegistry
    public HttpClient tokenHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
    }

    /** App token of the source app, shared by every route that calls it. */
    @BindToRegistry
    public AppToken sourceToken(@PropertyInject("bridge.source.base-url") String baseUrl,
                                @PropertyInject(value = "bridge.source.org", defaultValue = "") String org,
                                @PropertyInject(value = "bridge.source.app", defaultValue = "") String app,
                                @PropertyInject(value = "bridge.source.client-id", defaultValue = "") String clientId,
                                @PropertyInject(value = "bridge.source.client-secret", defaultValue = "") String secret,
                                @PropertyInject(value = "bridge.token.min-interval-seconds", defaultValue = "10") int minInterval,
                                HttpClient tokenHttpClient, ObjectMapper jsonMapper) {
        return new AppToken(baseUrl, org, app, clientId, secret, Duration.ofSeconds(minInterval),
                tokenHttpClient, jsonMapper, Clock.systemUTC());
    }

    /** App token of the target app, shared by every route that calls it. */
    @BindToRegistry
    public AppToken targetToken(@PropertyInject("bridge.target.base-url") String baseUrl,
                                @PropertyInject(value = "bridge.target.org", defaultValue = "") String org,
                                @PropertyInject(value = "bridge.target.app", defaultValue = "") String app,
                                @PropertyInject(value = "bridge.target.client-id", defaultValue = "") String clientId,
                                @PropertyInject(value = "bridge.target.client-secret", defaultValue = "") String secret,
                                @PropertyInject(value = "bridge.token.min-interval-seconds", defaultValue = "10") int minInterval,
                                HttpClient tokenHttpClient, ObjectMapper jsonMapper) {
        return new AppToken(baseUrl, org, app, clientId, secret, Duration.ofSeconds(minInterval),
                tokenHttpClient, jsonMapper, Clock.systemUTC());
    }

    /** The bridge's database (imported-message store, hour states): H2 under the data dir unless a JDBC URL is set. */
    private DataSource bridgeDataSource;

    /** Created once: Camel calls a bean method again to resolve another bean's parameter, and a pool must be one. */
    @BindToRegistry
    public synchronized DataSource bridgeDataSource(@PropertyInject(value = "bridge.store.jdbc-url", defaultValue = "") String url,
                                       @PropertyInject(value = "bridge.store.user", defaultValue = "sa") String user,
                                       @PropertyInject(value = "bridge.store.password", defaultValue = "") String password,
                                       @PropertyInject("bridge.data-dir") String dataDir) {
        if (bridgeDataSource == null) {
            bridgeDataSource = StoreDataSource.create(url, user, password, Path.of(dataDir));
        }
        return bridgeDataSource;
    }

    /** Decides which failed API calls are retried (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiRetryPolicy apiRetryPolicy(
            @PropertyInject(value = "bridge.import.max-attempts", defaultValue = "12") int maxAttempts) {
        return new ApiRetryPolicy(maxAttempts);
    }

    /** Re-paces and re-tokens a call before it is retried (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiRetryPreparer apiRetryPreparer() {
        return new ApiRetryPreparer();
    }

    /** Records the classified failure once retries are over (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiFailureRecorder apiFailureRecorder() {
        return new ApiFailureRecorder();
    }

    // ---- export

    /** History hours in the cluster's time zone. */
    @BindToRegistry
    public Hours exportHours(@PropertyInject(value = "bridge.export.time-zone", defaultValue = "Asia/Shanghai") String zone) {
        return new Hours(ZoneId.of(zone.trim()));
    }

    /** Hour states of the export (done, empty, pending, expired) in the bridge database. */
    @BindToRegistry
    public HourStates hourStates(DataSource bridgeDataSource) {
        return new HourStates(bridgeDataSource);
    }

    /** Paces the history calls: the API allows 10 a minute per app. */
    @BindToRegistry
    public Pacer historyPacer(@PropertyInject(value = "bridge.export.requests-per-minute", defaultValue = "6") double perMinute) {
        return new Pacer("history", perMinute, 60_000, 1_000, 300_000);
    }

    /** Which hours an export run asks for. */
    @BindToRegistry
    public HourPlanner hourPlanner(Hours exportHours, HourStates hourStates,
                                   @PropertyInject(value = "bridge.export.settle-minutes", defaultValue = "60") int settleMinutes,
                                   @PropertyInject(value = "bridge.export.backfill-hours", defaultValue = "72") int backfillHours,
                                   @PropertyInject(value = "bridge.export.start-hour", defaultValue = "") String startHour) {
        return new HourPlanner(exportHours, hourStates, Duration.ofMinutes(settleMinutes), backfillHours, startHour,
                Clock.systemUTC());
    }

    /** Classifies the answer of GET chatmessages/{hour}. */
    @BindToRegistry
    public HistoryAnswer historyAnswer(ObjectMapper jsonMapper) {
        return new HistoryAnswer(jsonMapper);
    }

    /** Picks the hour's next download URL and names its raw file. */
    @BindToRegistry
    public NextDownload nextDownload(@PropertyInject("bridge.data-dir") String dataDir) {
        return new NextDownload(Path.of(dataDir, "export", "raw"));
    }

    /** Writes an hour's NDJSON file from its downloaded history files. */
    @BindToRegistry
    public HourFileWriter hourFileWriter(@PropertyInject("bridge.export.output-dir") String outputDir,
                                         @PropertyInject("bridge.data-dir") String dataDir,
                                         @PropertyInject(value = "bridge.export.keep-raw", defaultValue = "true") boolean keepRaw,
                                         ObjectMapper jsonMapper) {
        return new HourFileWriter(Path.of(outputDir).toAbsolutePath(), Path.of(dataDir, "export", "rejects"), keepRaw,
                jsonMapper);
    }

    /** Stores each hour's outcome and words its log line. */
    @BindToRegistry
    public HourRecorder hourRecorder(Hours exportHours, HourStates hourStates,
                                     @PropertyInject(value = "bridge.export.give-up-hours", defaultValue = "72") int giveUpHours) {
        return new HourRecorder(exportHours, hourStates, Duration.ofHours(giveUpHours), Clock.systemUTC());
    }

    /** Re-export request files: the hours they name become pending again. */
    @BindToRegistry
    public ReexportRequest reexportRequest(Hours exportHours, HourStates hourStates) {
        return new ReexportRequest(exportHours, hourStates);
    }

    // ---- import

    /** The one store of imported msg_ids: the lookup and the remembering below share its group commit. */
    private ImportedMessages importedMessages;

    /** Source msg_ids already imported into the target app (exactly once across restarts and re-drops). */
    @BindToRegistry
    public synchronized ImportedMessages importedMessages(DataSource bridgeDataSource,
                                             @PropertyInject(value = "bridge.target.org", defaultValue = "") String org,
                                             @PropertyInject(value = "bridge.target.app", defaultValue = "") String app,
                                             @PropertyInject("bridge.data-dir") String dataDir) {
        if (importedMessages == null) {
            // the embedded store's journal of keys not yet in the table stays local, next to the H2 file; the shared
            // store (PostgreSQL) has none: its keys go straight to the table, where every bridge sees them
            importedMessages = new ImportedMessages(bridgeDataSource, org + "#" + app,
                    StoreDataSource.shared(bridgeDataSource) ? null
                            : Path.of(dataDir).resolve("state").resolve("imported-keys"));
        }
        return importedMessages;
    }

    /** Whether a message was imported before (a lookup in the store). */
    @BindToRegistry
    public ImportedBefore importedBefore(DataSource bridgeDataSource,
                                         @PropertyInject(value = "bridge.target.org", defaultValue = "") String org,
                                         @PropertyInject(value = "bridge.target.app", defaultValue = "") String app,
                                         @PropertyInject("bridge.data-dir") String dataDir) {
        return new ImportedBefore(importedMessages(bridgeDataSource, org, app, dataDir));
    }

    /** Remembers an imported message in the store (group commit); its conversation goes on once it is on disk. */
    @BindToRegistry
    public RememberImported rememberImported(DataSource bridgeDataSource,
                                             @PropertyInject(value = "bridge.target.org", defaultValue = "") String org,
                                             @PropertyInject(value = "bridge.target.app", defaultValue = "") String app,
                                             @PropertyInject("bridge.data-dir") String dataDir) {
        return new RememberImported(importedMessages(bridgeDataSource, org, app, dataDir));
    }

    /** The file being imported and totals (progress lines, status, metrics). */
    @BindToRegistry
    public ImportRuns importRuns(@PropertyInject("bridge.data-dir") String dataDir,
                                 @PropertyInject(value = "bridge.import.inbox", defaultValue = "") String inbox,
                                 @PropertyInject(value = "bridge.import.dry-run", defaultValue = "false") boolean dryRun,
                                 @PropertyInject("bridge.import.in-progress-names") String inProgressNames) {
        return new ImportRuns(Path.of(dataDir, "reports"), Path.of(inbox), dryRun, inProgressNames);
    }

    /** Opens a picked-up file's run and picks its archive name. */
    @BindToRegistry
    public ImportFileStart importFileStart(ImportRuns importRuns, @PropertyInject("bridge.data-dir") String dataDir) {
        return new ImportFileStart(importRuns, Path.of(dataDir));
    }

    /** The ordering pass: every line indexed, handed on in import order. */
    @BindToRegistry
    public ImportOrder importOrder(ObjectMapper jsonMapper, @PropertyInject("bridge.data-dir") String dataDir) {
        return new ImportOrder(jsonMapper, Path.of(dataDir, "work"));
    }

    /** Sends a file that cannot be read to failed/ with the reason. */
    @BindToRegistry
    public UnreadableFile unreadableFile(@PropertyInject("bridge.data-dir") String dataDir, ImportRuns importRuns) {
        return new UnreadableFile(Path.of(dataDir, "failed"), importRuns);
    }

    /**
     * One conversation after another message by message, many conversations at once: per endpoint as many as its
     * pacer's observed round trips need (Pacer.concurrency), at most max-in-flight.
     */
    @BindToRegistry
    public ConversationLanes conversationLanes(
            @PropertyInject(value = "bridge.import.max-in-flight", defaultValue = "64") int maxInFlight,
            @BeanInject("usersImportPacer") Pacer users, @BeanInject("chatgroupsImportPacer") Pacer chatgroups) {
        // messages waiting in the lanes: 1,024 at the default ceiling, as with the fixed 16 before (the reader's memory)
        return new ConversationLanes("direct:import-message", maxInFlight, Math.max(1000, maxInFlight * 16),
                () -> users.concurrency(maxInFlight), () -> chatgroups.concurrency(maxInFlight));
    }

    /** History record (or import-shape line) to import request. */
    @BindToRegistry
    public ImportLineMapper importLineMapper(ObjectMapper jsonMapper,
            @PropertyInject(value = "bridge.import.user-map", defaultValue = "") String userMap,
            @PropertyInject(value = "bridge.import.group-map", defaultValue = "") String groupMap,
            @PropertyInject(value = "bridge.import.is-ack-read", defaultValue = "") String isAckRead,
            AttachmentMode attachmentMode) {
        return new ImportLineMapper(new ImportRequests(jsonMapper, IdMaps.load(userMap, groupMap),
                attachmentMode.needDownload(),
                isAckRead.isBlank() ? null : Boolean.valueOf(isAckRead.trim())));
    }

    // ---- attachments

    private AttachmentMode attachmentMode;

    /** bridge.import.attachments (copy, link, server); the old bridge.import.need-download still decides when set. */
    @BindToRegistry
    public synchronized AttachmentMode attachmentMode(
            @PropertyInject(value = "bridge.import.attachments", defaultValue = "copy") String attachments,
            CamelContext camelContext) {
        if (attachmentMode == null) {
            // an empty default is no default for @PropertyInject: the old key is looked up, it is usually unset
            String needDownload = camelContext.getPropertiesComponent()
                    .resolveProperty(AttachmentMode.LEGACY_KEY).orElse("");
            attachmentMode = AttachmentMode.resolve(attachments, needDownload);
            String deprecation = AttachmentMode.deprecation(needDownload, attachmentMode);
            if (deprecation != null) {
                org.slf4j.LoggerFactory.getLogger(AttachmentMode.class).warn(deprecation);
            }
        }
        return attachmentMode;
    }

    /** Paces downloads from the source app (documented limit: 100/s per App Key). */
    @BindToRegistry
    public Pacer chatfileDownloadPacer(
            @PropertyInject(value = "bridge.attachments.rate-per-second", defaultValue = "100") double rate,
            @PropertyInject(value = "bridge.import.pace-margin-ms", defaultValue = "15") long margin,
            @PropertyInject(value = "bridge.import.one-way-ms", defaultValue = "5") long oneWay) {
        return Pacer.perSecond("chatfiles-download", rate, margin, oneWay);
    }

    /** Paces uploads into the target app (documented limit: 100/s per App Key). */
    @BindToRegistry
    public Pacer chatfileUploadPacer(
            @PropertyInject(value = "bridge.attachments.rate-per-second", defaultValue = "100") double rate,
            @PropertyInject(value = "bridge.import.pace-margin-ms", defaultValue = "15") long margin,
            @PropertyInject(value = "bridge.import.one-way-ms", defaultValue = "5") long oneWay) {
        return Pacer.perSecond("chatfiles-upload", rate, margin, oneWay);
    }

    /** Copies a message's source files into the target app before it is posted (bridge.import.attachments=copy). */
    @BindToRegistry
    public AttachmentCopy attachmentCopy(AttachmentMode attachmentMode, DataSource bridgeDataSource,
            ObjectMapper jsonMapper, @BeanInject("sourceToken") AppToken sourceToken,
            @BeanInject("targetToken") AppToken targetToken,
            @BeanInject("chatfileDownloadPacer") Pacer downloads, @BeanInject("chatfileUploadPacer") Pacer uploads,
            @PropertyInject("bridge.source.base-url") String sourceBase,
            @PropertyInject(value = "bridge.source.org", defaultValue = "") String sourceOrg,
            @PropertyInject(value = "bridge.source.app", defaultValue = "") String sourceApp,
            @PropertyInject("bridge.target.base-url") String targetBase,
            @PropertyInject(value = "bridge.target.org", defaultValue = "") String targetOrg,
            @PropertyInject(value = "bridge.target.app", defaultValue = "") String targetApp,
            @PropertyInject(value = "bridge.import.max-attempts", defaultValue = "12") int maxAttempts,
            @PropertyInject(value = "bridge.api.retry-delay-ms", defaultValue = "500") long retryDelayMs,
            @PropertyInject(value = "bridge.api.max-retry-delay-ms", defaultValue = "30000") long maxRetryDelayMs,
            @PropertyInject(value = "camel.component.http.so-timeout", defaultValue = "60000") long timeoutMs,
            @PropertyInject(value = "camel.component.http.connect-timeout", defaultValue = "15000") long connectMs,
            @PropertyInject("bridge.data-dir") String dataDir) {
        // its own client (not a registry bean: tokenHttpClient is the one HttpClient there), HTTP/1.1 as the API speaks
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(connectMs)).build();
        ChatfileApi api = new ChatfileApi(http, jsonMapper,
                stripSlash(sourceBase) + "/" + sourceOrg + "/" + sourceApp + "/chatfiles",
                stripSlash(targetBase) + "/" + targetOrg + "/" + targetApp + "/chatfiles",
                sourceToken, targetToken, downloads, uploads, Duration.ofMillis(timeoutMs));
        AttachmentCopies copies = new AttachmentCopies(bridgeDataSource, targetOrg + "#" + targetApp,
                sourceOrg + "#" + sourceApp);
        AttachmentCopier copier = new AttachmentCopier(api, copies, Path.of(dataDir, "tmp-attachments"), maxAttempts,
                retryDelayMs, maxRetryDelayMs);
        return new AttachmentCopy(attachmentMode, new AttachmentFinder(sourceOrg, sourceApp), copier, jsonMapper,
                attachmentCounts);
    }

    /** Attachment totals since start (metrics). */
    @BindToRegistry
    public AttachmentCounts attachmentCounts() {
        return attachmentCounts;
    }

    private final AttachmentCounts attachmentCounts = new AttachmentCounts();

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Paces 1:1 imports: each import endpoint has its own limit. */
    @BindToRegistry
    public Pacer usersImportPacer(
            @PropertyInject(value = "bridge.import.rate-per-second", defaultValue = "100") double rate,
            @PropertyInject(value = "bridge.import.pace-margin-ms", defaultValue = "15") long margin,
            @PropertyInject(value = "bridge.import.one-way-ms", defaultValue = "5") long oneWay) {
        return Pacer.perSecond("users-import", rate, margin, oneWay);
    }

    /** Paces group imports. */
    @BindToRegistry
    public Pacer chatgroupsImportPacer(
            @PropertyInject(value = "bridge.import.rate-per-second", defaultValue = "100") double rate,
            @PropertyInject(value = "bridge.import.pace-margin-ms", defaultValue = "15") long margin,
            @PropertyInject(value = "bridge.import.one-way-ms", defaultValue = "5") long oneWay) {
        return Pacer.perSecond("chatgroups-import", rate, margin, oneWay);
    }

    /** Paces each import call inside the HTTP client (the import-post route's httpClientConfigurer). */
    @BindToRegistry
    public ImportPacing importPacing(@BeanInject("usersImportPacer") Pacer users,
                                     @BeanInject("chatgroupsImportPacer") Pacer chatgroups) {
        return new ImportPacing(Map.of("users", users, "chatgroups", chatgroups));
    }

    /** Counts what became of each message. */
    @BindToRegistry
    public ImportRecorder importRecorder(ObjectMapper jsonMapper, BridgeMetrics bridgeMetrics,
                                         @PropertyInject("bridge.data-dir") String dataDir) {
        return new ImportRecorder(jsonMapper, bridgeMetrics, Path.of(dataDir));
    }

    /** The dead-letter line of a failed or invalid message. */
    @BindToRegistry
    public DeadLetterEntry deadLetterEntry(ObjectMapper jsonMapper, BridgeMetrics bridgeMetrics) {
        return new DeadLetterEntry(jsonMapper, bridgeMetrics);
    }

    /** Closes a file's run: its report, or "stopped, continue later". */
    @BindToRegistry
    public ImportFinish importFinish(ImportRuns importRuns) {
        return new ImportFinish(importRuns);
    }

    // ---- operations

    /** The bridge's counters and gauges at /observe/metrics. */
    @BindToRegistry
    public BridgeMetrics bridgeMetrics() {
        return new BridgeMetrics();
    }

    /** The last route reload (bridge.routes-reload), and whether routes are being swapped right now. */
    @BindToRegistry
    public RouteReloads routeReloads() {
        return new RouteReloads();
    }

    /** The JSON behind /observe/bridge. */
    @BindToRegistry
    public BridgeStatus bridgeStatus(
            @PropertyInject(value = "bridge.export.time-zone", defaultValue = "UTC") String zone,
            @PropertyInject(value = "bridge.export.backfill-hours", defaultValue = "48") int backfillHours,
            @PropertyInject(value = "bridge.api.max-retry-delay-ms", defaultValue = "300000") long retryDelayMs) {
        return new BridgeStatus(java.time.ZoneId.of(zone), backfillHours, retryDelayMs);
    }
}
