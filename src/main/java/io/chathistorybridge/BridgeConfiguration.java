package io.chathistorybridge;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiFailureClassifier;
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
import io.chathistorybridge.imports.ImportAnswer;
import io.chathistorybridge.imports.ImportFinish;
import io.chathistorybridge.imports.ImportLineMapper;
import io.chathistorybridge.imports.ImportPacing;
import io.chathistorybridge.imports.ImportFileIndexer;
import io.chathistorybridge.imports.MessageOutcomes;
import io.chathistorybridge.imports.ImportRequestBuilder;
import io.chathistorybridge.imports.ImportRuns;
import io.chathistorybridge.imports.RememberImported;
import io.chathistorybridge.imports.UnreadableFile;
import io.chathistorybridge.ops.BridgeMetrics;
import io.chathistorybridge.cluster.BridgeRole;
import io.chathistorybridge.cluster.ClusterServices;
import io.chathistorybridge.config.SettingsCheck;
import io.chathistorybridge.config.SettingsException;
import io.chathistorybridge.store.ImportedMessages;
import java.util.List;
import io.chathistorybridge.ops.BridgeStatus;
import io.chathistorybridge.reload.RouteReloads;
import io.chathistorybridge.api.ApiRetryPolicy;
import io.chathistorybridge.api.ApiRetryPreparer;
import io.chathistorybridge.export.DownloadAnswer;
import io.chathistorybridge.export.HistoryAnswer;
import io.chathistorybridge.export.HourFailure;
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
        // its workers live as long as the context: a route reload holds and releases them, never restarts them
        ConversationLanes lanes = camelContext.getRegistry().lookupByNameAndType("conversationLanes",
                ConversationLanes.class);
        if (lanes != null) {
            camelContext.addService(lanes.lifecycle(), true, false);
        }
        // added before the routes start: the leader's route policy finds it among the context's services
        CamelClusterService cluster = ClusterServices.create(camelContext.getPropertiesComponent());
        if (cluster != null) {
            camelContext.addService(cluster, true, false);
        }
        UntimedRoutes.leaveOut(camelContext,
                camelContext.resolvePropertyPlaceholders("{{bridge.metrics.untimed-routes}}"));
    }

    /** Leader or standby: the export triggers and the inbox run on the leader only (bridge.cluster.service). */
    @BindToRegistry
    public BridgeRole bridgeRole(@PropertyInject("bridge.cluster.service") String service)
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
            @PropertyInject("bridge.management.host") String host,
            @PropertyInject("bridge.management.user") String user,
            @PropertyInject("bridge.management.password") String password,
            @PropertyInject("bridge.management.open") boolean open) {
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
            @PropertyInject("bridge.export.time-zone") String zone,
            @PropertyInject("bridge.export.backfill-hours") int backfillHours,
            @PropertyInject("bridge.export.settle-minutes") int settleMinutes,
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
    public AppToken sourceToken(CamelContext camelContext, HttpClient tokenHttpClient, ObjectMapper jsonMapper) {
        return appToken(camelContext, "source", tokenHttpClient, jsonMapper);
    }

    /** App token of the target app, shared by every route that calls it. */
    @BindToRegistry
    public AppToken targetToken(CamelContext camelContext, HttpClient tokenHttpClient, ObjectMapper jsonMapper) {
        return appToken(camelContext, "target", tokenHttpClient, jsonMapper);
    }

    /** The token of the app in bridge.{side}.*, asked for at most once per bridge.token.min-interval-seconds. */
    private static AppToken appToken(CamelContext camelContext, String side, HttpClient tokenHttpClient,
                                     ObjectMapper jsonMapper) {
        String app = "bridge." + side + ".";
        return new AppToken(setting(camelContext, app + "base-url"), setting(camelContext, app + "org"),
                setting(camelContext, app + "app"), setting(camelContext, app + "client-id"),
                setting(camelContext, app + "client-secret"),
                Duration.ofSeconds(Integer.parseInt(setting(camelContext, "bridge.token.min-interval-seconds").trim())),
                tokenHttpClient, jsonMapper, Clock.systemUTC());
    }

    /** A setting of a bean made by a shared factory: its default is in config/application.properties. */
    private static String setting(CamelContext camelContext, String key) {
        return camelContext.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new SettingsException(List.of(SettingsCheck.notSet(key))));
    }

    /** The bridge's database (imported-message store, hour states): H2 under the data dir unless a JDBC URL is set. */
    private DataSource bridgeDataSource;

    /** Created once: Camel calls a bean method again to resolve another bean's parameter, and a pool must be one. */
    @BindToRegistry
    public synchronized DataSource bridgeDataSource(@PropertyInject("bridge.store.jdbc-url") String url,
                                       @PropertyInject("bridge.store.user") String user,
                                       @PropertyInject("bridge.store.password") String password,
                                       @PropertyInject("bridge.data-dir") String dataDir) {
        if (bridgeDataSource == null) {
            bridgeDataSource = StoreDataSource.create(url, user, password, Path.of(dataDir));
        }
        return bridgeDataSource;
    }

    /** Decides which failed API calls are retried (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiRetryPolicy apiRetryPolicy() {
        return new ApiRetryPolicy();
    }

    /** Re-paces and re-tokens a call before it is retried (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiRetryPreparer apiRetryPreparer() {
        return new ApiRetryPreparer();
    }

    /** Records the classified failure once retries are over (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiFailureClassifier apiFailureClassifier() {
        return new ApiFailureClassifier();
    }

    // ---- export

    /** History hours in the cluster's time zone. */
    @BindToRegistry
    public Hours exportHours(@PropertyInject("bridge.export.time-zone") String zone) {
        return new Hours(ZoneId.of(zone.trim()));
    }

    /** Hour states of the export (done, empty, pending, expired) in the bridge database. */
    @BindToRegistry
    public HourStates hourStates(DataSource bridgeDataSource) {
        return new HourStates(bridgeDataSource);
    }

    /** Paces the history calls: the API allows 10 a minute per app. */
    @BindToRegistry
    public Pacer historyPacer(@PropertyInject("bridge.export.requests-per-minute") double perMinute) {
        return new Pacer("history", perMinute, 60_000, 1_000, 300_000);
    }

    /** Which hours an export run asks for. */
    @BindToRegistry
    public HourPlanner hourPlanner(Hours exportHours, HourStates hourStates,
                                   @PropertyInject("bridge.export.settle-minutes") int settleMinutes,
                                   @PropertyInject("bridge.export.backfill-hours") int backfillHours,
                                   @PropertyInject("bridge.export.start-hour") String startHour) {
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

    /** Classifies the answer of one download: the file, an expired URL (renewed while renewals are left), a failure. */
    @BindToRegistry
    public DownloadAnswer downloadAnswer(@PropertyInject("bridge.export.url-renewals") int urlRenewals) {
        return new DownloadAnswer(urlRenewals);
    }

    /** Fails the hour with the exception that ended its steps. */
    @BindToRegistry
    public HourFailure hourFailure() {
        return new HourFailure();
    }

    /** Writes an hour's NDJSON file from its downloaded history files. */
    @BindToRegistry
    public HourFileWriter hourFileWriter(@PropertyInject("bridge.export.output-dir") String outputDir,
                                         @PropertyInject("bridge.data-dir") String dataDir,
                                         @PropertyInject("bridge.export.keep-raw") boolean keepRaw,
                                         ObjectMapper jsonMapper) {
        return new HourFileWriter(Path.of(outputDir).toAbsolutePath(), Path.of(dataDir, "export", "rejects"), keepRaw,
                jsonMapper);
    }

    /** Stores each hour's outcome and words its log line. */
    @BindToRegistry
    public HourRecorder hourRecorder(Hours exportHours, HourStates hourStates,
                                     @PropertyInject("bridge.export.give-up-hours") int giveUpHours) {
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
                                             @PropertyInject("bridge.target.org") String org,
                                             @PropertyInject("bridge.target.app") String app,
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
                                         @PropertyInject("bridge.target.org") String org,
                                         @PropertyInject("bridge.target.app") String app,
                                         @PropertyInject("bridge.data-dir") String dataDir) {
        return new ImportedBefore(importedMessages(bridgeDataSource, org, app, dataDir));
    }

    /** Remembers an imported message in the store (group commit); its conversation goes on once it is on disk. */
    @BindToRegistry
    public RememberImported rememberImported(DataSource bridgeDataSource,
                                             @PropertyInject("bridge.target.org") String org,
                                             @PropertyInject("bridge.target.app") String app,
                                             @PropertyInject("bridge.data-dir") String dataDir) {
        return new RememberImported(importedMessages(bridgeDataSource, org, app, dataDir));
    }

    /** The file being imported and totals (progress lines, status, metrics). */
    @BindToRegistry
    public ImportRuns importRuns(@PropertyInject("bridge.data-dir") String dataDir,
                                 @PropertyInject("bridge.import.inbox") String inbox,
                                 @PropertyInject("bridge.import.dry-run") boolean dryRun,
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
    public ImportFileIndexer importFileIndexer(ObjectMapper jsonMapper, @PropertyInject("bridge.data-dir") String dataDir) {
        return new ImportFileIndexer(jsonMapper, Path.of(dataDir, "work"));
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
            @PropertyInject("bridge.import.max-in-flight") int maxInFlight,
            @BeanInject("usersImportPacer") Pacer users, @BeanInject("chatgroupsImportPacer") Pacer chatgroups) {
        // messages waiting in the lanes: 1,024 at the default ceiling, as with the fixed 16 before (the reader's memory)
        return new ConversationLanes(maxInFlight, Math.max(1000, maxInFlight * 16),
                () -> users.concurrency(maxInFlight), () -> chatgroups.concurrency(maxInFlight));
    }

    /** History record (or import-shape line) to import request. */
    @BindToRegistry
    public ImportLineMapper importLineMapper(ObjectMapper jsonMapper,
            @PropertyInject("bridge.import.user-map") String userMap,
            @PropertyInject("bridge.import.group-map") String groupMap,
            @PropertyInject("bridge.import.is-ack-read") String isAckRead,
            AttachmentMode attachmentMode) {
        return new ImportLineMapper(new ImportRequestBuilder(jsonMapper, IdMaps.load(userMap, groupMap),
                attachmentMode.needDownload(),
                isAckRead.isBlank() ? null : Boolean.valueOf(isAckRead.trim())));
    }

    // ---- attachments

    private AttachmentMode attachmentMode;

    /** bridge.import.attachments (copy, link, server); the old bridge.import.need-download still decides when set. */
    @BindToRegistry
    public synchronized AttachmentMode attachmentMode(
            @PropertyInject("bridge.import.attachments") String attachments,
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
    public Pacer chatfileDownloadPacer(CamelContext camelContext) {
        return pacer(camelContext, "chatfiles-download", "bridge.attachments.rate-per-second");
    }

    /** Paces uploads into the target app (documented limit: 100/s per App Key). */
    @BindToRegistry
    public Pacer chatfileUploadPacer(CamelContext camelContext) {
        return pacer(camelContext, "chatfiles-upload", "bridge.attachments.rate-per-second");
    }

    /** Copies a message's source files into the target app before it is posted (bridge.import.attachments=copy). */
    @BindToRegistry
    public AttachmentCopy attachmentCopy(AttachmentMode attachmentMode, DataSource bridgeDataSource,
            ObjectMapper jsonMapper, @BeanInject("sourceToken") AppToken sourceToken,
            @BeanInject("targetToken") AppToken targetToken,
            @BeanInject("chatfileDownloadPacer") Pacer downloads, @BeanInject("chatfileUploadPacer") Pacer uploads,
            @PropertyInject("bridge.source.base-url") String sourceBase,
            @PropertyInject("bridge.source.org") String sourceOrg,
            @PropertyInject("bridge.source.app") String sourceApp,
            @PropertyInject("bridge.target.base-url") String targetBase,
            @PropertyInject("bridge.target.org") String targetOrg,
            @PropertyInject("bridge.target.app") String targetApp,
            @PropertyInject("bridge.import.max-attempts") int maxAttempts,
            @PropertyInject("bridge.api.retry-delay-ms") long retryDelayMs,
            @PropertyInject("bridge.api.max-retry-delay-ms") long maxRetryDelayMs,
            @PropertyInject("camel.component.http.so-timeout") long timeoutMs,
            @PropertyInject("camel.component.http.connect-timeout") long connectMs,
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
    public Pacer usersImportPacer(CamelContext camelContext) {
        return importPacer(camelContext, "users");
    }

    /** Paces group imports. */
    @BindToRegistry
    public Pacer chatgroupsImportPacer(CamelContext camelContext) {
        return importPacer(camelContext, "chatgroups");
    }

    /** The pacer of one import endpoint: bridge.import.rate-per-second, pace-margin-ms and one-way-ms. */
    private static Pacer importPacer(CamelContext camelContext, String endpoint) {
        return pacer(camelContext, endpoint + "-import", "bridge.import.rate-per-second");
    }

    /** A per-second pacer with the import's margin and one-way time, its rate from {@code rateKey}. */
    private static Pacer pacer(CamelContext camelContext, String name, String rateKey) {
        return Pacer.perSecond(name, Double.parseDouble(setting(camelContext, rateKey).trim()),
                Long.parseLong(setting(camelContext, "bridge.import.pace-margin-ms").trim()),
                Long.parseLong(setting(camelContext, "bridge.import.one-way-ms").trim()));
    }

    /** Paces each users/import call inside the HTTP client (httpClientConfigurer of its endpoint in import-post). */
    @BindToRegistry
    public ImportPacing usersImportPacing(@BeanInject("usersImportPacer") Pacer pacer) {
        return new ImportPacing(pacer);
    }

    /** Paces each chatgroups/import call inside the HTTP client, as {@link #usersImportPacing}. */
    @BindToRegistry
    public ImportPacing chatgroupsImportPacing(@BeanInject("chatgroupsImportPacer") Pacer pacer) {
        return new ImportPacing(pacer);
    }

    /** Counts what became of each message. */
    @BindToRegistry
    public MessageOutcomes messageOutcomes(ObjectMapper jsonMapper, BridgeMetrics bridgeMetrics,
                                         @PropertyInject("bridge.data-dir") String dataDir) {
        return new MessageOutcomes(jsonMapper, bridgeMetrics, Path.of(dataDir));
    }

    /** The dead-letter line of a failed or invalid message. */
    @BindToRegistry
    public DeadLetterEntry deadLetterEntry(ObjectMapper jsonMapper, BridgeMetrics bridgeMetrics) {
        return new DeadLetterEntry(jsonMapper, bridgeMetrics);
    }

    /** What one import call came to: imported (with its new msg_id), landed before, retry later, refused. */
    @BindToRegistry
    public ImportAnswer importAnswer(ObjectMapper jsonMapper) {
        return new ImportAnswer(jsonMapper);
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
            @PropertyInject("bridge.export.time-zone") String zone,
            @PropertyInject("bridge.export.backfill-hours") int backfillHours,
            @PropertyInject("bridge.api.max-retry-delay-ms") long retryDelayMs) {
        return new BridgeStatus(java.time.ZoneId.of(zone), backfillHours, retryDelayMs);
    }
}
